#include <qcustomplot.h>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QRadioButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include "attnscope/cost_model.h"
#include "attnscope/npy.h"
#include "attnscope/results_io.h"
#include "attnscope/system_info.h"
#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/main_window.h"
#include "session_test_helpers.h"
#include "attnscope/ui/parameter_panel.h"
#include "attnscope/ui/preset_library.h"
#include "attnscope/ui/results_model.h"
#include "attnscope/ui/sweep_controller.h"
#include "attnscope/ui/sweep_plan.h"
#include "test_runner_options.h"

using attnscope::AttentionConfig;
using attnscope::BenchmarkPoint;
using attnscope::BenchmarkResult;
using attnscope::MainWindow;
using attnscope::Method;
using attnscope::ParameterPanel;
using attnscope::ResultsModel;
using attnscope::RunnerOptions;
using attnscope::SweepController;
using attnscope::SweepPlan;

namespace {

using attnscope::test::loadInputsAndWait;

template <typename T>
T* child(const QObject* parent, const QString& name) {
    T* found = parent->findChild<T*>(name);
    if (!found) qFatal("no child named %s", qPrintable(name));
    return found;
}

QSpinBox* spin(const QObject* parent, const char* key) {
    return child<QSpinBox>(parent, QLatin1String(key) + QStringLiteral("SpinBox"));
}

QSlider* slider(const QObject* parent, const char* key) {
    return child<QSlider>(parent, QLatin1String(key) + QStringLiteral("Slider"));
}

QCheckBox* methodCheck(const QObject* parent, const char* name) {
    return child<QCheckBox>(parent, QStringLiteral("methodCheck_") + QLatin1String(name));
}

void typeInto(QWidget* widget, const QString& text) {
    widget->setFocus();
    QTest::keyClick(widget, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(widget, text);
    QTest::keyClick(widget, Qt::Key_Return);
}

int distinctColors(const QImage& image) {
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) colors.insert(line[x]);
    }
    return static_cast<int>(colors.size());
}

QString outputPath(const QString& fileName) {
    return QDir(QStringLiteral(ATTNSCOPE_TEST_OUTPUT_DIR)).filePath(fileName);
}

using attnscope::test::tinyOptions;

AttentionConfig tinyConfig(std::int64_t n = 64) {
    AttentionConfig config = ParameterPanel::defaultConfig();
    config.batch = 1;
    config.n = n;
    config.d = 8;
    config.heads = 1;
    config.alpha = 1;
    config.beta = 2;
    config.threads = 1;
    return config;
}

// A window measuring tiny shapes with tiny options; live mode off unless asked.
void makeTiny(MainWindow& window, bool live, std::int64_t n = 64) {
    window.liveAction()->setChecked(live);
    window.session()->setRunnerOptions(tinyOptions(), tinyOptions());
    window.parameterPanel()->setSelectedMethods({Method::quadratic, Method::linear, Method::softmax});
    window.parameterPanel()->setConfig(tinyConfig(n));
}

BenchmarkResult fakeResult(Method method, std::int64_t n, double median_ms) {
    AttentionConfig config = tinyConfig(n);
    BenchmarkResult result;
    result.point = BenchmarkPoint(method, config);
    result.stats = attnscope::summarize({median_ms * 0.9e-3, median_ms * 1e-3, median_ms * 1.2e-3});
    result.cost = attnscope::estimateCost(method, config);
    return result;
}

int graphsWithData(const QCustomPlot* plot, const QString& prefix) {
    int count = 0;
    for (int i = 0; i < plot->graphCount(); ++i) {
        if (plot->graph(i)->objectName().startsWith(prefix) && !plot->graph(i)->data()->isEmpty()) ++count;
    }
    return count;
}

void writeNpy(const QString& path, const std::vector<std::int64_t>& shape, const std::vector<float>& values) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const std::string bytes = attnscope::serializeNpy(shape, values.data());
    file.write(bytes.data(), static_cast<qint64>(bytes.size()));
}

}  // namespace

class UiTests : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    // ParameterPanel
    void panelStartsWithDefaults();
    void typingIntoSpinBoxUpdatesConfigOnce();
    void sliderAndSpinBoxStayLinked();
    void linearSlidersAndSpecialValues();
    void setConfigRoundTrips();
    void seedAcceptsFullUint64();
    void betaAboveNIsReportedInPlace();
    void noMethodIsReported();
    void methodSpecificGroupsFollowSelection();
    void controlsHaveToolTipsAndAccessibleNames();

    // MainWindow
    void runActionFollowsValidity();
    void statusBarNamesMachine();
    void menusAndShortcuts();
    void timingPlotShowsModelPrediction();
    void heatmapSignalsReachStatusBar();

    // Measuring
    void sweepPlanCoversLog2Range();
    void resultsModelPassesTester();
    void controllerStreamsResults();
    void controllerDropsStaleGeneration();
    void runFillsResultsAndPlot();
    void stopKeepsFinishedRows();
    void liveModeMeasuresOnlyWhatChanged();
    void presetFileRunsThroughController();
    void favorPresetDrawsTheErrorCurve();
    void comparisonOverlaysAndPairsASavedRun();
    void loadInputsFollowTheirShape();
    void screenshotsAfterSweep();
    void settingsRoundTrip();
    void aboutNamesVersions();
    void grabIsNotBlank();
};

void UiTests::initTestCase() {
    // Keeps the user's real ~/.config/AttnScope untouched.
    QStandardPaths::setTestModeEnabled(true);
}

void UiTests::init() {
    QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope")).clear();
}

void UiTests::panelStartsWithDefaults() {
    ParameterPanel panel;
    const AttentionConfig config = panel.config();
    QCOMPARE(config.batch, 4);
    QCOMPARE(config.n, 512);
    QCOMPARE(config.d, 64);
    QCOMPARE(config.heads, 1);
    QCOMPARE(config.alpha, 2);
    QCOMPARE(config.beta, 4);
    QCOMPARE(config.features, 0);
    QCOMPARE(config.threads, 0);
    QCOMPARE(config.seed, 42u);
    QCOMPARE(config.distribution, attnscope::InputDistribution::uniform);
    QCOMPARE(panel.selectedMethods(),
             (std::vector<Method>{Method::quadratic, Method::linear, Method::softmax}));
    QVERIFY(panel.isValid());
    QVERIFY(panel.validationMessage().isEmpty());
    QCOMPARE(slider(&panel, "n")->value(), 9);
}

void UiTests::typingIntoSpinBoxUpdatesConfigOnce() {
    ParameterPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy changed(&panel, &ParameterPanel::configChanged);

    typeInto(spin(&panel, "n"), QStringLiteral("2048"));
    QCOMPARE(panel.config().n, 2048);
    QCOMPARE(slider(&panel, "n")->value(), 11);
    QCOMPARE(changed.count(), 1);

    typeInto(spin(&panel, "d"), QStringLiteral("128"));
    typeInto(spin(&panel, "batch"), QStringLiteral("8"));
    QCOMPARE(panel.config().d, 128);
    QCOMPARE(panel.config().batch, 8);
    QCOMPARE(changed.count(), 3);

    QTest::keyClick(spin(&panel, "heads"), Qt::Key_Up);
    QCOMPARE(panel.config().heads, 2);
    QCOMPARE(changed.count(), 4);
}

void UiTests::sliderAndSpinBoxStayLinked() {
    ParameterPanel panel;
    QSignalSpy changed(&panel, &ParameterPanel::configChanged);
    QSlider* nSlider = slider(&panel, "n");
    QSpinBox* nSpin = spin(&panel, "n");

    nSlider->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    QCOMPARE(nSpin->value(), 1024);
    QCOMPARE(panel.config().n, 1024);
    QCOMPARE(changed.count(), 1);

    nSlider->setValue(nSlider->maximum());
    QCOMPARE(nSpin->value(), 16384);

    // Off the power-of-two grid the slider shows the nearest octave.
    nSpin->setValue(700);
    QCOMPARE(nSlider->value(), 9);
    QCOMPARE(panel.config().n, 700);
    // Beyond the slider's range the spin box still takes the value.
    nSpin->setValue(1 << 20);
    QCOMPARE(nSlider->value(), nSlider->maximum());
    QCOMPARE(panel.config().n, 1 << 20);
    QCOMPARE(nSpin->maximum(), 4194304);
    QCOMPARE(changed.count(), 4);

    slider(&panel, "heads")->setValue(3);
    QCOMPARE(panel.config().heads, 8);
    QCOMPARE(slider(&panel, "d")->maximum(), 12);
    QCOMPARE(slider(&panel, "batch")->maximum(), 8);
}

void UiTests::linearSlidersAndSpecialValues() {
    ParameterPanel panel;
    slider(&panel, "alpha")->setValue(5);
    QCOMPARE(panel.config().alpha, 5);
    spin(&panel, "beta")->setValue(300);
    QCOMPARE(slider(&panel, "beta")->value(), 300);
    QCOMPARE(slider(&panel, "threads")->maximum(), attnscope::hardwareThreads());

    QSpinBox* features = spin(&panel, "features");
    QCOMPARE(features->value(), 0);
    QVERIFY(features->text().startsWith(QStringLiteral("auto")));
    // ceil(64 ln 64) = 267: the panel says what "auto" resolves to.
    QVERIFY2(features->text().contains(QStringLiteral("267")), qPrintable(features->text()));
    QVERIFY(spin(&panel, "threads")->text().startsWith(QStringLiteral("all")));
    slider(&panel, "features")->setValue(128);
    QCOMPARE(panel.config().features, 128);

    child<QRadioButton>(&panel, QStringLiteral("normalRadio"))->click();
    QCOMPARE(panel.config().distribution, attnscope::InputDistribution::normal);
}

void UiTests::setConfigRoundTrips() {
    ParameterPanel panel;
    QSignalSpy changed(&panel, &ParameterPanel::configChanged);
    AttentionConfig config = ParameterPanel::defaultConfig();
    config.batch = 16;
    config.n = 3000;
    config.d = 256;
    config.heads = 8;
    config.alpha = 3;
    config.beta = 7;
    config.features = 100;
    config.threads = 1;
    config.seed = 18446744073709551615ull;
    config.distribution = attnscope::InputDistribution::normal;
    panel.setConfig(config);
    QCOMPARE(panel.config(), config);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(slider(&panel, "d")->value(), 8);

    panel.setConfig(config);
    QCOMPARE(changed.count(), 1);  // nothing changed, nothing to say

    panel.setSelectedMethods({Method::performer, Method::mha});
    QCOMPARE(panel.selectedMethods(), (std::vector<Method>{Method::mha, Method::performer}));
    QCOMPARE(changed.count(), 2);
}

void UiTests::seedAcceptsFullUint64() {
    ParameterPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy changed(&panel, &ParameterPanel::configChanged);
    auto* seed = child<QLineEdit>(&panel, QStringLiteral("seedEdit"));
    QCOMPARE(seed->text(), QStringLiteral("42"));

    typeInto(seed, QStringLiteral("12345678901234567890"));
    QCOMPARE(panel.config().seed, 12345678901234567890ull);
    QCOMPARE(changed.count(), 1);

    // One more digit would overflow uint64: the validator refuses the keystroke.
    QTest::keyClick(seed, Qt::Key_End);
    QTest::keyClick(seed, Qt::Key_9);
    QCOMPARE(seed->text(), QStringLiteral("12345678901234567890"));

    typeInto(seed, QStringLiteral("x7"));
    QCOMPARE(panel.config().seed, 7u);
    QCOMPARE(changed.count(), 2);
}

void UiTests::betaAboveNIsReportedInPlace() {
    ParameterPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy validity(&panel, &ParameterPanel::validityChanged);
    auto* label = child<QLabel>(&panel, QStringLiteral("validationLabel"));
    QVERIFY(label->text().isEmpty());
    QVERIFY(!label->isVisible());

    // beta only matters to xformer; without it, beta > n is no error.
    spin(&panel, "beta")->setValue(1000);
    QVERIFY(panel.isValid());
    QCOMPARE(validity.count(), 0);

    methodCheck(&panel, "xformer")->click();
    QVERIFY(!panel.isValid());
    const QString message = panel.validationMessage();
    QVERIFY2(message.contains(QStringLiteral("beta")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("at most n")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("xformer")), qPrintable(message));
    QCOMPARE(label->text(), message);
    QVERIFY(label->isVisible());
    QVERIFY(child<QLabel>(&panel, QStringLiteral("validationIcon"))->pixmap().width() > 0);
    QCOMPARE(validity.count(), 1);
    QCOMPARE(validity.at(0).at(0).toBool(), false);

    // Raising n above beta fixes it as well as lowering beta does.
    spin(&panel, "n")->setValue(1024);
    QVERIFY(panel.isValid());
    QVERIFY(label->text().isEmpty());
    QVERIFY(!label->isVisible());
    QCOMPARE(validity.count(), 2);
    QCOMPARE(validity.at(1).at(0).toBool(), true);
}

void UiTests::noMethodIsReported() {
    ParameterPanel panel;
    for (const char* name : {"quadratic", "linear", "softmax"}) methodCheck(&panel, name)->click();
    QVERIFY(panel.selectedMethods().empty());
    QVERIFY(!panel.isValid());
    QVERIFY2(panel.validationMessage().contains(QStringLiteral("at least one method")),
             qPrintable(panel.validationMessage()));

    methodCheck(&panel, "performer")->click();
    QVERIFY(panel.isValid());
    QCOMPARE(panel.selectedMethods(), std::vector<Method>{Method::performer});
}

void UiTests::methodSpecificGroupsFollowSelection() {
    ParameterPanel panel;
    auto* xformer = child<QGroupBox>(&panel, QStringLiteral("xformerGroup"));
    auto* performer = child<QGroupBox>(&panel, QStringLiteral("performerGroup"));
    QVERIFY(!xformer->isEnabled());
    QVERIFY(!performer->isEnabled());
    methodCheck(&panel, "xformer")->click();
    QVERIFY(xformer->isEnabled());
    QVERIFY(!performer->isEnabled());
    methodCheck(&panel, "performer")->click();
    QVERIFY(performer->isEnabled());
}

void UiTests::controlsHaveToolTipsAndAccessibleNames() {
    ParameterPanel panel;
    for (const char* key : {"batch", "n", "d", "heads", "alpha", "beta", "features", "threads"}) {
        for (QWidget* widget :
             {static_cast<QWidget*>(spin(&panel, key)), static_cast<QWidget*>(slider(&panel, key))}) {
            QVERIFY2(!widget->toolTip().isEmpty(), key);
            QVERIFY2(!widget->accessibleName().isEmpty(), key);
        }
    }
    for (Method method : attnscope::kAllMethods) {
        const std::string name(attnscope::methodName(method));
        QCheckBox* check = methodCheck(&panel, name.c_str());
        QCOMPARE(check->text(), QString::fromStdString(name));
        QCOMPARE(check->toolTip(), QString::fromStdString(std::string(attnscope::methodDescription(method))));
        QVERIFY(!check->accessibleName().isEmpty());
    }
    QVERIFY(!child<QLineEdit>(&panel, QStringLiteral("seedEdit"))->toolTip().isEmpty());
}

void UiTests::runActionFollowsValidity() {
    MainWindow window;
    ParameterPanel* panel = window.parameterPanel();
    QVERIFY(window.runAction()->isEnabled());
    QVERIFY(!window.stopAction()->isEnabled());

    methodCheck(panel, "xformer")->click();
    spin(panel, "beta")->setValue(600);
    QVERIFY(!panel->isValid());
    QVERIFY(!window.runAction()->isEnabled());
    auto* message = child<QLabel>(panel, QStringLiteral("validationLabel"));
    QVERIFY2(message->text().contains(QStringLiteral("beta")), qPrintable(message->text()));
    // Pressing F5 anyway measures nothing.
    window.runAction()->trigger();
    QVERIFY(!window.sweepController()->isRunning());

    spin(panel, "beta")->setValue(8);
    QVERIFY(panel->isValid());
    QVERIFY(window.runAction()->isEnabled());
}

void UiTests::statusBarNamesMachine() {
    MainWindow window;
    const auto* machine = child<QLabel>(&window, QStringLiteral("machineLabel"));
    QVERIFY(machine->text().contains(QString::fromStdString(attnscope::cpuModelName())));
    QVERIFY(machine->text().contains(QString::number(attnscope::hardwareThreads())));
}

void UiTests::menusAndShortcuts() {
    MainWindow window;
    QCOMPARE(window.windowTitle(), QStringLiteral("AttnScope"));
    QCOMPARE(window.size(), QSize(1280, 800));
    QStringList menus;
    for (QAction* action : window.menuBar()->actions()) menus << action->text().remove(QLatin1Char('&'));
    QCOMPARE(menus, (QStringList{"File", "Run", "View", "Help"}));

    QCOMPARE(window.runAction()->shortcut(), QKeySequence(Qt::Key_F5));
    QCOMPARE(window.stopAction()->shortcut(), QKeySequence(Qt::Key_Escape));
    QCOMPARE(child<QAction>(&window, QStringLiteral("quitAction"))->shortcut(),
             QKeySequence(QStringLiteral("Ctrl+Q")));

    auto* dock = child<QDockWidget>(&window, QStringLiteral("parametersDock"));
    QCOMPARE(dock->windowTitle(), QStringLiteral("Parameters"));
    QCOMPARE(window.dockWidgetArea(dock), Qt::LeftDockWidgetArea);
    QVERIFY(child<QMenu>(&window, QStringLiteral("viewMenu"))->actions().contains(dock->toggleViewAction()));

    auto* tabs = child<QTabWidget>(&window, QStringLiteral("centralTabs"));
    QCOMPARE(tabs->count(), 6);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Timing"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("Heatmaps"));
    QCOMPARE(tabs->tabText(2), QStringLiteral("Results"));
    QVERIFY(qobject_cast<attnscope::HeatmapView*>(tabs->widget(1)->findChild<attnscope::HeatmapView*>()));
    QVERIFY(tabs->widget(2)->findChild<QTableView*>());
    QCOMPARE(tabs->tabText(3), QStringLiteral("Breakdown"));
    QCOMPARE(tabs->tabText(4), QStringLiteral("FAVOR+ error"));
    QCOMPARE(tabs->tabText(5), QStringLiteral("Compare"));

    for (int i = 0; i < 6; ++i) {
        auto* action = child<QAction>(&window, QStringLiteral("showTab%1Action").arg(i + 1));
        QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)));
        action->trigger();
        QCOMPARE(tabs->currentIndex(), i);
    }
    QCOMPARE(child<QAction>(&window, QStringLiteral("openPresetAction"))->shortcut(),
             QKeySequence::keyBindings(QKeySequence::Open).value(0));
    QVERIFY(child<QAction>(&window, QStringLiteral("resetZoomAction")));
    QVERIFY(child<QAction>(&window, QStringLiteral("loadInputsAction")));
    QVERIFY(!child<QAction>(&window, QStringLiteral("randomInputsAction"))->isEnabled());
    const QStringList presets = attnscope::builtInPresetNames();
    QVERIFY(presets.contains(QStringLiteral("notebook")) &&
            presets.contains(QStringLiteral("xformer-table")));
    auto* combo = child<QComboBox>(&window, QStringLiteral("presetCombo"));
    for (const QString& name : presets) {
        QVERIFY(child<QAction>(&window, QStringLiteral("presetAction_") + name));
        QVERIFY(combo->findText(name) >= 0);
    }
    // Always visible: the progress bar and the Stop button.
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(child<QProgressBar>(&window, QStringLiteral("progressBar"))->isVisible());
    QVERIFY(window.stopAction()->isVisible());
}

void UiTests::timingPlotShowsModelPrediction() {
    MainWindow window;
    window.liveAction()->setChecked(false);
    ParameterPanel* panel = window.parameterPanel();
    auto* plot = child<QCustomPlot>(&window, QStringLiteral("timingPlot"));
    QCOMPARE(graphsWithData(plot, QStringLiteral("model:")), 3);
    QCOMPARE(graphsWithData(plot, QStringLiteral("measured:")), 0);
    QCOMPARE(plot->xAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(plot->xAxis->label(), QStringLiteral("sequence length n (tokens)"));
    QCOMPARE(plot->yAxis->label(), QStringLiteral("time per forward pass (ms)"));
    QVERIFY(plot->interactions().testFlag(QCP::iRangeDrag));
    QVERIFY(plot->interactions().testFlag(QCP::iRangeZoom));

    // Unmeasured, the model assumes 100 GFLOP/s over the sweep 16 ... n.
    QCPGraph* softmax = nullptr;
    for (int i = 0; i < plot->graphCount(); ++i) {
        if (plot->graph(i)->objectName().startsWith(QStringLiteral("model:softmax")))
            softmax = plot->graph(i);
    }
    QVERIFY(softmax);
    QCOMPARE(softmax->pen().style(), Qt::DashLine);
    QCOMPARE(softmax->data()->at(0)->key, 16.0);
    const auto last = softmax->data()->at(softmax->data()->size() - 1);
    QCOMPARE(last->key, 512.0);
    QCOMPARE(last->value, attnscope::estimateCost(Method::softmax, panel->config()).flops / 100e9 * 1e3);

    methodCheck(panel, "xformer")->click();
    QCOMPARE(graphsWithData(plot, QStringLiteral("model:")), 4);
    panel->setSelectedMethods({});
    QCOMPARE(graphsWithData(plot, QStringLiteral("model:")), 0);
}

void UiTests::heatmapSignalsReachStatusBar() {
    MainWindow window;
    window.liveAction()->setChecked(false);
    auto* view = child<attnscope::HeatmapView>(&window, QStringLiteral("heatmapView"));
    emit view->failed(QStringLiteral("n is too large for a heatmap"));
    auto* message = child<QLabel>(&window, QStringLiteral("heatmapMessage"));
    QVERIFY(!message->isHidden());
    QCOMPARE(message->text(), QStringLiteral("n is too large for a heatmap"));
    emit view->updated(42.4);
    QVERIFY(message->isHidden());
    QCOMPARE(child<QLabel>(&window, QStringLiteral("heatmapLatencyLabel"))->text(),
             QStringLiteral("heatmaps updated in 42 ms"));
}

void UiTests::settingsRoundTrip() {
    AttentionConfig config = ParameterPanel::defaultConfig();
    config.n = 2048;
    config.d = 128;
    config.heads = 4;
    config.beta = 16;
    config.seed = 9876543210123ull;
    config.distribution = attnscope::InputDistribution::normal;
    const std::vector<Method> methods{Method::softmax, Method::xformer};
    {
        MainWindow window;
        window.parameterPanel()->setConfig(config);
        window.parameterPanel()->setSelectedMethods(methods);
        child<QComboBox>(&window, QStringLiteral("lowerViewCombo"))->setCurrentIndex(2);  // memory
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.close();  // closing is what saves in the app
    }
    const QSettings settings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope"));
    QVERIFY2(settings.fileName().startsWith(
                 QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)),
             qPrintable(settings.fileName()));
    QVERIFY(settings.contains(QStringLiteral("mainWindow/geometry")));

    MainWindow restored;
    QCOMPARE(restored.parameterPanel()->config(), config);
    QCOMPARE(restored.parameterPanel()->selectedMethods(), methods);
    QCOMPARE(child<QComboBox>(&restored, QStringLiteral("lowerViewCombo"))->currentIndex(), 2);

    // Garbage from another version falls back to defaults instead of breaking the window.
    {
        QSettings broken(QStringLiteral("AttnScope"), QStringLiteral("AttnScope"));
        broken.setValue(QStringLiteral("parameters/n"), QStringLiteral("lots"));
        broken.setValue(QStringLiteral("parameters/methods"), QStringList{"softmax", "bogus"});
        broken.setValue(QStringLiteral("view/lowerPlot"), 99);
    }
    MainWindow fallback;
    QCOMPARE(fallback.parameterPanel()->config().n, ParameterPanel::defaultConfig().n);
    QCOMPARE(fallback.parameterPanel()->selectedMethods(), std::vector<Method>{Method::softmax});
    QCOMPARE(child<QComboBox>(&fallback, QStringLiteral("lowerViewCombo"))->currentIndex(), 0);  // speed-up
}

void UiTests::aboutNamesVersions() {
    MainWindow window;
    QString text;
    QTimer::singleShot(0, this, [&text] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        text = box->text();
        box->accept();
    });
    child<QAction>(&window, QStringLiteral("aboutAction"))->trigger();
    QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY(text.contains(QString::fromStdString(attnscope::eigenVersion())));
    QVERIFY(text.contains(QString::fromStdString(attnscope::tbbVersion())));
    QVERIFY(text.contains(QString::fromStdString(attnscope::cpuModelName()).toHtmlEscaped()));
}

void UiTests::grabIsNotBlank() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const QImage image = window.grab().toImage();
    const QString path = outputPath(QStringLiteral("main_window.png"));
    QVERIFY(image.save(path));
    QCOMPARE(QImage(path).size(), image.size());
    QVERIFY(image.width() >= 1280 && image.height() >= 800);
    QVERIFY2(distinctColors(image) > 200, qPrintable(QString::number(distinctColors(image))));

    // The invalid state too, so a reviewer can see the in-place message.
    ParameterPanel* panel = window.parameterPanel();
    methodCheck(panel, "xformer")->click();
    spin(panel, "beta")->setValue(1000);
    QVERIFY(!panel->isValid());
    QVERIFY(window.grab().toImage().save(outputPath(QStringLiteral("main_window_invalid.png"))));

    // On a small screen the parameters scroll instead of being squashed or clipped.
    window.resize(1024, 600);
    QTest::qWait(50);
    QVERIFY(window.grab().toImage().save(outputPath(QStringLiteral("main_window_small.png"))));
    auto* scroll = child<QWidget>(panel, QStringLiteral("parametersScrollArea"));
    auto* controls = child<QWidget>(panel, QStringLiteral("parameterControls"));
    QVERIFY(controls->width() >= controls->minimumSizeHint().width());
    QVERIFY(controls->height() > scroll->height());
    auto* label = child<QLabel>(panel, QStringLiteral("validationLabel"));
    QVERIFY(label->isVisible());
    QVERIFY(!scroll->isAncestorOf(label));
    QVERIFY(panel->rect().contains(QRect(label->mapTo(panel, QPoint(0, 0)), label->size())));
}

void UiTests::sweepPlanCoversLog2Range() {
    QCOMPARE(SweepPlan::lengths(512, true), (std::vector<std::int64_t>{16, 32, 64, 128, 256, 512}));
    QCOMPARE(SweepPlan::lengths(100, true), (std::vector<std::int64_t>{16, 32, 64, 100}));
    QCOMPARE(SweepPlan::lengths(512, false), std::vector<std::int64_t>{512});
    QCOMPARE(SweepPlan::lengths(8, true), std::vector<std::int64_t>{8});
    const auto many = SweepPlan::lengths(1 << 20, true);
    QCOMPARE(static_cast<int>(many.size()), SweepPlan::kMaxLengths);
    QCOMPARE(many.back(), 1 << 20);

    // n outermost, methods inner; beta = 32 rules out xformer below n = 32 but not the other methods.
    AttentionConfig config = tinyConfig(64);
    config.beta = 32;
    const auto points = SweepPlan::points(config, {Method::softmax, Method::xformer}, true, nullptr);
    QStringList names;
    for (const BenchmarkPoint& p : points)
        names << QString::fromStdString(p.name()).section(QLatin1Char('/'), 0, 2);
    QCOMPARE(names, (QStringList{"softmax/batch:1/n:16", "softmax/batch:1/n:32", "xformer/batch:1/n:32",
                                 "softmax/batch:1/n:64", "xformer/batch:1/n:64"}));
    QVERIFY(SweepPlan::liveOptions().max_seconds <= 2.0);
    QVERIFY(SweepPlan::liveOptions().min_seconds < SweepPlan::fullOptions().min_seconds);
}

void UiTests::resultsModelPassesTester() {
    ResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addResult(fakeResult(Method::softmax, 1000, 2.0));
    model.addResult(fakeResult(Method::linear, 200, 0.5));
    BenchmarkResult failed;
    failed.point = BenchmarkPoint(Method::xformer, tinyConfig(16));
    failed.error = "beta = 2 must be <= n";
    model.addResult(failed);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), static_cast<int>(ResultsModel::ColumnCount));
    // A noisy point (IQR/median 100%, above torch.utils.benchmark's 10%) gets an amber spread; quiet ones none.
    BenchmarkResult noisy;
    noisy.point = BenchmarkPoint(Method::quadratic, tinyConfig(32));
    noisy.stats = attnscope::summarize({1e-3, 1e-3, 2e-3, 3e-3, 3e-3});
    model.addResult(noisy);
    BenchmarkResult quiet = noisy;
    quiet.point = BenchmarkPoint(Method::quadratic, tinyConfig(64));
    quiet.stats = attnscope::summarize({2e-3, 2e-3, 2e-3});
    model.addResult(quiet);
    QVERIFY(model.index(3, ResultsModel::SpreadColumn).data(Qt::ForegroundRole).isValid());
    QVERIFY(!model.index(4, ResultsModel::SpreadColumn).data(Qt::ForegroundRole).isValid());
    model.clear();
    model.addResult(fakeResult(Method::softmax, 1000, 2.0));
    model.addResult(fakeResult(Method::linear, 200, 0.5));
    model.addResult(failed);

    // A re-measured point replaces its row.
    model.addResult(fakeResult(Method::linear, 200, 0.25));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1, ResultsModel::MedianColumn).data().toString(), QStringLiteral("0.2500"));
    // Sub-microsecond medians keep their digits instead of reading "0.000".
    model.addResult(fakeResult(Method::linear, 200, 0.000427));
    QCOMPARE(model.index(1, ResultsModel::MedianColumn).data().toString(), QStringLiteral("0.0004270"));
    QCOMPARE(model.index(0, ResultsModel::MethodColumn).data().toString(), QStringLiteral("softmax"));
    QCOMPARE(model.index(0, ResultsModel::AlphaColumn).data().toString(), QString());  // softmax has no alpha
    QCOMPARE(model.index(2, ResultsModel::AlphaColumn).data().toString(), QStringLiteral("1"));
    QCOMPARE(model.index(2, ResultsModel::ErrorColumn).data().toString(),
             QStringLiteral("beta = 2 must be <= n"));
    QCOMPARE(model.index(2, ResultsModel::MedianColumn).data().toString(), QString());
    QVERIFY(model.headerData(ResultsModel::MedianColumn, Qt::Horizontal)
                .toString()
                .contains(QStringLiteral("ms")));
    const double gflops = model.index(0, ResultsModel::GflopsColumn).data(ResultsModel::SortRole).toDouble();
    QVERIFY(gflops > 0);

    // Numbers sort as numbers: n 200 before 1000, not after.
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(ResultsModel::SortRole);
    proxy.sort(ResultsModel::NColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, ResultsModel::NColumn).data().toString(), QStringLiteral("16"));
    QCOMPARE(proxy.index(1, ResultsModel::NColumn).data().toString(), QStringLiteral("200"));
    QCOMPARE(proxy.index(2, ResultsModel::NColumn).data().toString(), QStringLiteral("1000"));

    model.setResults({fakeResult(Method::quadratic, 32, 1.0)});
    QCOMPARE(model.rowCount(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void UiTests::controllerStreamsResults() {
    SweepController controller;
    QSignalSpy results(&controller, &SweepController::resultReady);
    QSignalSpy progress(&controller, &SweepController::progress);
    QSignalSpy finished(&controller, &SweepController::finished);
    const auto points = SweepPlan::points(tinyConfig(64), {Method::softmax, Method::linear}, true, nullptr);
    controller.start(points, tinyOptions());
    QVERIFY(controller.isRunning());
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY(!controller.isRunning());
    QCOMPARE(results.count(), static_cast<int>(points.size()));
    for (int i = 0; i < results.count(); ++i) {
        const auto result = results.at(i).at(0).value<BenchmarkResult>();
        QVERIFY2(result.ok(), result.error.c_str());
        QCOMPARE(result.point.name(), points[static_cast<std::size_t>(i)].name());
    }
    QCOMPARE(progress.last().at(0).toInt(), static_cast<int>(points.size()));
    QVERIFY(progress.last().at(2).toString().isEmpty());
}

void UiTests::controllerDropsStaleGeneration() {
    SweepController controller;
    // Ignores the cancel flag and reports late, like a worker that was mid-point when the request changed.
    controller.setSweepFunction([](const std::vector<BenchmarkPoint>& points, const RunnerOptions&,
                                   const attnscope::CancelFlag*,
                                   const std::function<void(const attnscope::SweepProgress&)>&,
                                   const std::function<void(const BenchmarkResult&)>& onResult) {
        std::vector<BenchmarkResult> results;
        for (const BenchmarkPoint& point : points) {
            QThread::msleep(30);
            BenchmarkResult result = fakeResult(point.method, point.config.n, 1.0);
            onResult(result);
            results.push_back(result);
        }
        return results;
    });
    QSignalSpy results(&controller, &SweepController::resultReady);
    QSignalSpy finished(&controller, &SweepController::finished);
    QSignalSpy running(&controller, &SweepController::runningChanged);
    const quint64 stale = controller.start(
        {BenchmarkPoint(Method::softmax, tinyConfig(16)), BenchmarkPoint(Method::softmax, tinyConfig(32)),
         BenchmarkPoint(Method::softmax, tinyConfig(64))},
        tinyOptions());
    const quint64 latest = controller.start({BenchmarkPoint(Method::linear, tinyConfig(128))}, tinyOptions());
    QVERIFY(latest > stale);
    QCOMPARE(controller.generation(), latest);
    QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(), 10000);
    QCOMPARE(results.count(), 1);
    QCOMPARE(results.at(0).at(0).value<BenchmarkResult>().point.method, Method::linear);
    QCOMPARE(finished.count(), 1);  // the replaced request never reports
    QCOMPARE(running.count(), 2);   // true once, false once: the hand-over is seamless
}

void UiTests::runFillsResultsAndPlot() {
    MainWindow window;
    makeTiny(window, false, 64);
    ResultsModel* model = window.resultsModel();
    QCOMPARE(model->rowCount(), 0);

    // Change a spin box like a user, then press F5.
    spin(window.parameterPanel(), "n")->setValue(128);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_F5);
    QVERIFY(window.sweepController()->isRunning());
    QVERIFY(window.stopAction()->isEnabled());
    const int points = 3 * 4;  // 3 methods x n = 16, 32, 64, 128
    QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 30000);
    QCOMPARE(model->rowCount(), points);
    QVERIFY(!window.stopAction()->isEnabled());
    for (const BenchmarkResult& r : model->results()) QVERIFY2(r.ok(), r.error.c_str());

    auto* plot = child<QCustomPlot>(&window, QStringLiteral("timingPlot"));
    QCOMPARE(graphsWithData(plot, QStringLiteral("measured:")), 3);
    QCOMPARE(graphsWithData(plot, QStringLiteral("q3:")), 3);
    auto* lower = child<QCustomPlot>(&window, QStringLiteral("lowerPlot"));
    QVERIFY2(lower->yAxis->label().contains(QStringLiteral("softmax")), qPrintable(lower->yAxis->label()));
    QCOMPARE(graphsWithData(lower, QStringLiteral("speedup:")), 2);  // quadratic and linear over softmax
    child<QComboBox>(&window, QStringLiteral("lowerViewCombo"))->setCurrentIndex(1);
    QCOMPARE(lower->yAxis->label(), QStringLiteral("throughput (GFLOP/s)"));
    QCOMPARE(graphsWithData(lower, QStringLiteral("gflops:")), 3);
    child<QComboBox>(&window, QStringLiteral("lowerViewCombo"))->setCurrentIndex(2);
    QVERIFY2(lower->yAxis->label().startsWith(QStringLiteral("memory (MiB)")), qPrintable(lower->yAxis->label()));
    QCOMPARE(graphsWithData(lower, QStringLiteral("memoryModel:")), 3);

    // The Breakdown tab: one stacked bar per point, the stages of each adding up to at most 100%.
    auto* stagePlot = child<QCustomPlot>(&window, QStringLiteral("stagePlot"));
    QVERIFY(stagePlot->plottableCount() >= 3);  // scores, weighted sum, ... and "other"
    std::vector<double> stacked(points, 0.0);
    for (int i = 0; i < stagePlot->plottableCount(); ++i) {
        auto* bars = qobject_cast<QCPBars*>(stagePlot->plottable(i));
        QVERIFY(bars);
        QCOMPARE(bars->data()->size(), points);
        for (int p = 0; p < points; ++p) stacked[static_cast<std::size_t>(p)] += bars->data()->at(p)->value;
    }
    for (double total : stacked) QVERIFY2(total > 99.0 && total < 100.5, qPrintable(QString::number(total)));
    auto* stageChart = child<QWidget>(&window, QStringLiteral("stageChart"));
    window.findChild<QTabWidget*>()->setCurrentWidget(stageChart);
    stagePlot->replot();
    const QPoint barMiddle(qRound(stagePlot->xAxis->coordToPixel(points - 1)),
                           qRound(stagePlot->yAxis->coordToPixel(10)));
    QString stageTip;
    QVERIFY(QMetaObject::invokeMethod(stageChart, "toolTipAt", Q_RETURN_ARG(QString, stageTip),
                                      Q_ARG(QPoint, barMiddle)));
    QVERIFY2(stageTip.contains(QStringLiteral("ms per call")), qPrintable(stageTip));

    // Hovering a measured point names it.
    QCPGraph* measured = nullptr;
    for (int i = 0; i < plot->graphCount(); ++i) {
        if (plot->graph(i)->objectName().startsWith(QStringLiteral("measured:linear")))
            measured = plot->graph(i);
    }
    QVERIFY(measured);
    auto* chart = child<QWidget>(&window, QStringLiteral("timingChart"));
    const auto first = measured->data()->at(0);
    const QPoint pixel(qRound(plot->xAxis->coordToPixel(first->key)),
                       qRound(plot->yAxis->coordToPixel(first->value)));
    QString tip;
    QVERIFY(QMetaObject::invokeMethod(chart, "toolTipAt", Q_RETURN_ARG(QString, tip), Q_ARG(QPoint, pixel)));
    for (const char* part : {"linear", "n = 16", "median", "IQR", "GFLOP/s", "repetitions"}) {
        QVERIFY2(tip.contains(QLatin1String(part)), qPrintable(tip));
    }
    QVERIFY(QMetaObject::invokeMethod(chart, "toolTipAt", Q_RETURN_ARG(QString, tip),
                                      Q_ARG(QPoint, QPoint(2, 2))));
    QVERIFY(tip.isEmpty());

    const auto* last = child<QLabel>(&window, QStringLiteral("lastPointLabel"));
    QVERIFY2(last->text().contains(QStringLiteral("ms")), qPrintable(last->text()));
    const auto* badge = child<QLabel>(&window, QStringLiteral("varianceLabel"));
    QVERIFY2(badge->text().contains(QStringLiteral("IQR/median")), qPrintable(badge->text()));
    QCOMPARE(child<QProgressBar>(&window, QStringLiteral("progressBar"))->value(), points);

    // The Results tab: sortable, and without columns no measured method uses.
    auto* table = child<QTableView>(&window, QStringLiteral("resultsView"));
    QVERIFY(table->isSortingEnabled());
    QCOMPARE(table->model()->rowCount(), points);
    QVERIFY(table->isColumnHidden(ResultsModel::AlphaColumn));
    QVERIFY(table->isColumnHidden(ResultsModel::FeaturesColumn));
    QVERIFY(!table->isColumnHidden(ResultsModel::MedianColumn));
}

void UiTests::stopKeepsFinishedRows() {
    MainWindow window;
    makeTiny(window, false, 256);
    RunnerOptions slow = tinyOptions();
    slow.min_seconds = 0.25;  // 15 points x 0.25 s: long enough to stop in the middle
    slow.max_repetitions = 1000000;
    window.session()->setRunnerOptions(tinyOptions(), slow);
    QSignalSpy finished(window.sweepController(), &SweepController::finished);
    window.runAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.resultsModel()->rowCount() >= 1, 20000);
    window.stopAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 10000);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    const int rows = window.resultsModel()->rowCount();
    QVERIFY2(rows >= 1 && rows < 15, qPrintable(QString::number(rows)));
    for (const BenchmarkResult& r : window.resultsModel()->results()) QVERIFY(r.ok());
    QVERIFY(!window.stopAction()->isEnabled());
    QTest::qWait(50);
    QCOMPARE(window.resultsModel()->rowCount(), rows);  // nothing trickles in afterwards
}

void UiTests::liveModeMeasuresOnlyWhatChanged() {
    MainWindow window;
    QVERIFY(window.liveAction()->isChecked());  // on by default
    QSignalSpy started(window.sweepController(), &SweepController::started);
    makeTiny(window, true, 64);
    QTRY_VERIFY_WITH_TIMEOUT(window.resultsModel()->rowCount() == 9 && !window.sweepController()->isRunning(),
                             20000);
    const int sweeps = started.count();
    QVERIFY(sweeps >= 1);

    // Doubling n adds one length; only its three points are measured, the nine others come from the cache.
    spin(window.parameterPanel(), "n")->setValue(128);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.resultsModel()->rowCount() == 12 && !window.sweepController()->isRunning(), 20000);
    QCOMPARE(started.count(), sweeps + 1);
    QCOMPARE(started.last().at(1).toInt(), 3);

    // Back to 64: everything is cached, nothing runs.
    spin(window.parameterPanel(), "n")->setValue(64);
    QTRY_COMPARE_WITH_TIMEOUT(window.resultsModel()->rowCount(), 9, 5000);
    QCOMPARE(started.count(), sweeps + 1);

    // Invalid input stops live mode from measuring.
    methodCheck(window.parameterPanel(), "xformer")->click();
    spin(window.parameterPanel(), "beta")->setValue(1000);
    QVERIFY(!window.runAction()->isEnabled());
    QTest::qWait(attnscope::ExperimentSession::kLiveDelayMs * 2);
    QCOMPARE(started.count(), sweeps + 1);

    // Turning live mode off cancels a change that is still waiting out its debounce (it once ran anyway).
    spin(window.parameterPanel(), "beta")->setValue(1);
    spin(window.parameterPanel(), "n")->setValue(256);
    window.liveAction()->setChecked(false);
    QTest::qWait(attnscope::ExperimentSession::kLiveDelayMs * 3);
    QCOMPARE(started.count(), sweeps + 1);
}

void UiTests::comparisonOverlaysAndPairsASavedRun() {
    MainWindow window;
    makeTiny(window, false);
    QTemporaryDir dir;
    QFile bad(dir.filePath(QStringLiteral("bad.json")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"not\": \"results\"}");
    bad.close();
    const QString error = window.session()->loadComparison(bad.fileName());
    QVERIFY2(error.contains(QStringLiteral("bad.json")) && error.contains(QStringLiteral("benchmarks")),
             qPrintable(error));

    // A saved run of the same points, written as attnscope bench --format json would.
    AttentionConfig config;
    config.batch = 1;
    config.d = 8;
    config.threads = 1;
    std::vector<BenchmarkPoint> points;
    for (std::int64_t n : {16, 32}) {
        config.n = n;
        points.push_back({Method::softmax, config});
    }
    const auto saved = attnscope::runSweep(points, tinyOptions());
    attnscope::RunContext pytorchContext;
    pytorchContext.engine = "pytorch";
    QFile file(dir.filePath(QStringLiteral("saved.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(attnscope::resultsToJson(saved, pytorchContext)));
    file.close();

    QTemporaryDir presetDir;
    const QString preset = presetDir.filePath(QStringLiteral("p.json"));
    QFile presetFile(preset);
    QVERIFY(presetFile.open(QIODevice::WriteOnly));
    presetFile.write(R"({"name": "p", "defaults": {"d": 8, "batch": 1, "threads": 1},
                       "runs": [{"methods": ["softmax"], "n": [16, 32, 64]}]})");
    presetFile.close();
    QCOMPARE(window.session()->runPreset(preset), QString());
    QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 20000);

    QCOMPARE(window.session()->loadComparison(file.fileName()), QString());
    auto* table = child<QTableWidget>(&window, QStringLiteral("compareTable"));
    QCOMPARE(table->rowCount(), 2);  // n = 64 has no partner in the file
    QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("pytorch ms"));
    for (int row = 0; row < 2; ++row) {
        QVERIFY(table->item(row, 1)->text().toDouble() > 0);
        QVERIFY(table->item(row, 3)->text().endsWith(QStringLiteral("×")));
        QVERIFY(!table->item(row, 4)->text().isEmpty());
    }
    auto* plot = child<QCustomPlot>(&window, QStringLiteral("timingPlot"));
    QCOMPARE(graphsWithData(plot, QStringLiteral("overlay:")), 1);
    window.session()->clearComparison();
    QCOMPARE(graphsWithData(plot, QStringLiteral("overlay:")), 0);
    QCOMPARE(table->rowCount(), 0);
}

void UiTests::favorPresetDrawsTheErrorCurve() {
    MainWindow window;
    makeTiny(window, false);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("favor.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "favor", "layout": "favor-error",
                  "defaults": {"batch": 1, "n": 64, "d": 16, "heads": 2, "threads": 1},
                  "runs": [{"methods": ["softmax"]}, {"methods": ["performer"], "features": [4, 8, 32]}]})");
    file.close();
    QCOMPARE(window.session()->runPreset(path), QString());
    QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 20000);
    auto* plot = child<QCustomPlot>(&window, QStringLiteral("favorErrorPlot"));
    QVERIFY(plot->graphCount() >= 4);  // output error, attention error, FAVOR+ time, softmax time
    QCOMPARE(plot->graph(0)->data()->size(), 3);
    QCOMPARE(plot->graph(1)->data()->size(), 3);
    QCOMPARE(plot->graph(3)->data()->size(), 2);  // softmax's time as a line across
    for (int i = 0; i < 3; ++i) QVERIFY(plot->graph(0)->data()->at(i)->value > 0);
}

void UiTests::presetFileRunsThroughController() {
    MainWindow window;
    makeTiny(window, false);
    QVERIFY(window.session()->runPreset(QStringLiteral("no-such-preset")).contains(QStringLiteral("notebook")));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("tiny.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "tiny", "title": "Tiny check", "defaults": {"d": 8, "batch": 1, "threads": 1},
                  "runs": [{"methods": ["softmax", "linear"], "n": [16, 32]}]})");
    file.close();
    QCOMPARE(window.session()->runPreset(path), QString());
    QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 20000);
    QCOMPARE(window.resultsModel()->rowCount(), 4);
    auto* title = child<QCustomPlot>(&window, QStringLiteral("timingPlot"));
    bool captioned = false;
    for (int i = 0; i < title->plotLayout()->elementCount(); ++i) {
        if (auto* text = qobject_cast<QCPTextElement*>(title->plotLayout()->elementAt(i))) {
            captioned = captioned || text->text().contains(QStringLiteral("preset tiny"));
        }
    }
    QVERIFY(captioned);
}

void UiTests::loadInputsFollowTheirShape() {
    MainWindow window;
    makeTiny(window, false);
    ParameterPanel* panel = window.parameterPanel();
    QVERIFY(panel->inputsText().contains(QStringLiteral("random")));
    QTemporaryDir dir;
    const std::vector<float> values(2 * 32 * 8, 0.25f);
    for (const char* name : {"q.npy", "k.npy", "v.npy"})
        writeNpy(dir.filePath(QLatin1String(name)), {2, 32, 8}, values);
    std::vector<float> bad = values;
    bad[5] = std::numeric_limits<float>::quiet_NaN();
    writeNpy(dir.filePath(QStringLiteral("x_bad.npy")), {2, 32, 8}, bad);

    // One file is X, whatever its name.
    QCOMPARE(loadInputsAndWait(*window.session(), {dir.filePath(QStringLiteral("q.npy"))}), QString());
    QVERIFY(panel->inputsText().startsWith(QStringLiteral("loaded (2, 32, 8) from q.npy")));
    window.session()->useRandomInputs();
    QVERIFY(
        loadInputsAndWait(*window.session(), {dir.filePath(QStringLiteral("q.npy")), dir.filePath(QStringLiteral("k.npy"))})
            .contains(QStringLiteral("three files")));
    const QString nan = loadInputsAndWait(*window.session(), {dir.filePath(QStringLiteral("x_bad.npy"))});
    QVERIFY2(nan.contains(QStringLiteral("NaN")), qPrintable(nan));

    const QString ok =
        loadInputsAndWait(*window.session(), {dir.filePath(QStringLiteral("v.npy")), dir.filePath(QStringLiteral("q.npy")),
                               dir.filePath(QStringLiteral("k.npy"))});
    QVERIFY2(ok.isEmpty(), qPrintable(ok));
    QCOMPARE(panel->config().batch, 2);
    QCOMPARE(panel->config().n, 32);
    QCOMPARE(panel->config().d, 8);
    QVERIFY2(panel->inputsText().startsWith(QStringLiteral("loaded (2, 32, 8)")),
             qPrintable(panel->inputsText()));
    QVERIFY(child<QAction>(&window, QStringLiteral("randomInputsAction"))->isEnabled());

    // Loaded inputs fix n: the run measures the data's n only, with the data.
    window.runAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 20000);
    QCOMPARE(window.resultsModel()->rowCount(), 3);
    for (const BenchmarkResult& r : window.resultsModel()->results()) {
        QCOMPARE(r.point.config.n, 32);
        QVERIFY(r.point.inputs);
    }

    child<QAction>(&window, QStringLiteral("randomInputsAction"))->trigger();
    QVERIFY(panel->inputsText().contains(QStringLiteral("random")));
}

void UiTests::screenshotsAfterSweep() {
    MainWindow window;
    makeTiny(window, false, 256);
    window.parameterPanel()->setSelectedMethods(
        {Method::quadratic, Method::linear, Method::softmax, Method::performer});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.runAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 30000);
    QCOMPARE(window.resultsModel()->rowCount(), 4 * 5);

    auto* tabs = child<QTabWidget>(&window, QStringLiteral("centralTabs"));
    const struct {
        int tab;
        const char* file;
    } shots[] = {{0, "timing_tab.png"}, {2, "results_tab.png"}};
    for (const auto& shot : shots) {
        tabs->setCurrentIndex(shot.tab);
        QTest::qWait(50);
        const QImage image = window.grab().toImage();
        const QString path = outputPath(QLatin1String(shot.file));
        QVERIFY(image.save(path));
        QVERIFY2(distinctColors(QImage(path)) > 200, shot.file);
        // The tab itself, not just the dock, must have content.
        const QImage page = tabs->currentWidget()->grab().toImage();
        QVERIFY2(distinctColors(page) > 50, shot.file);
    }
}

QTEST_MAIN(UiTests)
#include "ui_tests.moc"
