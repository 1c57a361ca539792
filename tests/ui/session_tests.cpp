// The session: sweep plans, the sweep controller over the job tracker, live mode, presets and inputs.
#include <qcustomplot.h>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QGroupBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
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
#include <QUrl>

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

#include "attnscope/ui/job_tracker.h"
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

class SessionTests : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void sweepPlanCoversLog2Range();
    void controllerStreamsResults();
    void controllerDropsStaleGeneration();
    void stopKeepsFinishedRows();
    void liveModeMeasuresOnlyWhatChanged();
    void presetFileRunsThroughController();
    void savedSessionReopensWithEveryTabFilled();
    void recentRunsAndDroppedFilesOpen();
    void loadInputsFollowTheirShape();
    void loadInputFolderKeepsTheTokensAndHeads();
    void trackerDeliversOnlyTheNewestJob();
    void trackerDropsDeliveriesToAGoneContext();
};

void SessionTests::initTestCase() {
    // Keeps the user's real ~/.config/AttnScope untouched.
    QStandardPaths::setTestModeEnabled(true);
}

void SessionTests::init() {
    QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope")).clear();
}

void SessionTests::sweepPlanCoversLog2Range() {
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

void SessionTests::controllerStreamsResults() {
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

void SessionTests::controllerDropsStaleGeneration() {
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

void SessionTests::stopKeepsFinishedRows() {
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

void SessionTests::liveModeMeasuresOnlyWhatChanged() {
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

void SessionTests::presetFileRunsThroughController() {
    MainWindow window;
    makeTiny(window, false);
    QVERIFY(
        window.session()->runPreset(QStringLiteral("no-such-preset")).contains(QStringLiteral("notebook")));

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

// Save session, then open it in a fresh window: the panel, the methods, every point with its repetitions
// and stages come back; a corrupt file changes nothing and names the problem.
void SessionTests::savedSessionReopensWithEveryTabFilled() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("session.json"));
    std::vector<BenchmarkResult> measured;
    AttentionConfig config;
    {
        MainWindow window;
        makeTiny(window, false);
        config = tinyConfig(32);
        config.heads = 2;
        window.parameterPanel()->setConfig(config);
        window.parameterPanel()->setSelectedMethods({Method::softmax, Method::linear});
        window.session()->runAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 20000);
        measured = window.session()->results();
        QVERIFY(measured.size() >= 2);
        QCOMPARE(window.session()->saveSession(path, false), QString());
        QVERIFY(window.session()->saveSession(path, false).contains(QStringLiteral("exists")));
    }
    MainWindow window;
    makeTiny(window, false);
    QSignalSpy opened(window.session(), &attnscope::ExperimentSession::runOpened);
    QCOMPARE(window.openResults(path, true), QString());
    QCOMPARE(opened.count(), 1);
    QVERIFY2(opened.at(0).at(1).toStringList().isEmpty(),
             qPrintable(opened.at(0).at(1).toStringList().join(";")));
    QVERIFY(!window.liveAction()->isChecked());
    QCOMPARE(window.parameterPanel()->config().heads, 2);
    QCOMPARE(window.parameterPanel()->selectedMethods(),
             (std::vector<Method>{Method::linear, Method::softmax}));
    QCOMPARE(window.resultsModel()->rowCount(), static_cast<int>(measured.size()));
    const std::vector<BenchmarkResult>& reopened = window.session()->results();
    for (std::size_t i = 0; i < measured.size(); ++i) {
        QCOMPARE(reopened[i].point.name(), measured[i].point.name());
        QCOMPARE(reopened[i].stats.samples.size(), measured[i].stats.samples.size());
        QCOMPARE(reopened[i].stages.stages.size(), measured[i].stages.stages.size());
    }
    auto* plot = child<QCustomPlot>(&window, QStringLiteral("timingPlot"));
    QVERIFY(graphsWithData(plot, QStringLiteral("measured:")) >= 2);
    QCOMPARE(window.session()->openedFile(), QFileInfo(path).absoluteFilePath());

    // A corrupt file: a message naming it, and what is on screen stays.
    const QString corrupt = dir.filePath(QStringLiteral("corrupt.json"));
    QFile bad(corrupt);
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"benchmarks\": [");
    bad.close();
    const QString error = window.openResults(corrupt, true);
    QVERIFY2(error.contains(QStringLiteral("corrupt.json: not valid JSON")), qPrintable(error));
    QCOMPARE(window.resultsModel()->rowCount(), static_cast<int>(measured.size()));
}

// Open recent lists what was opened, newest first, and prunes files that are gone; a .json dropped on the
// window opens like File → Open results.
void SessionTests::recentRunsAndDroppedFilesOpen() {
    QTemporaryDir dir;
    const QString first = dir.filePath(QStringLiteral("first.json"));
    const QString second = dir.filePath(QStringLiteral("second.json"));
    {
        MainWindow window;
        makeTiny(window, false);
        window.parameterPanel()->setConfig(tinyConfig(16));
        window.parameterPanel()->setSelectedMethods({Method::linear});
        window.session()->runAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 20000);
        QCOMPARE(window.session()->saveSession(first, false), QString());
        QCOMPARE(window.session()->saveSession(second, false), QString());
    }
    MainWindow window;
    makeTiny(window, false);
    QCOMPARE(window.openResults(first, true), QString());
    QCOMPARE(window.openResults(second, true), QString());
    auto* recent = window.menuBar()->findChild<QMenu*>(QStringLiteral("recentMenu"));
    QVERIFY(recent);
    QVERIFY(QFile::remove(first));
    QMetaObject::invokeMethod(recent, "aboutToShow");
    QStringList entries;
    for (QAction* action : recent->actions()) entries << action->text();
    QCOMPARE(entries, QStringList{QStringLiteral("second.json")});
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Removed 1 missing file")));

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(second)});
    window.session()->runAction()->trigger();  // something else on screen first
    QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 20000);
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QTRY_COMPARE(window.session()->openedFile(), QFileInfo(second).absoluteFilePath());
}

void SessionTests::loadInputsFollowTheirShape() {
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
    QVERIFY(loadInputsAndWait(*window.session(),
                              {dir.filePath(QStringLiteral("q.npy")), dir.filePath(QStringLiteral("k.npy"))})
                .contains(QStringLiteral("three files")));
    const QString nan = loadInputsAndWait(*window.session(), {dir.filePath(QStringLiteral("x_bad.npy"))});
    QVERIFY2(nan.contains(QStringLiteral("NaN")), qPrintable(nan));

    const QString ok = loadInputsAndWait(
        *window.session(), {dir.filePath(QStringLiteral("v.npy")), dir.filePath(QStringLiteral("q.npy")),
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

void SessionTests::loadInputFolderKeepsTheTokensAndHeads() {
    MainWindow window;
    makeTiny(window, false);
    QVERIFY(child<QAction>(&window, QStringLiteral("loadInputFolderAction")));
    QTemporaryDir dir;
    const std::vector<float> values(1 * 4 * 8, 0.5f);
    for (const char* name : {"q.npy", "k.npy", "v.npy"})
        writeNpy(dir.filePath(QLatin1String(name)), {1, 4, 8}, values);
    QFile tokens(dir.filePath(QStringLiteral("tokens.txt")));
    QVERIFY(tokens.open(QIODevice::WriteOnly));
    tokens.write("the\ncat\nsat\ndown\n");
    tokens.close();

    const QString ok = loadInputFolderAndWait(*window.session(), dir.path());
    QVERIFY2(ok.isEmpty(), qPrintable(ok));
    QCOMPARE(window.parameterPanel()->config().n, 4);
    const auto& inputs = window.session()->inputs();
    QVERIFY(inputs);
    QCOMPARE(inputs->tokens, (std::vector<std::string>{"the", "cat", "sat", "down"}));
    QVERIFY2(window.parameterPanel()->inputsText().contains(QStringLiteral("tokens.txt")),
             qPrintable(window.parameterPanel()->inputsText()));

    // heads.txt splits d as the captured model did; one that does not divide d is refused by name.
    QFile heads(dir.filePath(QStringLiteral("heads.txt")));
    QVERIFY(heads.open(QIODevice::WriteOnly));
    heads.write("4\n");
    heads.close();
    QString loaded = loadInputFolderAndWait(*window.session(), dir.path());
    QVERIFY2(loaded.isEmpty(), qPrintable(loaded));
    QCOMPARE(window.parameterPanel()->config().heads, 4);
    QCOMPARE(window.session()->config().heads, 4);
    QVERIFY(window.parameterPanel()->config().alpha <= 2);  // within the head width 8 / 4
    QVERIFY(heads.open(QIODevice::WriteOnly | QIODevice::Truncate));
    heads.write("3\n");
    heads.close();
    loaded = loadInputFolderAndWait(*window.session(), dir.path());
    QVERIFY2(loaded.contains(QStringLiteral("heads.txt")) && loaded.contains(QStringLiteral("d = 8")),
             qPrintable(loaded));
    QVERIFY(heads.open(QIODevice::WriteOnly | QIODevice::Truncate));
    heads.write("four\n");
    heads.close();
    loaded = loadInputFolderAndWait(*window.session(), dir.path());
    QVERIFY2(loaded.contains(QStringLiteral("heads.txt")) && loaded.contains(QStringLiteral("whole number")),
             qPrintable(loaded));
    QCOMPARE(window.session()->config().heads, 4);  // a refused folder changes nothing

    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("v.npy"))));
    const QString missing = loadInputFolderAndWait(*window.session(), dir.path());
    QVERIFY2(missing.contains(QStringLiteral("v.npy: missing")), qPrintable(missing));
}

void SessionTests::trackerDeliversOnlyTheNewestJob() {
    using attnscope::JobTracker;
    JobTracker tracker;
    QSignalSpy finished(&tracker, &JobTracker::finished);
    QSignalSpy running(&tracker, &JobTracker::runningChanged);
    QStringList delivered;
    std::atomic<bool> staleSawCancel{false};
    // The first job runs until it is told to stop; the second replaces it and must be the only one delivered.
    tracker.start(
        JobTracker::Lane::heatmaps, this,
        [&staleSawCancel](const JobTracker::Job& job) {
            for (int i = 0; i < 2000 && !job.cancelled(); ++i) QThread::msleep(1);
            staleSawCancel = job.cancelled();
            return QStringLiteral("stale");
        },
        [&delivered](const QString& result) { delivered << result; });
    tracker.start(
        JobTracker::Lane::heatmaps, this, [](const JobTracker::Job&) { return QStringLiteral("newest"); },
        [&delivered](const QString& result) { delivered << result; });
    QTRY_VERIFY_WITH_TIMEOUT(!tracker.isRunning(JobTracker::Lane::heatmaps), 10000);
    QVERIFY(staleSawCancel);
    QCOMPARE(delivered, QStringList{QStringLiteral("newest")});
    QCOMPARE(finished.count(), 1);  // the replaced job never reports
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    QCOMPARE(running.count(), 2);  // true once, false once
    QVERIFY(!tracker.isMeasuring());
}

void SessionTests::trackerDropsDeliveriesToAGoneContext() {
    using attnscope::JobTracker;
    JobTracker tracker;
    bool delivered = false;
    auto* context = new QObject;
    tracker.start(
        JobTracker::Lane::figures, context,
        [](const JobTracker::Job&) {
            QThread::msleep(50);
            return 1;
        },
        [&delivered](int) { delivered = true; });
    delete context;  // e.g. a page closed while its job ran
    QTRY_VERIFY_WITH_TIMEOUT(!tracker.isRunning(JobTracker::Lane::figures), 10000);
    QTest::qWait(20);
    QVERIFY(!delivered);
}

QTEST_MAIN(SessionTests)
#include "session_tests.moc"
