#include "attnscope/ui/main_window.h"

#include <qcustomplot.h>
#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <algorithm>

#include "attnscope/system_info.h"
#include "attnscope/ui/parameter_panel.h"
#include "config_settings.h"
#include "timing_chart.h"

namespace attnscope {

namespace {

// Bump when the toolbar or dock layout changes incompatibly; restoreState() then ignores the old state.
constexpr int kWindowStateVersion = 1;

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");

QSettings openSettings() {
    return QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope"));
}

QLabel* newPlaceholder(const QString& text, const QPalette& palette) {
    auto* label = new QLabel(text);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setMargin(48);
    QPalette muted = palette;
    muted.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    label->setPalette(muted);
    return label;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("AttnScope"));
    resize(1280, 800);

    createActions();
    createDock();
    createMenus();
    createToolBar();
    createCentralTabs();
    createStatusBar();

    restoreSettings();
    runAction_->setEnabled(panel_->isValid());
    updatePrediction();
    connect(panel_, &ParameterPanel::validityChanged, runAction_, &QAction::setEnabled);
    connect(panel_, &ParameterPanel::configChanged, this, &MainWindow::updatePrediction);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    runAction_ = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Run"), this);
    runAction_->setObjectName(QStringLiteral("runAction"));
    runAction_->setShortcut(QKeySequence(Qt::Key_F5));
    runAction_->setToolTip(tr("Measure the selected methods with these parameters (F5)"));
    connect(runAction_, &QAction::triggered, this, &MainWindow::run);

    stopAction_ = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("&Stop"), this);
    stopAction_->setObjectName(QStringLiteral("stopAction"));
    stopAction_->setShortcut(QKeySequence(Qt::Key_Escape));
    stopAction_->setToolTip(tr("Stop the running benchmark (Esc)"));
    // Nothing can run yet, so there is never anything to stop.
    stopAction_->setEnabled(false);

    quitAction_ = new QAction(tr("&Quit"), this);
    quitAction_->setObjectName(QStringLiteral("quitAction"));
    quitAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quitAction_->setMenuRole(QAction::QuitRole);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    aboutAction_ = new QAction(tr("&About AttnScope"), this);
    aboutAction_->setObjectName(QStringLiteral("aboutAction"));
    aboutAction_->setMenuRole(QAction::AboutRole);
    connect(aboutAction_, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(quitAction_);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(runAction_);
    run->addAction(stopAction_);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addAction(parametersDock_->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(aboutAction_);
}

void MainWindow::createToolBar() {
    QToolBar* toolBar = addToolBar(tr("Run"));
    toolBar->setObjectName(QStringLiteral("runToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(runAction_);
    toolBar->addAction(stopAction_);
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
    tabs_->addTab(timingChart_, tr("Timing"));
    tabs_->addTab(newPlaceholder(tr("Heatmaps of the attention matrices (softmax n×n, Xformer n×m, "
                                    "FAVOR+) and of their differences will appear here after a run."),
                                 palette()),
                  tr("Heatmaps"));
    tabs_->addTab(newPlaceholder(tr("A sortable table with one row per measured point (median, IQR, "
                                    "GFLOP/s, memory) will appear here after a run."),
                                 palette()),
                  tr("Results"));
    setCentralWidget(tabs_);
}

void MainWindow::createStatusBar() {
    machineLabel_ = new QLabel(
        tr("%1 · %2 hardware threads").arg(QString::fromStdString(cpuModelName())).arg(hardwareThreads()));
    machineLabel_->setObjectName(QStringLiteral("machineLabel"));
    machineLabel_->setToolTip(tr("The machine every timing on this screen comes from"));
    statusBar()->addPermanentWidget(machineLabel_);
}

void MainWindow::restoreSettings() {
    const QSettings settings = openSettings();
    const StoredParameters stored =
        readParameters(settings, {ParameterPanel::defaultConfig(), ParameterPanel::defaultMethods()});
    panel_->setConfig(stored.config);
    panel_->setSelectedMethods(stored.methods);
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray(), kWindowStateVersion);
}

void MainWindow::saveSettings() const {
    QSettings settings = openSettings();
    writeParameters(settings, {panel_->config(), panel_->selectedMethods()});
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kWindowStateVersion));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::run() {
    statusBar()->showMessage(tr("Benchmark runs arrive with the measuring engine"), 5000);
}

void MainWindow::updatePrediction() {
    timingChart_->showPrediction(panel_->config(), panel_->selectedMethods());
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
    row(tr("oneTBB"), QString::fromStdString(tbbVersion()));
    row(tr("CPU"), QString::fromStdString(cpuModelName()));
    row(tr("Threads"), QString::number(hardwareThreads()));
    text += QStringLiteral("</table>");
    return text;
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About AttnScope"), aboutText());
}

}  // namespace attnscope
