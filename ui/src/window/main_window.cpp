#include "attnscope/ui/main_window.h"

#include <qcustomplot.h>
#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QUrl>

#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/export_controller.h"
#include "attnscope/ui/getting_started_dialog.h"
#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/parameter_panel.h"
#include "attnscope/ui/sweep_controller.h"
#include "charts/favor_error_chart.h"
#include "charts/roofline_chart.h"
#include "charts/stage_chart.h"
#include "charts/timing_chart.h"
#include "pages/compare_page.h"
#include "pages/heatmaps_page.h"
#include "pages/results_chart_page.h"
#include "pages/results_page.h"
#include "pages/timing_page.h"
#include "parameters/config_settings.h"
#include "window/session_status_bar.h"
#include "window/window_actions.h"
#include "window/window_settings.h"

namespace attnscope {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      session_(new ExperimentSession(this)),
      actions_(std::make_unique<WindowActions>(*this)) {
    setWindowTitle(tr("AttnScope"));
    resize(1280, 800);
    setAcceptDrops(true);  // a results or session file dropped on the window opens it
    exporter_ = new ExportController(*this);
    createDock();
    createPages();
    buildMenus(*this, *actions_, *session_, *parametersDock_);
    buildToolBar(*this, *actions_, *session_);
    buildStatusBar(*statusBar(), *session_, *heatmapView());
    connectSession();
    restoreSettings();
    session_->setParameters(panel_->config(), panel_->selectedMethods(), panel_->isValid());
}

MainWindow::~MainWindow() {
    // The pages hand work to the session's tracker: they go first, then the session with its jobs.
    delete takeCentralWidget();
    delete parametersDock_;
}

void MainWindow::createDock() {
    panel_ = new ParameterPanel;
    parametersDock_ = new QDockWidget(tr("Parameters"), this);
    parametersDock_->setObjectName(QStringLiteral("parametersDock"));
    parametersDock_->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    parametersDock_->setWidget(panel_);
    addDockWidget(Qt::LeftDockWidgetArea, parametersDock_);
    // Wider than the panel needs, so the sliders have room for fine steps.
    const int dockWidth = std::max(panel_->sizeHint().width(), fontMetrics().averageCharWidth() * 56);
    resizeDocks({parametersDock_}, {dockWidth}, Qt::Horizontal);
    parametersDock_->toggleViewAction()->setObjectName(QStringLiteral("toggleParametersAction"));
}

void MainWindow::createPages() {
    tabs_ = new QTabWidget;
    tabs_->setObjectName(QStringLiteral("centralTabs"));
    tabs_->setDocumentMode(true);
    for (const TabInfo& tab : tabTable()) {
        QWidget* page = nullptr;
        switch (tab.id) {
            case TabId::timing:
                page = new TimingPage(*session_);
                break;
            case TabId::heatmaps:
                page = new HeatmapsPage(*session_);
                break;
            case TabId::results:
                page = new ResultsPage(*session_);
                break;
            case TabId::breakdown:
                page = new ResultsChartPage<StageChart>(*session_, QStringLiteral("stageChart"));
                break;
            case TabId::roofline:
                page = new ResultsChartPage<RooflineChart>(*session_, QStringLiteral("rooflineChart"));
                break;
            case TabId::favor:
                page = new ResultsChartPage<FavorErrorChart>(*session_, QStringLiteral("favorErrorChart"));
                break;
            case TabId::compare:
                page = new ComparePage(*session_);
                break;
        }
        page->setObjectName(QLatin1String(tab.name) + QStringLiteral("Page"));
        tabs_->addTab(page, tabTitle(tab));
        tabs_->setTabToolTip(tabs_->count() - 1, tabToolTip(tab));
    }
    setCentralWidget(tabs_);
    for (ExportItem item :
         {ExportItem::timingPlot, ExportItem::lowerPlot, ExportItem::heatmaps, ExportItem::roofline}) {
        QCustomPlot* plot = plotFor(item);
        plot->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(plot, &QWidget::customContextMenuRequested, exporter_,
                [this, item](const QPoint& position) { exporter_->showPlotMenu(item, position); });
    }
}

void MainWindow::connectSession() {
    // The panel and the session follow each other: the panel's edits become the session's parameters, and
    // a shape that loaded inputs impose shows in the panel.
    connect(panel_, &ParameterPanel::configChanged, session_, [this] {
        session_->setParameters(panel_->config(), panel_->selectedMethods(), panel_->isValid());
    });
    connect(session_, &ExperimentSession::configChanged, panel_, [this] {
        if (!(panel_->config() == session_->config())) panel_->setConfig(session_->config());
    });
    connect(session_, &ExperimentSession::inputsChanged, panel_,
            [this] { panel_->setInputsDescription(session_->inputsDescription()); });
    connect(session_, &ExperimentSession::comparisonsChanged, this, [this] {
        if (!session_->comparisons().empty()) showTab(TabId::compare);
    });

    const WindowActions& a = *actions_;
    connect(a.open_preset, &QAction::triggered, this, [this] {
        openFile(tr("Open preset"), tr("Presets (*.json);;All files (*)"), tr("Cannot open the preset"),
                 [this](const QString& path) { return session_->runPreset(path); });
    });
    connect(a.compare, &QAction::triggered, this, [this] {
        openFile(tr("Compare with saved results"), tr("Benchmark results (*.json);;All files (*)"),
                 tr("Cannot compare"),
                 [this](const QString& path) { return session_->loadComparison(path); });
    });
    connect(a.load_inputs, &QAction::triggered, this, &MainWindow::openInputFiles);
    connect(a.open_results, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open results"), lastDirectory(),
                                                          tr("Results and sessions (*.json);;All files (*)"));
        if (path.isEmpty()) return;
        rememberDirectory(QFileInfo(path).absolutePath());
        openResults(path);
    });
    connect(a.save_session, &QAction::triggered, this, &MainWindow::saveSessionWithDialog);
    if (auto* recent = menuBar()->findChild<QMenu*>(QStringLiteral("recentMenu"))) {
        connect(recent, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    }
    // The title names the opened file, as editors do, until a measurement replaces its points.
    auto showOpenedFile = [this] {
        const QString file = session_->openedFile();
        setWindowTitle(file.isEmpty() ? tr("AttnScope")
                                      : tr("%1 — AttnScope").arg(QFileInfo(file).fileName()));
    };
    connect(session_, &ExperimentSession::resultsReset, this, showOpenedFile);
    connect(session_, &ExperimentSession::runOpened, this, showOpenedFile);
    connect(session_, &ExperimentSession::runOpened, this,
            [this](const QString&, const QStringList& warnings) {
                panel_->setSelectedMethods(session_->openedMethods());
                if (!warnings.isEmpty())
                    statusBar()->showMessage(warnings.join(QStringLiteral(" · ")), 15000);
            });
    connect(a.load_input_folder, &QAction::triggered, this, &MainWindow::openInputFolder);
    connect(a.save_results, &QAction::triggered, exporter_, [this] {
        exporter_->exportWithDialog({ExportItem::results, ExportFormat::json}, false);
    });
    connect(a.export_item, &QAction::triggered, exporter_, &ExportController::exportCurrent);
    connect(a.export_report, &QAction::triggered, exporter_, &ExportController::exportReport);
    connect(a.reset_zoom, &QAction::triggered, this,
            [this] { static_cast<TimingPage*>(page(TabId::timing))->chart()->resetZoom(); });
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.about, &QAction::triggered, this,
            [this] { QMessageBox::about(this, tr("About AttnScope"), aboutText()); });
    connect(a.getting_started, &QAction::triggered, this, &MainWindow::showGettingStarted);
    for (std::size_t i = 0; i < a.show_tab.size(); ++i) {
        connect(a.show_tab[i], &QAction::triggered, this,
                [this, i] { tabs_->setCurrentIndex(static_cast<int>(i)); });
    }
    for (QAction* action : a.themes->actions()) {
        connect(action, &QAction::triggered, this, [this, action] {
            setTheme(themeFromName(action->data().toString()).value_or(Theme::system));
        });
    }
    connect(a.preset_combo, &QComboBox::activated, session_,
            [this](int index) { session_->runPreset(actions_->preset_combo->itemText(index)); });
}

void MainWindow::showTab(TabId tab) {
    tabs_->setCurrentIndex(static_cast<int>(tab));
}

QWidget* MainWindow::page(TabId tab) const {
    return tabs_->widget(static_cast<int>(tab));
}

SweepController* MainWindow::sweepController() const {
    return session_->sweepController();
}

ResultsModel* MainWindow::resultsModel() const {
    return static_cast<ResultsPage*>(page(TabId::results))->model();
}

HeatmapView* MainWindow::heatmapView() const {
    return static_cast<HeatmapsPage*>(page(TabId::heatmaps))->view();
}

RooflineChart* MainWindow::rooflineChart() const {
    return static_cast<ResultsChartPage<RooflineChart>*>(page(TabId::roofline))->chart();
}

QCustomPlot* MainWindow::plotFor(ExportItem item) const {
    switch (item) {
        case ExportItem::timingPlot:
            return static_cast<TimingPage*>(page(TabId::timing))->chart()->timePlot();
        case ExportItem::lowerPlot:
            return static_cast<TimingPage*>(page(TabId::timing))->chart()->lowerPlot();
        case ExportItem::heatmaps:
            return heatmapView()->plot();
        case ExportItem::roofline:
            return rooflineChart()->plot();
        case ExportItem::results:
        case ExportItem::heatmapMatrix:
            break;
    }
    return nullptr;
}

QAction* MainWindow::runAction() const {
    return session_->runAction();
}
QAction* MainWindow::stopAction() const {
    return session_->stopAction();
}
QAction* MainWindow::liveAction() const {
    return session_->liveAction();
}
QAction* MainWindow::exportAction() const {
    return actions_->export_item;
}
QAction* MainWindow::exportReportAction() const {
    return actions_->export_report;
}
QAction* MainWindow::gettingStartedAction() const {
    return actions_->getting_started;
}
QAction* MainWindow::themeAction(Theme theme) const {
    return actions_->themeAction(theme);
}

void MainWindow::setTheme(Theme theme, bool remember) {
    applyTheme(theme);
    for (QAction* action : actions_->themes->actions())
        action->setChecked(action->data().toString() == themeName(theme));
    if (remember) openSettings().setValue(themeSettingsKey(), themeName(theme));
    emit themeChanged(theme);
}

void MainWindow::restoreSettings() {
    const QSettings settings = openSettings();
    const StoredParameters stored =
        readParameters(settings, {ParameterPanel::defaultConfig(), ParameterPanel::defaultMethods()});
    panel_->setConfig(stored.config);
    panel_->setSelectedMethods(stored.methods);
    session_->liveAction()->setChecked(settings.value(settings_key::kLive, true).toBool());
    session_->sweepAction()->setChecked(settings.value(settings_key::kSweep, true).toBool());
    TimingChart* timing = static_cast<TimingPage*>(page(TabId::timing))->chart();
    const int lower = settings.value(settings_key::kLowerView, 0).toInt();
    if (lower >= 0 && lower <= static_cast<int>(TimingChart::LowerView::memory))
        timing->setLowerView(static_cast<TimingChart::LowerView>(lower));
    heatmapView()->setInputDistribution(
        distributionFromName(settings.value(settings_key::kHeatmapInputs).toString().toStdString())
            .value_or(ConfigDefaults::kHeatmapDistribution));
    restoreGeometry(settings.value(settings_key::kGeometry).toByteArray());
    restoreState(settings.value(settings_key::kState).toByteArray(), kWindowStateVersion);
    setTheme(themeFromName(settings.value(themeSettingsKey()).toString()).value_or(Theme::system), false);
}

void MainWindow::saveSettings() const {
    QSettings settings = openSettings();
    writeParameters(settings, {panel_->config(), panel_->selectedMethods()});
    settings.setValue(settings_key::kLive, session_->liveAction()->isChecked());
    settings.setValue(settings_key::kSweep, session_->sweepAction()->isChecked());
    const TimingChart* timing = static_cast<TimingPage*>(page(TabId::timing))->chart();
    settings.setValue(settings_key::kLowerView, static_cast<int>(timing->lowerView()));
    const std::string_view inputs = distributionName(heatmapView()->inputDistribution());
    settings.setValue(settings_key::kHeatmapInputs,
                      QString::fromUtf8(inputs.data(), static_cast<qsizetype>(inputs.size())));
    settings.setValue(settings_key::kGeometry, saveGeometry());
    settings.setValue(settings_key::kState, saveState(kWindowStateVersion));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    session_->sweepController()->cancel();
    QMainWindow::closeEvent(event);
}

void MainWindow::openFile(const QString& title, const QString& filter, const QString& failure,
                          const std::function<QString(const QString&)>& open) {
    const QString path = QFileDialog::getOpenFileName(this, title, lastDirectory(), filter);
    if (path.isEmpty()) return;
    rememberDirectory(QFileInfo(path).absolutePath());
    const QString error = open(path);
    if (!error.isEmpty()) QMessageBox::warning(this, failure, error);
}

QString MainWindow::openResults(const QString& path, bool quiet) {
    const QString error = session_->openRun(path);
    if (!error.isEmpty()) {
        if (!quiet) QMessageBox::warning(this, tr("Cannot open the results"), error);
        return error;
    }
    rememberRun(path);
    return {};
}

void MainWindow::saveSessionWithDialog() {
    if (session_->results().empty()) {
        QMessageBox::information(this, tr("Save session"),
                                 tr("Nothing measured yet: there is no session to save."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save session"), QDir(lastDirectory()).filePath(QStringLiteral("session.json")),
        tr("Sessions (*.json)"));
    if (path.isEmpty()) return;
    rememberDirectory(QFileInfo(path).absolutePath());
    // The dialog has asked about replacing an existing file already.
    const QString error = session_->saveSession(path, true);
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot save the session"), error);
        return;
    }
    rememberRun(path);
    statusBar()->showMessage(tr("Saved the session to %1").arg(path), 5000);
}

void MainWindow::fillRecentMenu() {
    auto* menu = qobject_cast<QMenu*>(sender());
    if (!menu) return;
    menu->clear();
    QStringList gone;
    for (const QString& path : recentRuns()) {
        if (!QFileInfo::exists(path)) {
            gone << path;
            continue;
        }
        QAction* action = menu->addAction(QFileInfo(path).fileName());
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { openResults(path); });
    }
    if (!gone.isEmpty()) {
        forgetRuns(gone);
        statusBar()->showMessage(tr("Removed %n missing file(s) from Open recent: %1", nullptr, gone.size())
                                     .arg(gone.join(QStringLiteral(", "))),
                                 8000);
    }
    if (menu->isEmpty()) menu->addAction(tr("(no recent results)"))->setEnabled(false);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile() &&
        urls.front().toLocalFile().endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.front().isLocalFile()) return;
    event->acceptProposedAction();
    const QString path = urls.front().toLocalFile();
    // After the drop returns: a message box inside the drop would block the drag source.
    QTimer::singleShot(0, this, [this, path] { openResults(path); });
}

void MainWindow::openInputFiles() {
    const QStringList paths =
        QFileDialog::getOpenFileNames(this, tr("Load Q, K, V (three files) or X (one file)"), lastDirectory(),
                                      tr("NumPy arrays (*.npy);;All files (*)"));
    if (paths.isEmpty()) return;
    rememberDirectory(QFileInfo(paths.front()).absolutePath());
    statusBar()->showMessage(tr("Loading %1…").arg(paths.join(QStringLiteral(", "))));
    warnIfInputsFail();
    session_->loadInputFiles(paths);
}

void MainWindow::openInputFolder() {
    const QString directory = QFileDialog::getExistingDirectory(
        this, tr("Load Q, K, V from a folder (q.npy, k.npy, v.npy, tokens.txt)"), lastDirectory());
    if (directory.isEmpty()) return;
    rememberDirectory(directory);
    statusBar()->showMessage(tr("Loading %1…").arg(QDir::toNativeSeparators(directory)));
    warnIfInputsFail();
    session_->loadInputFolder(directory);
}

void MainWindow::warnIfInputsFail() {
    connect(
        session_, &ExperimentSession::inputsLoaded, this,
        [this](const QString& error) {
            if (!error.isEmpty()) QMessageBox::warning(this, tr("Cannot load the inputs"), error);
        },
        Qt::SingleShotConnection);
}

void MainWindow::showGettingStarted() {
    auto* dialog = findChild<GettingStartedDialog*>();
    if (!dialog) dialog = new GettingStartedDialog(this);
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

}  // namespace attnscope
