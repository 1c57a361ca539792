#include "attnscope/ui/main_window.h"

#include <qcustomplot.h>
#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>
#include <exception>
#include <iterator>
#include <set>
#include <utility>

#include "attnscope/npy.h"
#include "attnscope/system_info.h"
#include "attnscope/ui/atomic_file.h"
#include "attnscope/ui/data_export.h"
#include "attnscope/ui/export_dialog.h"
#include "attnscope/ui/getting_started_dialog.h"
#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/parameter_panel.h"
#include "attnscope/ui/plot_export.h"
#include "attnscope/ui/preset_library.h"
#include "attnscope/ui/results_model.h"
#include "attnscope/ui/sweep_controller.h"
#include "attnscope/ui/sweep_plan.h"
#include "attnscope/ui/theme.h"
#include "config_settings.h"
#include "method_style.h"
#include "compare_view.h"
#include "favor_error_chart.h"
#include "stage_chart.h"
#include "timing_chart.h"

namespace attnscope {

namespace {

// Bump when the toolbar or dock layout changes incompatibly; restoreState() then ignores the old state.
constexpr int kWindowStateVersion = 2;

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kLiveKey = QStringLiteral("run/live");
const QString kSweepKey = QStringLiteral("run/sweepN");
const QString kLowerViewKey = QStringLiteral("view/lowerPlot");  // 0 speed-up, 1 GFLOP/s, 2 memory
const QString kLastDirectoryKey = QStringLiteral("files/lastDirectory");
const QString kPngScaleKey = QStringLiteral("export/pngScale");

QSettings openSettings() {
    return QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope"));
}

// "softmax/batch:4/n:512/..." -> "softmax · n 512": the part that changes during a sweep.
QString shortPointName(const QString& name) {
    const QStringList parts = name.split(QLatin1Char('/'));
    for (const QString& part : parts) {
        if (part.startsWith(QStringLiteral("n:"))) {
            return QStringLiteral("%1 · n %2").arg(parts.front(), part.mid(2));
        }
    }
    return name;
}

QString shapeText(const Tensor& t) {
    return QStringLiteral("(%1, %2, %3)").arg(t.batch()).arg(t.rows()).arg(t.cols());
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), liveOptions_(SweepPlan::liveOptions()), fullOptions_(SweepPlan::fullOptions()) {
    setWindowTitle(tr("AttnScope"));
    resize(1280, 800);

    controller_ = new SweepController(this);
    resultsModel_ = new ResultsModel(this);
    liveTimer_ = new QTimer(this);
    liveTimer_->setSingleShot(true);
    liveTimer_->setInterval(kLiveDelayMs);
    connect(liveTimer_, &QTimer::timeout, this, [this] { measure(true); });

    createActions();
    createDock();
    createMenus();
    createToolBar();
    createCentralTabs();
    createStatusBar();

    connect(controller_, &SweepController::resultReady, this, &MainWindow::onResult);
    connect(controller_, &SweepController::progress, this, &MainWindow::onProgress);
    connect(controller_, &SweepController::runningChanged, this, &MainWindow::onRunningChanged);
    connect(controller_, &SweepController::finished, this, [this](bool cancelled) {
        const int rows = resultsModel_->rowCount();
        statusBar()->showMessage(cancelled ? tr("Stopped; %n point(s) on screen", nullptr, rows)
                                           : tr("Sweep finished; %n point(s) on screen", nullptr, rows),
                                 5000);
    });

    restoreSettings();
    runAction_->setEnabled(panel_->isValid());
    connect(panel_, &ParameterPanel::validityChanged, runAction_, &QAction::setEnabled);
    connect(panel_, &ParameterPanel::configChanged, this, &MainWindow::onConfigChanged);
    onConfigChanged();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    runAction_ = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Run sweep"), this);
    runAction_->setObjectName(QStringLiteral("runAction"));
    runAction_->setShortcut(QKeySequence(Qt::Key_F5));
    runAction_->setToolTip(tr("Measure the selected methods over n with full repetitions (F5)"));
    connect(runAction_, &QAction::triggered, this, &MainWindow::run);

    stopAction_ = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("&Stop"), this);
    stopAction_->setObjectName(QStringLiteral("stopAction"));
    stopAction_->setShortcut(QKeySequence(Qt::Key_Escape));
    stopAction_->setToolTip(tr("Stop the running benchmark after the current repetition (Esc)"));
    stopAction_->setEnabled(false);
    connect(stopAction_, &QAction::triggered, this, [this] {
        liveTimer_->stop();
        controller_->cancel();
    });

    liveAction_ = new QAction(tr("&Live"), this);
    liveAction_->setObjectName(QStringLiteral("liveAction"));
    liveAction_->setCheckable(true);
    liveAction_->setChecked(true);
    liveAction_->setToolTip(tr("Re-measure what a parameter change makes new, with quick repetitions"));
    connect(liveAction_, &QAction::toggled, this, [this](bool on) {
        // Off also drops a live run that was about to start (found by the monkey test).
        if (on && panel_->isValid()) {
            liveTimer_->start();
        } else {
            liveTimer_->stop();
        }
    });

    sweepAction_ = new QAction(tr("Sweep &n"), this);
    sweepAction_->setObjectName(QStringLiteral("sweepAction"));
    sweepAction_->setCheckable(true);
    sweepAction_->setChecked(true);
    sweepAction_->setToolTip(tr("Measure at n = %1, %2, … up to the panel's n (on), or at the panel's n only")
                                 .arg(SweepPlan::kFirstN)
                                 .arg(2 * SweepPlan::kFirstN));
    connect(sweepAction_, &QAction::toggled, this, &MainWindow::onConfigChanged);

    compareAction_ = new QAction(tr("&Compare with saved results…"), this);
    compareAction_->setObjectName(QStringLiteral("compareAction"));
    compareAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    compareAction_->setToolTip(
        tr("Open a results JSON (attnscope's or PyTorch's) to overlay on the timing plot and compare (Ctrl+Shift+O)"));
    connect(compareAction_, &QAction::triggered, this, &MainWindow::openComparison);
    clearCompareAction_ = new QAction(tr("C&lear comparison"), this);
    clearCompareAction_->setObjectName(QStringLiteral("clearCompareAction"));
    clearCompareAction_->setEnabled(false);
    clearCompareAction_->setToolTip(tr("Remove the saved run from the timing plot and the Compare tab"));
    connect(clearCompareAction_, &QAction::triggered, this, &MainWindow::clearComparison);

    openPresetAction_ = new QAction(tr("&Open preset…"), this);
    openPresetAction_->setObjectName(QStringLiteral("openPresetAction"));
    openPresetAction_->setShortcut(QKeySequence::Open);
    openPresetAction_->setToolTip(tr("Open a preset file (JSON) and run its experiment"));
    connect(openPresetAction_, &QAction::triggered, this, &MainWindow::openPreset);

    loadInputsAction_ = new QAction(tr("&Load Q/K/V from .npy…"), this);
    loadInputsAction_->setObjectName(QStringLiteral("loadInputsAction"));
    loadInputsAction_->setToolTip(
        tr("Three files q*.npy, k*.npy, v*.npy, or one X file for mha and xformer"));
    connect(loadInputsAction_, &QAction::triggered, this, &MainWindow::openInputFiles);

    randomInputsAction_ = new QAction(tr("Use &random inputs"), this);
    randomInputsAction_->setObjectName(QStringLiteral("randomInputsAction"));
    randomInputsAction_->setEnabled(false);
    randomInputsAction_->setToolTip(tr("Forget the loaded .npy inputs and go back to seeded random ones"));
    connect(randomInputsAction_, &QAction::triggered, this, &MainWindow::useRandomInputs);

    resetZoomAction_ = new QAction(tr("Reset &zoom"), this);
    resetZoomAction_->setObjectName(QStringLiteral("resetZoomAction"));
    resetZoomAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    resetZoomAction_->setToolTip(tr("Fit the timing plots to the data again (or double-click a plot)"));

    quitAction_ = new QAction(tr("&Quit"), this);
    quitAction_->setObjectName(QStringLiteral("quitAction"));
    quitAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quitAction_->setMenuRole(QAction::QuitRole);
    quitAction_->setToolTip(tr("Close AttnScope; parameters and layout are kept for next time"));
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    exportAction_ = new QAction(tr("&Export…"), this);
    exportAction_->setObjectName(QStringLiteral("exportAction"));
    exportAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportAction_->setToolTip(
        tr("Save a plot as PNG, PDF or SVG, the results as CSV or JSON, or a heatmap's "
           "matrix as CSV or .npy"));
    connect(exportAction_, &QAction::triggered, this, [this] {
        // Start from what is on screen: the results tab suggests the results, the heatmaps tab the maps.
        ExportRequest request;
        request.item = tabs_->currentIndex() == 1   ? ExportItem::heatmaps
                       : tabs_->currentIndex() == 2 ? ExportItem::results
                                                    : ExportItem::timingPlot;
        request.format = formatsFor(request.item).front();
        exportWithDialog(request, true);
    });

    exportReportAction_ = new QAction(tr("Export &report…"), this);
    exportReportAction_->setObjectName(QStringLiteral("exportReportAction"));
    exportReportAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    exportReportAction_->setToolTip(
        tr("Write report.html and report.pdf: machine, parameters, results, plots and heatmaps"));
    connect(exportReportAction_, &QAction::triggered, this, &MainWindow::exportReport);

    aboutAction_ = new QAction(tr("&About AttnScope"), this);
    aboutAction_->setObjectName(QStringLiteral("aboutAction"));
    aboutAction_->setMenuRole(QAction::AboutRole);
    aboutAction_->setToolTip(tr("Version, libraries and the machine AttnScope runs on"));
    connect(aboutAction_, &QAction::triggered, this, &MainWindow::showAbout);

    gettingStartedAction_ = new QAction(tr("&Getting started"), this);
    gettingStartedAction_->setObjectName(QStringLiteral("gettingStartedAction"));
    gettingStartedAction_->setShortcut(QKeySequence::HelpContents);
    gettingStartedAction_->setToolTip(
        tr("A short guide: the three method families and their costs, the controls, the seed experiments"));
    connect(gettingStartedAction_, &QAction::triggered, this, &MainWindow::showGettingStarted);

    themeGroup_ = new QActionGroup(this);
    const std::pair<Theme, QString> themes[] = {
        {Theme::system, tr("&System")}, {Theme::light, tr("&Light")}, {Theme::dark, tr("&Dark")}};
    const QString themeTips[] = {tr("Follow the desktop's style and colours"),
                                 tr("Fusion style, dark text on a light background"),
                                 tr("Fusion style, light text on a dark background")};
    for (std::size_t i = 0; i < std::size(themes); ++i) {
        const Theme theme = themes[i].first;
        QAction* action = themeGroup_->addAction(themes[i].second);
        action->setObjectName(QStringLiteral("themeAction_") + themeName(theme));
        action->setCheckable(true);
        action->setData(themeName(theme));
        action->setToolTip(themeTips[i]);
        connect(action, &QAction::triggered, this, [this, theme] { setTheme(theme); });
    }
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(openPresetAction_);
    file->addAction(compareAction_);
    file->addAction(clearCompareAction_);
    QMenu* presets = file->addMenu(tr("&Presets"));
    presets->setObjectName(QStringLiteral("presetsMenu"));
    for (const QString& name : builtInPresetNames()) {
        QAction* action = presets->addAction(name);
        action->setObjectName(QStringLiteral("presetAction_") + name);
        connect(action, &QAction::triggered, this, [this, name] { runPreset(name); });
    }
    file->addSeparator();
    file->addAction(loadInputsAction_);
    file->addAction(randomInputsAction_);
    file->addSeparator();
    file->addAction(exportAction_);
    file->addAction(exportReportAction_);
    file->addSeparator();
    file->addAction(quitAction_);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(runAction_);
    run->addAction(stopAction_);
    run->addSeparator();
    run->addAction(liveAction_);
    run->addAction(sweepAction_);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    const QString tabNames[] = {tr("&Timing"), tr("&Heatmaps"), tr("&Results"), tr("&Breakdown"),
                                tr("&FAVOR+ error"), tr("&Compare")};
    for (int i = 0; i < 6; ++i) {
        QAction* action = view->addAction(tabNames[i]);
        action->setObjectName(QStringLiteral("showTab%1Action").arg(i + 1));
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { tabs_->setCurrentIndex(i); });
    }
    view->addSeparator();
    view->addAction(resetZoomAction_);
    view->addAction(parametersDock_->toggleViewAction());
    parametersDock_->toggleViewAction()->setToolTip(tr("Show or hide the Parameters panel"));
    view->addSeparator();
    QMenu* theme = view->addMenu(tr("T&heme"));
    theme->setObjectName(QStringLiteral("themeMenu"));
    theme->addActions(themeGroup_->actions());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(gettingStartedAction_);
    help->addSeparator();
    help->addAction(aboutAction_);

    for (QAction* action : presets->actions()) {
        action->setToolTip(tr("Run the preset %1").arg(action->text()));
    }
    const QString tabTips[] = {tr("Show the Timing tab: time against n and the speed-up"),
                               tr("Show the Heatmaps tab: softmax, FAVOR+ and Xformer attention"),
                               tr("Show the Results tab: every measured point"),
                               tr("Show the Breakdown tab: where each point's time goes, stage by stage"),
                               tr("Show the FAVOR+ error tab: error and time against the number of features"),
                               tr("Show the Compare tab: the points on screen against a saved run")};
    for (int i = 0; i < 6; ++i) {
        findChild<QAction*>(QStringLiteral("showTab%1Action").arg(i + 1))->setToolTip(tabTips[i]);
    }
    // Menus show the status tip in the status bar while an entry is highlighted; toolbars show the tooltip.
    for (QMenu* menu : menuBar()->findChildren<QMenu*>()) {
        for (QAction* action : menu->actions()) {
            if (!action->isSeparator() && action->statusTip().isEmpty()) {
                action->setStatusTip(action->toolTip());
            }
        }
    }
}

void MainWindow::createToolBar() {
    QToolBar* toolBar = addToolBar(tr("Run"));
    toolBar->setObjectName(QStringLiteral("runToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(runAction_);
    toolBar->addAction(stopAction_);
    toolBar->addSeparator();
    toolBar->addAction(liveAction_);
    toolBar->addAction(sweepAction_);
    toolBar->addSeparator();

    auto* presetLabel = new QLabel(tr(" Preset: "));
    presetCombo_ = new QComboBox;
    presetCombo_->setObjectName(QStringLiteral("presetCombo"));
    presetCombo_->addItems(builtInPresetNames());
    presetCombo_->setPlaceholderText(tr("choose to run…"));
    presetCombo_->setCurrentIndex(-1);
    presetCombo_->setToolTip(tr("Run one of the seed experiments"));
    presetLabel->setBuddy(presetCombo_);
    connect(presetCombo_, &QComboBox::activated, this,
            [this](int index) { runPreset(presetCombo_->itemText(index)); });
    toolBar->addWidget(presetLabel);
    toolBar->addWidget(presetCombo_);

    auto* spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolBar->addWidget(spacer);

    progressLabel_ = new QLabel;
    progressLabel_->setObjectName(QStringLiteral("progressLabel"));
    toolBar->addWidget(progressLabel_);
    progressBar_ = new QProgressBar;
    progressBar_->setObjectName(QStringLiteral("progressBar"));
    progressBar_->setRange(0, 1);
    progressBar_->setValue(0);
    progressBar_->setFormat(QStringLiteral("%v/%m"));
    progressBar_->setTextVisible(true);
    progressBar_->setFixedWidth(fontMetrics().averageCharWidth() * 24);
    progressBar_->setToolTip(tr("Points measured in the running sweep"));
    toolBar->addWidget(progressBar_);
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

void MainWindow::createCentralTabs() {
    tabs_ = new QTabWidget;
    tabs_->setObjectName(QStringLiteral("centralTabs"));
    tabs_->setDocumentMode(true);

    timingChart_ = new TimingChart;
    timingChart_->setObjectName(QStringLiteral("timingChart"));
    connect(resetZoomAction_, &QAction::triggered, timingChart_, &TimingChart::resetZoom);
    tabs_->addTab(timingChart_, tr("Timing"));

    auto* heatmapPage = new QWidget;
    auto* heatmapLayout = new QVBoxLayout(heatmapPage);
    heatmapLayout->setContentsMargins(0, 0, 0, 0);
    heatmapMessage_ = new QLabel;
    heatmapMessage_->setObjectName(QStringLiteral("heatmapMessage"));
    heatmapMessage_->setWordWrap(true);
    heatmapMessage_->setTextFormat(Qt::PlainText);
    heatmapMessage_->setMargin(6);
    QPalette warning = palette();
    warning.setColor(QPalette::WindowText, QColor(0xb0, 0x00, 0x20));
    heatmapMessage_->setPalette(warning);
    heatmapMessage_->hide();
    heatmapView_ = new HeatmapView;
    heatmapView_->setObjectName(QStringLiteral("heatmapView"));
    heatmapLayout->addWidget(heatmapMessage_);
    heatmapLayout->addWidget(heatmapView_, 1);
    connect(heatmapView_, &HeatmapView::updated, this, [this](double latency_ms) {
        heatmapMessage_->hide();
        heatmapLatencyLabel_->setText(tr("heatmaps updated in %1 ms").arg(latency_ms, 0, 'f', 0));
    });
    connect(heatmapView_, &HeatmapView::failed, this, [this](const QString& message) {
        heatmapMessage_->setText(message);
        heatmapMessage_->show();
    });
    tabs_->addTab(heatmapPage, tr("Heatmaps"));

    for (ExportItem item : {ExportItem::timingPlot, ExportItem::lowerPlot, ExportItem::heatmaps}) {
        QCustomPlot* plot = plotFor(item);
        plot->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(plot, &QWidget::customContextMenuRequested, this,
                [this, item](const QPoint& position) { showPlotMenu(item, position); });
    }

    resultsProxy_ = new QSortFilterProxyModel(this);
    resultsProxy_->setSourceModel(resultsModel_);
    resultsProxy_->setSortRole(ResultsModel::SortRole);
    resultsView_ = new QTableView;
    resultsView_->setObjectName(QStringLiteral("resultsView"));
    resultsView_->setModel(resultsProxy_);
    resultsView_->setSortingEnabled(true);
    resultsView_->sortByColumn(-1, Qt::AscendingOrder);  // arrival order until the user picks a column
    resultsView_->setAlternatingRowColors(true);
    resultsView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    resultsView_->verticalHeader()->hide();
    resultsView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    resultsView_->horizontalHeader()->setStretchLastSection(true);
    // Columns only some methods have (alpha, beta, features) stay out of the way until a row uses them.
    auto hideUnused = [this] {
        for (int column :
             {ResultsModel::AlphaColumn, ResultsModel::BetaColumn, ResultsModel::FeaturesColumn}) {
            bool used = false;
            for (int row = 0; row < resultsModel_->rowCount() && !used; ++row) {
                used = !resultsModel_->index(row, column).data().toString().isEmpty();
            }
            resultsView_->setColumnHidden(column, !used);
        }
    };
    connect(resultsModel_, &QAbstractItemModel::modelReset, this, hideUnused);
    connect(resultsModel_, &QAbstractItemModel::rowsInserted, this, hideUnused);
    hideUnused();
    tabs_->addTab(resultsView_, tr("Results"));

    stageChart_ = new StageChart;
    stageChart_->setObjectName(QStringLiteral("stageChart"));
    tabs_->addTab(stageChart_, tr("Breakdown"));
    tabs_->setTabToolTip(tabs_->count() - 1, tr("Where each point's time goes, stage by stage"));
    favorChart_ = new FavorErrorChart;
    favorChart_->setObjectName(QStringLiteral("favorErrorChart"));
    tabs_->addTab(favorChart_, tr("FAVOR+ error"));
    tabs_->setTabToolTip(tabs_->count() - 1, tr("FAVOR+ error and time against the number of random features"));
    compareView_ = new CompareView;
    compareView_->setObjectName(QStringLiteral("compareView"));
    tabs_->addTab(compareView_, tr("Compare"));
    tabs_->setTabToolTip(tabs_->count() - 1, tr("The points on screen against a saved run, with a U test"));
    setCentralWidget(tabs_);
}

void MainWindow::createStatusBar() {
    lastPointLabel_ = new QLabel;
    lastPointLabel_->setObjectName(QStringLiteral("lastPointLabel"));
    varianceLabel_ = new QLabel;
    varianceLabel_->setObjectName(QStringLiteral("varianceLabel"));
    varianceLabel_->setToolTip(
        tr("Interquartile range over median of the last point; above 10% the timing is "
           "noisy (as torch.utils.benchmark warns)"));
    heatmapLatencyLabel_ = new QLabel;
    heatmapLatencyLabel_->setObjectName(QStringLiteral("heatmapLatencyLabel"));
    machineLabel_ = new QLabel(
        tr("%1 · %2 hardware threads").arg(QString::fromStdString(cpuModelName())).arg(hardwareThreads()));
    machineLabel_->setObjectName(QStringLiteral("machineLabel"));
    machineLabel_->setToolTip(tr("The machine every timing on this screen comes from"));
    for (QLabel* label : {lastPointLabel_, varianceLabel_, heatmapLatencyLabel_, machineLabel_}) {
        label->setContentsMargins(6, 0, 6, 0);
        statusBar()->addPermanentWidget(label);
    }
}

void MainWindow::restoreSettings() {
    const QSettings settings = openSettings();
    const StoredParameters stored =
        readParameters(settings, {ParameterPanel::defaultConfig(), ParameterPanel::defaultMethods()});
    panel_->setConfig(stored.config);
    panel_->setSelectedMethods(stored.methods);
    liveAction_->setChecked(settings.value(kLiveKey, true).toBool());
    sweepAction_->setChecked(settings.value(kSweepKey, true).toBool());
    const int lower = settings.value(kLowerViewKey, 0).toInt();
    if (lower >= 0 && lower <= static_cast<int>(TimingChart::LowerView::memory))
        timingChart_->setLowerView(static_cast<TimingChart::LowerView>(lower));
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray(), kWindowStateVersion);
    setTheme(themeFromName(settings.value(themeSettingsKey()).toString()).value_or(Theme::system), false);
}

void MainWindow::setTheme(Theme theme, bool remember) {
    applyTheme(theme);
    for (QAction* action : themeGroup_->actions()) {
        action->setChecked(action->data().toString() == themeName(theme));
    }
    if (remember) openSettings().setValue(themeSettingsKey(), themeName(theme));
    emit themeChanged(theme);
}

QAction* MainWindow::themeAction(Theme theme) const {
    return findChild<QAction*>(QStringLiteral("themeAction_") + themeName(theme));
}

void MainWindow::showGettingStarted() {
    if (!gettingStarted_) gettingStarted_ = new GettingStartedDialog(this);
    gettingStarted_->show();
    gettingStarted_->raise();
    gettingStarted_->activateWindow();
}

void MainWindow::saveSettings() const {
    QSettings settings = openSettings();
    writeParameters(settings, {panel_->config(), panel_->selectedMethods()});
    settings.setValue(kLiveKey, liveAction_->isChecked());
    settings.setValue(kSweepKey, sweepAction_->isChecked());
    settings.setValue(kLowerViewKey, static_cast<int>(timingChart_->lowerView()));
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kWindowStateVersion));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    controller_->cancel();
    QMainWindow::closeEvent(event);
}

void MainWindow::onConfigChanged() {
    const AttentionConfig config = panel_->config();
    if (inputs_) {
        const Tensor& t = inputs_->x.empty() ? inputs_->q : inputs_->x;
        if (t.batch() != config.batch || t.rows() != config.n || t.cols() != config.d) {
            useRandomInputs();
            statusBar()->showMessage(
                tr("The shape changed, so the loaded inputs no longer fit: using random ones"), 5000);
            return;  // useRandomInputs() came back here
        }
    }
    heatmapView_->setProblem(config, inputs_);
    if (presetName_.isEmpty()) updateSweepView();
    if (liveAction_->isChecked() && panel_->isValid()) {
        liveTimer_->start();
    } else {
        liveTimer_->stop();
    }
}

void MainWindow::updateSweepView() {
    const AttentionConfig config = panel_->config();
    const std::vector<std::int64_t> lengths =
        SweepPlan::lengths(config.n, sweepAction_->isChecked() && !inputs_);
    timingChart_->setSweep(config, panel_->selectedMethods(), lengths.front(), lengths.back());
    timingChart_->setCaption(inputs_ ? tr("loaded inputs") : QString());
}

void MainWindow::setRunnerOptions(const RunnerOptions& live, const RunnerOptions& full) {
    liveOptions_ = live;
    fullOptions_ = full;
}

void MainWindow::run() {
    liveTimer_->stop();
    measure(false);
}

void MainWindow::measure(bool live) {
    if (!panel_->isValid()) return;
    if (!presetName_.isEmpty()) {
        presetName_.clear();
        preset_.reset();
        presetCombo_->setCurrentIndex(-1);
        updateSweepView();
    }
    const std::vector<BenchmarkPoint> points =
        SweepPlan::points(panel_->config(), panel_->selectedMethods(), sweepAction_->isChecked(), inputs_);
    std::vector<BenchmarkResult> shown;
    std::vector<BenchmarkPoint> toRun;
    for (const BenchmarkPoint& point : points) {
        const auto cached = cache_.find(point.name());
        if (cached != cache_.end()) shown.push_back(cached->second);
        if (!live || cached == cache_.end()) toRun.push_back(point);
    }
    resultsModel_->setResults(shown);
    showResults(shown);
    if (toRun.empty()) {
        controller_->cancel();
        statusBar()->showMessage(
            tr("All %n point(s) already measured", nullptr, static_cast<int>(points.size())), 3000);
        return;
    }
    controller_->start(toRun, live ? liveOptions_ : fullOptions_);
}

QString MainWindow::runPreset(const QString& name_or_path) {
    Preset preset;
    try {
        preset = loadPreset(name_or_path);
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
    if (preset.points.empty()) return tr("%1: the preset has no points").arg(name_or_path);
    liveTimer_->stop();
    presetName_ = QString::fromStdString(preset.name);
    preset_ = preset;
    const int index = presetCombo_->findText(presetName_);
    presetCombo_->setCurrentIndex(index);

    std::vector<Method> methods;
    std::int64_t lowN = preset.points.front().config.n;
    std::int64_t highN = lowN;
    for (const BenchmarkPoint& point : preset.points) {
        if (std::find(methods.begin(), methods.end(), point.method) == methods.end())
            methods.push_back(point.method);
        lowN = std::min(lowN, point.config.n);
        highN = std::max(highN, point.config.n);
    }
    timingChart_->setSweep(preset.points.front().config, methods, lowN, highN);
    const QString title = QString::fromStdString(preset.title.empty() ? preset.name : preset.title);
    timingChart_->setCaption(tr("preset %1: %2").arg(presetName_, title));
    resultsModel_->clear();
    showResults({});
    controller_->start(preset.points, fullOptions_);
    statusBar()->showMessage(
        tr("Running preset %1 (%n point(s))", nullptr, static_cast<int>(preset.points.size()))
            .arg(presetName_),
        5000);
    return {};
}

void MainWindow::openPreset() {
    QSettings settings = openSettings();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open preset"), settings.value(kLastDirectoryKey, QDir::homePath()).toString(),
        tr("Presets (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(kLastDirectoryKey, QFileInfo(path).absolutePath());
    const QString error = runPreset(path);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Cannot open the preset"), error);
}

void MainWindow::openComparison() {
    QSettings settings = openSettings();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Compare with saved results"), settings.value(kLastDirectoryKey, QDir::homePath()).toString(),
        tr("Benchmark results (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(kLastDirectoryKey, QFileInfo(path).absolutePath());
    const QString error = loadComparison(path);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Cannot compare"), error);
}

QString MainWindow::loadComparison(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return tr("%1: %2").arg(path, file.errorString());
    try {
        SavedResults saved = parseResultsJson(file.readAll().toStdString(), QFileInfo(path).fileName().toStdString());
        if (saved.benchmarks.empty()) return tr("%1: no benchmarks in the file").arg(path);
        timingChart_->setOverlay(saved);
        compareView_->setSaved(saved);
        clearCompareAction_->setEnabled(true);
        statusBar()->showMessage(tr("Comparing with %1 (%n benchmark(s))", nullptr,
                                    static_cast<int>(saved.benchmarks.size()))
                                     .arg(QFileInfo(path).fileName()),
                                 5000);
        tabs_->setCurrentWidget(compareView_);
    } catch (const ResultsFileError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

void MainWindow::clearComparison() {
    timingChart_->setOverlay(std::nullopt);
    compareView_->setSaved(std::nullopt);
    clearCompareAction_->setEnabled(false);
}

QString MainWindow::loadInputFiles(const QStringList& paths) {
    if (paths.size() != 1 && paths.size() != 3) {
        return tr(
            "Choose three files (Q, K and V, named q…, k… and v…) or one file (X, for mha and "
            "xformer); %n file(s) were chosen.",
            nullptr, static_cast<int>(paths.size()));
    }
    UserInputs inputs;
    QStringList names;
    try {
        for (const QString& path : paths) {
            const QFileInfo info(path);
            names << info.fileName();
            const NpyArray array = readNpy(std::filesystem::path(path.toStdString()));
            Tensor tensor = tensorFromNpy(array, info.fileName().toStdString());
            if (paths.size() == 1) {
                inputs.x = std::move(tensor);
                continue;
            }
            const QChar role = info.completeBaseName().toLower().front();
            Tensor* slot = role == QLatin1Char('q')   ? &inputs.q
                           : role == QLatin1Char('k') ? &inputs.k
                           : role == QLatin1Char('v') ? &inputs.v
                                                      : nullptr;
            if (!slot || !slot->empty()) {
                return tr("%1: with three files, name them q…, k… and v… (e.g. q.npy, k.npy, v.npy) so that "
                          "each is clearly Q, K or V.")
                    .arg(info.fileName());
            }
            *slot = std::move(tensor);
        }
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
    AttentionConfig config = panel_->config();
    const Method kind = inputs.x.empty() ? Method::softmax : Method::mha;
    if (const auto error = applyUserInputs(inputs, kind, config))
        return QString::fromStdString(error->message);

    cache_.clear();  // names do not say where inputs came from
    auto loaded = std::make_shared<const UserInputs>(std::move(inputs));
    const Tensor& shape = loaded->x.empty() ? loaded->q : loaded->x;
    inputs_ = loaded;
    randomInputsAction_->setEnabled(true);
    panel_->setInputsDescription(tr("%1 from %2").arg(shapeText(shape), names.join(QStringLiteral(", "))));
    const AttentionConfig before = panel_->config();
    panel_->setConfig(config);
    if (panel_->config() == before) onConfigChanged();  // setConfig() only signals a change
    statusBar()->showMessage(
        loaded->x.empty()
            ? tr("Loaded Q, K, V %1; mha and xformer use random X of that shape").arg(shapeText(shape))
            : tr("Loaded X %1; the raw methods use random Q, K, V of that shape").arg(shapeText(shape)),
        6000);
    return {};
}

void MainWindow::useRandomInputs() {
    if (!inputs_) return;
    inputs_.reset();
    cache_.clear();
    randomInputsAction_->setEnabled(false);
    panel_->setInputsDescription({});
    onConfigChanged();
}

void MainWindow::openInputFiles() {
    QSettings settings = openSettings();
    const QStringList paths =
        QFileDialog::getOpenFileNames(this, tr("Load Q, K, V (three files) or X (one file)"),
                                      settings.value(kLastDirectoryKey, QDir::homePath()).toString(),
                                      tr("NumPy arrays (*.npy);;All files (*)"));
    if (paths.isEmpty()) return;
    settings.setValue(kLastDirectoryKey, QFileInfo(paths.front()).absolutePath());
    const QString error = loadInputFiles(paths);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Cannot load the inputs"), error);
}

void MainWindow::onResult(const BenchmarkResult& result) {
    cache_[result.point.name()] = result;
    resultsModel_->addResult(result);
    showResults(resultsModel_->results());

    const QString name = shortPointName(QString::fromStdString(result.point.name()));
    if (!result.ok()) {
        lastPointLabel_->setText(tr("%1: failed").arg(name));
        lastPointLabel_->setToolTip(QString::fromStdString(result.error));
        varianceLabel_->clear();
        return;
    }
    lastPointLabel_->setText(tr("last: %1 in %2 ms").arg(name).arg(result.stats.median * 1e3, 0, 'g', 4));
    lastPointLabel_->setToolTip(QString::fromStdString(result.point.name()));
    const double spread = result.stats.relativeSpread();
    const bool noisy = result.stats.noisy();
    varianceLabel_->setText(noisy ? tr("IQR/median %1% ⚠ noisy").arg(spread * 100, 0, 'f', 0)
                                  : tr("IQR/median %1% ✓").arg(spread * 100, 0, 'f', 0));
    varianceLabel_->setProperty("noisy", noisy);
    varianceLabel_->setStyleSheet(noisy ? QStringLiteral("QLabel { color: #8a4b00; background: #ffe7b3; "
                                                         "padding: 0 4px; border-radius: 3px; }")
                                        : QStringLiteral("QLabel { color: #1b6e3a; padding: 0 4px; }"));
}

void MainWindow::showResults(const std::vector<BenchmarkResult>& results) {
    timingChart_->setResults(results);
    stageChart_->setResults(results);
    favorChart_->setResults(results);
    compareView_->setResults(results);
}

void MainWindow::onProgress(int done, int total, const QString& current) {
    progressBar_->setRange(0, std::max(total, 1));
    progressBar_->setValue(done);
    progressLabel_->setText(current.isEmpty() ? QString()
                                              : tr("measuring %1  ").arg(shortPointName(current)));
    progressLabel_->setToolTip(current);
}

void MainWindow::onRunningChanged(bool running) {
    stopAction_->setEnabled(running);
    if (!running) progressLabel_->clear();
}

QString MainWindow::aboutText() const {
    const QString version = QCoreApplication::applicationVersion();
    QString text =
        QStringLiteral("<h3>%1</h3><p>%2</p><table>")
            .arg(version.isEmpty() ? tr("AttnScope") : tr("AttnScope %1").arg(version.toHtmlEscaped()),
                 tr("What does each way of computing attention cost?"));
    const auto row = [&text](const QString& name, const QString& value) {
        text +=
            QStringLiteral("<tr><td>%1&nbsp;&nbsp;</td><td>%2</td></tr>").arg(name, value.toHtmlEscaped());
    };
    row(tr("Qt"),
        tr("%1 (built with %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)));
    row(tr("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR));
    row(tr("Eigen"), QString::fromStdString(eigenVersion()));
    row(tr("Matrix products"), QString::fromStdString(blasDescription()));
    row(tr("oneTBB"), QString::fromStdString(tbbVersion()));
    row(tr("CPU"), QString::fromStdString(cpuModelName()));
    row(tr("Threads"), QString::number(hardwareThreads()));
    text += QStringLiteral("</table>");
    return text;
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About AttnScope"), aboutText());
}

QCustomPlot* MainWindow::plotFor(ExportItem item) const {
    switch (item) {
        case ExportItem::timingPlot:
            return timingChart_->timePlot();
        case ExportItem::lowerPlot:
            return timingChart_->lowerPlot();
        case ExportItem::heatmaps:
            return heatmapView_->plot();
        case ExportItem::results:
        case ExportItem::heatmapMatrix:
            break;
    }
    return nullptr;
}

void MainWindow::showTabOf(ExportItem item) {
    // A page behind another tab is not laid out, so its plot would be drawn at a stale size.
    if (item == ExportItem::timingPlot || item == ExportItem::lowerPlot)
        tabs_->setCurrentWidget(timingChart_);
    if (item == ExportItem::heatmaps) tabs_->setCurrentWidget(heatmapView_->parentWidget());
}

QString MainWindow::exportTo(const ExportRequest& request, const QString& path, bool overwrite) {
    const std::vector<ExportFormat> formats = formatsFor(request.item);
    if (std::find(formats.begin(), formats.end(), request.format) == formats.end()) {
        return tr("cannot write %1: that item has no %2 export").arg(path, exportSuffix(request.format));
    }
    if (QCustomPlot* plot = plotFor(request.item)) {
        showTabOf(request.item);
        return exportPlot(*plot, path, toPlotFormat(request.format), request.scale, overwrite);
    }
    QByteArray bytes;
    if (request.item == ExportItem::results) {
        const std::vector<BenchmarkResult>& results = resultsModel_->results();
        if (results.empty()) return tr("nothing to write to %1: there are no results yet").arg(path);
        bytes = request.format == ExportFormat::json
                    ? resultsJsonBytes(results, presetName_, results.front().point.config.threads)
                    : resultsCsvBytes(results);
    } else {
        const BlockMap* map = heatmapView_->shownMap(request.map);
        if (!map) return tr("nothing to write to %1: the heatmaps are not computed yet").arg(path);
        bytes = request.format == ExportFormat::npy ? blockMapNpy(*map) : blockMapCsv(*map);
    }
    return writeFileAtomically(path, bytes, overwrite);
}

QString MainWindow::askExportPath(const ExportRequest& request) {
    QSettings settings = openSettings();
    const QString directory = settings.value(kLastDirectoryKey, QDir::homePath()).toString();
    QFileDialog dialog(this, tr("Export to"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);  // asks before replacing a file
    dialog.setDirectory(directory);
    dialog.setNameFilter(exportFilter(request.format));
    dialog.setDefaultSuffix(exportSuffix(request.format));
    dialog.selectFile(QDir(directory).filePath(defaultExportFileName(request)));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return {};
    const QString path = dialog.selectedFiles().front();
    settings.setValue(kLastDirectoryKey, QFileInfo(path).absolutePath());
    return path;
}

void MainWindow::exportWithDialog(const ExportRequest& initial, bool choose) {
    ExportRequest request = initial;
    if (choose) {
        ExportDialog dialog(this);
        for (ExportItem item : {ExportItem::timingPlot, ExportItem::lowerPlot, ExportItem::heatmaps}) {
            dialog.setPlotSize(item, plotFor(item)->size());
        }
        if (resultsModel_->rowCount() == 0) {
            dialog.setUnavailable(ExportItem::results, tr("No results yet: run a sweep (F5) or a preset."));
        }
        if (!heatmapView_->shownMap(HeatmapKind::softmax)) {
            const QString reason =
                tr("The heatmaps are not computed yet, or the parameters do not allow them.");
            dialog.setUnavailable(ExportItem::heatmaps, reason);
            dialog.setUnavailable(ExportItem::heatmapMatrix, reason);
        }
        if (request.format == ExportFormat::png) {
            request.scale = openSettings().value(kPngScaleKey, 2).toInt();
        }
        dialog.setRequest(request);
        if (dialog.exec() != QDialog::Accepted) return;
        request = dialog.request();
        if (request.format == ExportFormat::png) openSettings().setValue(kPngScaleKey, request.scale);
    }
    showTabOf(request.item);
    const QString path = askExportPath(request);
    if (path.isEmpty()) return;
    // The file dialog already asked before replacing an existing file.
    const QString error = exportTo(request, path, true);
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 6000);
}

void MainWindow::showPlotMenu(ExportItem item, const QPoint& position) {
    QCustomPlot* plot = plotFor(item);
    auto* menu = new QMenu(plot);
    menu->setObjectName(QStringLiteral("plotExportMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const std::pair<ExportFormat, QString> entries[] = {{ExportFormat::png, tr("Export as &PNG…")},
                                                        {ExportFormat::pdf, tr("Export as P&DF…")},
                                                        {ExportFormat::svg, tr("Export as &SVG…")}};
    for (const auto& [format, text] : entries) {
        QAction* action = menu->addAction(text);
        action->setObjectName(QStringLiteral("exportAs_") + exportSuffix(format));
        // PNG goes through the export dialog for its scale; the vector formats have nothing to choose.
        connect(action, &QAction::triggered, this, [this, item, format = format] {
            ExportRequest request;
            request.item = item;
            request.format = format;
            exportWithDialog(request, format == ExportFormat::png);
        });
    }
    menu->popup(plot->mapToGlobal(position));
}

ReportInput MainWindow::reportInput() const {
    ReportInput input;
    const std::vector<BenchmarkResult>& results = resultsModel_->results();
    input.threads = results.empty() ? panel_->config().threads : results.front().point.config.threads;
    ReportSection section;
    if (preset_) {
        section.title = QString::fromStdString(preset_->title.empty() ? preset_->name : preset_->title);
        section.description = QString::fromStdString(preset_->description);
        section.preset = preset_;
    } else {
        section.title = tr("Current sweep");
    }
    section.results = results;
    input.sections.push_back(std::move(section));
    input.heatmap_config = panel_->config();
    input.heatmap_inputs = inputs_;
    return input;
}

void MainWindow::exportReport() {
    if (resultsModel_->rowCount() == 0) {
        QMessageBox::information(
            this, tr("Export report"),
            tr("There are no results to report yet: run a sweep (F5) or a preset first."));
        return;
    }
    QSettings settings = openSettings();
    const QString directory =
        QFileDialog::getExistingDirectory(this, tr("Write report.html and report.pdf into"),
                                          settings.value(kLastDirectoryKey, QDir::homePath()).toString());
    if (directory.isEmpty()) return;
    settings.setValue(kLastDirectoryKey, directory);

    const QDir target(directory);
    QStringList existing;
    for (const QString& name : {QStringLiteral("report.html"), QStringLiteral("report.pdf")}) {
        if (target.exists(name)) existing << name;
    }
    const bool overwrite = !existing.isEmpty();
    if (overwrite && QMessageBox::question(
                         this, tr("Replace the report?"),
                         tr("%1 already holds %2. Replace?")
                             .arg(QDir::toNativeSeparators(directory), existing.join(tr(" and "))),
                         QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes) {
        return;
    }
    ReportFiles files;
    try {
        files = writeReport(reportInput(), directory, overwrite);
    } catch (const std::exception& error) {
        QMessageBox::warning(this, tr("Cannot write the report"), QString::fromStdString(error.what()));
        return;
    }
    const QString html = QDir::toNativeSeparators(files.html), pdf = QDir::toNativeSeparators(files.pdf);
    statusBar()->showMessage(tr("Report written: %1, %2").arg(html, pdf), 10000);
    if (QMessageBox::question(
            this, tr("Report written"), tr("Wrote %1 and %2.\nOpen the HTML report?").arg(html, pdf),
            QMessageBox::Open | QMessageBox::Close, QMessageBox::Open) == QMessageBox::Open) {
        QDesktopServices::openUrl(QUrl::fromLocalFile(files.html));
    }
}

}  // namespace attnscope
