// The window: menus, shortcuts, status bar, settings, About, screenshots.
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

class WindowTests : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void runActionFollowsValidity();
    void statusBarNamesMachine();
    void menusAndShortcuts();
    void heatmapSignalsReachStatusBar();
    void settingsRoundTrip();
    void aboutNamesVersions();
    void grabIsNotBlank();
    void screenshotsAfterSweep();
};

void WindowTests::initTestCase() {
    // Keeps the user's real ~/.config/AttnScope untouched.
    QStandardPaths::setTestModeEnabled(true);
}

void WindowTests::init() {
    QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope")).clear();
}

void WindowTests::runActionFollowsValidity() {
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

void WindowTests::statusBarNamesMachine() {
    MainWindow window;
    const auto* machine = child<QLabel>(&window, QStringLiteral("machineLabel"));
    QVERIFY(machine->text().contains(QString::fromStdString(attnscope::cpuModelName())));
    QVERIFY(machine->text().contains(QString::number(attnscope::hardwareThreads())));
}

void WindowTests::menusAndShortcuts() {
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
    QCOMPARE(tabs->count(), 7);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Timing"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("Heatmaps"));
    QCOMPARE(tabs->tabText(2), QStringLiteral("Results"));
    QVERIFY(qobject_cast<attnscope::HeatmapView*>(tabs->widget(1)->findChild<attnscope::HeatmapView*>()));
    QVERIFY(tabs->widget(2)->findChild<QTableView*>());
    QCOMPARE(tabs->tabText(3), QStringLiteral("Breakdown"));
    QCOMPARE(tabs->tabText(4), QStringLiteral("Roofline"));
    QCOMPARE(tabs->tabText(5), QStringLiteral("FAVOR+ error"));
    QCOMPARE(tabs->tabText(6), QStringLiteral("Compare"));

    for (int i = 0; i < 7; ++i) {
        auto* action = child<QAction>(&window, QStringLiteral("showTab%1Action").arg(i + 1));
        QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)));
        action->trigger();
        QCOMPARE(tabs->currentIndex(), i);
    }
    QCOMPARE(child<QAction>(&window, QStringLiteral("openResultsAction"))->shortcut(),
             QKeySequence::keyBindings(QKeySequence::Open).value(0));
    QCOMPARE(child<QAction>(&window, QStringLiteral("openPresetAction"))->shortcut(),
             QKeySequence(QStringLiteral("Ctrl+Shift+P")));
    QVERIFY(child<QAction>(&window, QStringLiteral("resetZoomAction")));
    QVERIFY(child<QAction>(&window, QStringLiteral("loadInputsAction")));
    QVERIFY(child<QAction>(&window, QStringLiteral("loadInputFolderAction")));
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

void WindowTests::heatmapSignalsReachStatusBar() {
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

void WindowTests::settingsRoundTrip() {
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

void WindowTests::aboutNamesVersions() {
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

void WindowTests::grabIsNotBlank() {
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

void WindowTests::screenshotsAfterSweep() {
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

QTEST_MAIN(WindowTests)
#include "window_tests.moc"
