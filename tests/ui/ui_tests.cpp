#include <qcustomplot.h>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QGroupBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QRadioButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

#include "attnscope/cost_model.h"
#include "attnscope/system_info.h"
#include "attnscope/ui/main_window.h"
#include "attnscope/ui/parameter_panel.h"

using attnscope::AttentionConfig;
using attnscope::MainWindow;
using attnscope::Method;
using attnscope::ParameterPanel;

namespace {

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
    void runShowsStatusMessage();
    void menusAndShortcuts();
    void timingPlotShowsModelPrediction();
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

    spin(panel, "beta")->setValue(8);
    QVERIFY(panel->isValid());
    QVERIFY(window.runAction()->isEnabled());
}

void UiTests::runShowsStatusMessage() {
    MainWindow window;
    window.runAction()->trigger();
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("measuring engine")),
             qPrintable(window.statusBar()->currentMessage()));
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
    QCOMPARE(tabs->count(), 3);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Timing"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("Heatmaps"));
    QCOMPARE(tabs->tabText(2), QStringLiteral("Results"));
}

void UiTests::timingPlotShowsModelPrediction() {
    MainWindow window;
    ParameterPanel* panel = window.parameterPanel();
    auto* plot = child<QCustomPlot>(&window, QStringLiteral("timingPlot"));
    QCOMPARE(plot->graphCount(), 3);
    QCOMPARE(plot->xAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(plot->xAxis->label(), QStringLiteral("sequence length n"));
    QCOMPARE(plot->yAxis->label(), QStringLiteral("time per forward (ms)"));
    auto* title = child<QCPTextElement>(plot, QStringLiteral("timingTitle"));
    QVERIFY2(title->text().contains(QStringLiteral("model prediction at 100 GFLOP/s")),
             qPrintable(title->text()));

    QCPGraph* softmax = plot->graph(2);
    QVERIFY(softmax->name().startsWith(QStringLiteral("softmax")));
    QVERIFY(softmax->pen().style() != Qt::SolidLine);
    // quadratic has the same FLOPs, so its dashes must fall into softmax's gaps.
    QCOMPARE(plot->graph(0)->pen().dashPattern(), softmax->pen().dashPattern());
    QVERIFY(plot->graph(0)->pen().dashOffset() != softmax->pen().dashOffset());
    QCOMPARE(softmax->data()->at(0)->key, 16.0);
    const auto last = softmax->data()->at(softmax->data()->size() - 1);
    QCOMPARE(last->key, 16384.0);
    AttentionConfig config = panel->config();
    config.n = 16384;
    QCOMPARE(last->value, attnscope::estimateCost(Method::softmax, config).flops / 100e9 * 1e3);

    methodCheck(panel, "xformer")->click();
    QCOMPARE(plot->graphCount(), 4);
    // A bigger batch shifts every curve up by the same factor.
    const double before = plot->graph(0)->data()->at(0)->value;
    spin(panel, "batch")->setValue(8);
    QCOMPARE(plot->graph(0)->data()->at(0)->value, 2 * before);

    panel->setSelectedMethods({});
    QCOMPARE(plot->graphCount(), 0);
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

    // Garbage from another version falls back to defaults instead of breaking the window.
    {
        QSettings broken(QStringLiteral("AttnScope"), QStringLiteral("AttnScope"));
        broken.setValue(QStringLiteral("parameters/n"), QStringLiteral("lots"));
        broken.setValue(QStringLiteral("parameters/methods"), QStringList{"softmax", "bogus"});
    }
    MainWindow fallback;
    QCOMPARE(fallback.parameterPanel()->config().n, ParameterPanel::defaultConfig().n);
    QCOMPARE(fallback.parameterPanel()->selectedMethods(), std::vector<Method>{Method::softmax});
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

QTEST_MAIN(UiTests)
#include "ui_tests.moc"
