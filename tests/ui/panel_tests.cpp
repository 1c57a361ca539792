// The parameter panel: defaults, linked slider and spin box, validation in place, tooltips.
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

#include "attnscope/analysis/cost_model.h"
#include "attnscope/io/npy.h"
#include "attnscope/io/results_io.h"
#include "attnscope/measuring/system_info.h"
#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/main_window.h"
#include "attnscope/ui/parameter_panel.h"
#include "attnscope/ui/preset_library.h"
#include "attnscope/ui/results_model.h"
#include "attnscope/ui/sweep_controller.h"
#include "attnscope/ui/sweep_plan.h"

#include "window_test_helpers.h"

using namespace attnscope::test;
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

class PanelTests : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

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
};

void PanelTests::initTestCase() {
    // Keeps the user's real ~/.config/AttnScope untouched.
    QStandardPaths::setTestModeEnabled(true);
}

void PanelTests::init() {
    QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope")).clear();
}

void PanelTests::panelStartsWithDefaults() {
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

void PanelTests::typingIntoSpinBoxUpdatesConfigOnce() {
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

void PanelTests::sliderAndSpinBoxStayLinked() {
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

void PanelTests::linearSlidersAndSpecialValues() {
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

void PanelTests::setConfigRoundTrips() {
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

void PanelTests::seedAcceptsFullUint64() {
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

void PanelTests::betaAboveNIsReportedInPlace() {
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

void PanelTests::noMethodIsReported() {
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

void PanelTests::methodSpecificGroupsFollowSelection() {
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

void PanelTests::controlsHaveToolTipsAndAccessibleNames() {
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

QTEST_MAIN(PanelTests)
#include "panel_tests.moc"
