// The measuring process and the scheduler: points measured in `attnscope worker`, a crash or a bad line costs
// one point, Stop ends a point quickly, a missing worker falls back in-process (and says so), side jobs never
// run beside a measured point, and streamed results are painted in batches.
#include <signal.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/job_tracker.h"
#include "attnscope/ui/sweep_controller.h"
#include "test_runner_options.h"

using attnscope::AttentionConfig;
using attnscope::BenchmarkPoint;
using attnscope::BenchmarkResult;
using attnscope::ExperimentSession;
using attnscope::JobTracker;
using attnscope::Method;
using attnscope::RunnerOptions;
using attnscope::SweepController;
using attnscope::test::tinyOptions;

namespace {

const QString kExecutable = QStringLiteral(ATTNSCOPE_EXECUTABLE);

AttentionConfig smallConfig(std::int64_t n) {
    AttentionConfig config;
    config.batch = 1;
    config.n = n;
    config.d = 8;
    config.threads = 1;
    return config;
}

std::vector<BenchmarkPoint> points(int count, Method method = Method::softmax) {
    std::vector<BenchmarkPoint> list;
    for (int i = 0; i < count; ++i) list.emplace_back(method, smallConfig(16 << (i % 4)));
    return list;
}

// Repeats for about `seconds` whatever the point: long enough to act on it while it runs.
RunnerOptions longOptions(double seconds) {
    RunnerOptions options = tinyOptions();
    options.min_seconds = seconds;
    options.max_seconds = seconds;
    options.max_repetitions = 100000000;
    return options;
}

std::vector<BenchmarkResult> resultsOf(const QSignalSpy& spy) {
    std::vector<BenchmarkResult> results;
    for (const auto& arguments : spy) results.push_back(arguments.at(0).value<BenchmarkResult>());
    return results;
}

bool overlaps(const JobTracker::TraceEvent& a, const JobTracker::TraceEvent& b) {
    return a.from < b.to && b.from < a.to;
}

}  // namespace

class WorkerTests : public QObject {
    Q_OBJECT
private slots:
    void workerMeasuresPoints();
    void killedWorkerBecomesAnErrorRowAndRestarts();
    void malformedLineBecomesAnErrorRow();
    void memoryGuardMakesAnErrorRowAndTheWorkerLivesOn();
    void stopEndsThePointQuickly();
    void missingWorkerFallsBackInProcess();
    void sideJobsNeverRunBesideAPoint_data();
    void sideJobsNeverRunBesideAPoint();
    void streamedResultsArePaintedInBatches();
};

void WorkerTests::workerMeasuresPoints() {
    JobTracker tracker;
    SweepController controller(&tracker);
    controller.setWorkerProgram(kExecutable, {QStringLiteral("worker")});
    QCOMPARE(controller.isolation(), SweepController::Isolation::process);
    QSignalSpy results(&controller, &SweepController::resultReady);
    QSignalSpy finished(&controller, &SweepController::finished);
    const auto sent = points(4);
    controller.start(sent, tinyOptions());
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    const auto measured = resultsOf(results);
    QCOMPARE(measured.size(), sent.size());
    for (std::size_t i = 0; i < measured.size(); ++i) {
        QVERIFY2(measured[i].ok(), measured[i].error.c_str());
        QCOMPARE(measured[i].point.name(), sent[i].name());
        QVERIFY(measured[i].cost.flops > 0);
        QVERIFY(measured[i].stages.calls > 0);
    }
    QVERIFY(controller.workerProcessId() > 0);  // kept warm for the next request
    QCOMPARE(controller.isolation(), SweepController::Isolation::process);
    int intervals = 0;
    for (const auto& event : tracker.trace()) {
        if (event.kind == JobTracker::TraceEvent::Kind::measurement && event.to > event.from) ++intervals;
    }
    QCOMPARE(intervals, 4);
}

void WorkerTests::killedWorkerBecomesAnErrorRowAndRestarts() {
    SweepController controller;
    controller.setWorkerProgram(kExecutable, {QStringLiteral("worker")});
    QSignalSpy results(&controller, &SweepController::resultReady);
    QSignalSpy finished(&controller, &SweepController::finished);
    QSignalSpy progress(&controller, &SweepController::progress);
    controller.start(points(2), longOptions(0.6));
    QTRY_VERIFY_WITH_TIMEOUT(controller.workerProcessId() > 0, 10000);
    const qint64 first = controller.workerProcessId();
    QTest::qWait(200);  // inside the first point's repetitions
    QCOMPARE(::kill(static_cast<pid_t>(first), SIGKILL), 0);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    const auto measured = resultsOf(results);
    QCOMPARE(measured.size(), std::size_t{2});
    QVERIFY(!measured[0].ok());
    const QString error = QString::fromStdString(measured[0].error);
    QVERIFY2(error.startsWith(QStringLiteral("measuring process ended: killed by signal 9")),
             qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("while running softmax/")), qPrintable(error));
    QVERIFY2(measured[1].ok(), measured[1].error.c_str());  // a fresh worker measured the next point
    QVERIFY(controller.workerProcessId() != first);
}

void WorkerTests::malformedLineBecomesAnErrorRow() {
    SweepController controller;
    // A "worker" that answers every request with a line outside the protocol.
    controller.setWorkerProgram(
        QStringLiteral("/bin/sh"),
        {QStringLiteral("-c"), QStringLiteral("while read line; do echo '{not json'; done")});
    QSignalSpy results(&controller, &SweepController::resultReady);
    QSignalSpy finished(&controller, &SweepController::finished);
    controller.start(points(2), tinyOptions());
    QVERIFY(finished.wait(30000));
    const auto measured = resultsOf(results);
    QCOMPARE(measured.size(), std::size_t{2});
    for (const BenchmarkResult& result : measured) {
        QVERIFY(!result.ok());
        QVERIFY2(QString::fromStdString(result.error).contains(QStringLiteral("outside its protocol")),
                 result.error.c_str());
    }
    QCOMPARE(controller.isolation(), SweepController::Isolation::process);
}

void WorkerTests::memoryGuardMakesAnErrorRowAndTheWorkerLivesOn() {
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer's operator new ends the process when memory runs out instead of throwing");
#endif
    SweepController controller;
    controller.setWorkerProgram(
        kExecutable, {QStringLiteral("worker"), QStringLiteral("--memory-limit"), QStringLiteral("256")});
    QSignalSpy results(&controller, &SweepController::resultReady);
    QSignalSpy finished(&controller, &SweepController::finished);
    AttentionConfig big;
    big.batch = 64;
    big.n = 4096;
    big.d = 512;  // Q, K, V and the output: 512 MiB each, within the validation's budget of half the RAM
    big.threads = 1;
    controller.start({BenchmarkPoint(Method::linear, big), BenchmarkPoint(Method::linear, smallConfig(64))},
                     tinyOptions());
    QTRY_VERIFY_WITH_TIMEOUT(controller.workerProcessId() > 0, 10000);
    const qint64 worker = controller.workerProcessId();
    QVERIFY(finished.wait(60000));
    const auto measured = resultsOf(results);
    QCOMPARE(measured.size(), std::size_t{2});
    const QString error = QString::fromStdString(measured[0].error);
    QVERIFY2(error.startsWith(QStringLiteral("out of memory while running linear/batch:64/n:4096/d:512")),
             qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("memory guard of 256.0 MiB")), qPrintable(error));
    QVERIFY2(measured[1].ok(), measured[1].error.c_str());
    QCOMPARE(controller.workerProcessId(), worker);  // the same process measured the next point
}

void WorkerTests::stopEndsThePointQuickly() {
    SweepController controller;
    controller.setWorkerProgram(kExecutable, {QStringLiteral("worker")});
    QSignalSpy results(&controller, &SweepController::resultReady);
    QSignalSpy finished(&controller, &SweepController::finished);
    controller.start(points(1), tinyOptions());
    QVERIFY(finished.wait(30000));  // one finished point to keep
    controller.start(points(3), longOptions(20));
    QTRY_VERIFY_WITH_TIMEOUT(controller.workerProcessId() > 0, 10000);
    QTest::qWait(300);
    QElapsedTimer stopping;
    stopping.start();
    controller.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 5000);
    const qint64 latency = stopping.elapsed();
    qInfo("Stop ended the point after %lld ms", static_cast<long long>(latency));
    // The bound that matters is 200 ms (MeasuringWorker::kStopGraceMs plus a kill); a loaded CI machine gets
    // slack, but a Stop that waits for the 20 s point fails.
    QVERIFY2(latency < 2000, qPrintable(QString::number(latency)));
    QCOMPARE(finished.at(1).at(0).toBool(), true);
    QCOMPARE(results.count(), 1);
}

void WorkerTests::missingWorkerFallsBackInProcess() {
    SweepController controller;
    QSignalSpy isolation(&controller, &SweepController::isolationChanged);
    controller.setWorkerProgram(QStringLiteral("/nonexistent/attnscope"), {QStringLiteral("worker")});
    QSignalSpy results(&controller, &SweepController::resultReady);
    QSignalSpy finished(&controller, &SweepController::finished);
    controller.start(points(2), tinyOptions());
    QVERIFY(finished.wait(30000));
    QCOMPARE(controller.isolation(), SweepController::Isolation::in_process);
    QVERIFY2(controller.isolationProblem().contains(QStringLiteral("/nonexistent/attnscope")),
             qPrintable(controller.isolationProblem()));
    QVERIFY(isolation.count() >= 2);
    const auto measured = resultsOf(results);
    QCOMPARE(measured.size(), std::size_t{2});
    for (const BenchmarkResult& result : measured) QVERIFY2(result.ok(), result.error.c_str());
}

void WorkerTests::sideJobsNeverRunBesideAPoint_data() {
    QTest::addColumn<bool>("worker");
    QTest::newRow("measuring process") << true;
    QTest::newRow("in-process") << false;
}

void WorkerTests::sideJobsNeverRunBesideAPoint() {
    QFETCH(bool, worker);
    JobTracker tracker;
    SweepController controller(&tracker);
    if (worker) controller.setWorkerProgram(kExecutable, {QStringLiteral("worker")});
    RunnerOptions options = tinyOptions();
    options.min_seconds = 0.02;
    options.max_repetitions = 100000;
    QSignalSpy finished(&controller, &SweepController::finished);
    int started = 0;
    // A heatmap or figure request every few milliseconds, as a dragged slider makes them.
    QTimer sideRequests;
    sideRequests.setInterval(7);
    connect(&sideRequests, &QTimer::timeout, &tracker, [&tracker, &started] {
        const auto lane = started % 2 ? JobTracker::Lane::heatmaps : JobTracker::Lane::figures;
        ++started;
        tracker.start(
            lane, &tracker,
            [](const JobTracker::Job&) {
                QThread::msleep(5);
                return 0;
            },
            [](int) {});
    });
    sideRequests.start();
    controller.start(points(8), options);
    QVERIFY(finished.wait(60000));
    sideRequests.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!tracker.sideJobsBusy(), 10000);

    std::vector<JobTracker::TraceEvent> measured, side;
    for (const auto& event : tracker.trace()) {
        (event.kind == JobTracker::TraceEvent::Kind::measurement ? measured : side).push_back(event);
    }
    QCOMPARE(measured.size(), std::size_t{8});
    QVERIFY2(side.size() >= 4, qPrintable(QString::number(side.size())));  // they ran, between points
    for (const auto& point : measured) {
        for (const auto& job : side) {
            QVERIFY2(!overlaps(point, job),
                     qPrintable(QStringLiteral("side job [%1, %2] inside point [%3, %4]")
                                    .arg(job.from, 0, 'f', 6)
                                    .arg(job.to, 0, 'f', 6)
                                    .arg(point.from, 0, 'f', 6)
                                    .arg(point.to, 0, 'f', 6)));
        }
    }
}

void WorkerTests::streamedResultsArePaintedInBatches() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("many.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "many", "defaults": {"d": 8, "batch": 1, "threads": 1},
                  "runs": [{"methods": ["softmax", "linear", "quadratic", "performer"],
                            "n": [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]}]})");
    file.close();
    ExperimentSession session;
    session.setRunnerOptions(tinyOptions(), tinyOptions());
    // Points that finish every 3 ms: far more often than a screen should repaint.
    session.sweepController()->setSweepFunction(
        [](const std::vector<BenchmarkPoint>& list, const RunnerOptions&, const attnscope::CancelFlag*,
           const std::function<void(const attnscope::SweepProgress&)>&,
           const std::function<void(const BenchmarkResult&)>&) {
            QThread::msleep(3);
            BenchmarkResult result;
            result.point = list.front();
            result.stats = attnscope::summarize({1e-3, 1e-3, 1e-3});
            return std::vector<BenchmarkResult>{result};
        });
    QSignalSpy batches(&session, &ExperimentSession::resultsAdded);
    QSignalSpy finished(session.sweepController(), &SweepController::finished);
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(session.runPreset(path), QString());
    QVERIFY(finished.wait(30000));
    const double seconds = clock.elapsed() / 1000.0;
    std::size_t delivered = 0;
    for (const auto& batch : batches) delivered += batch.at(0).value<std::vector<BenchmarkResult>>().size();
    QCOMPARE(delivered, std::size_t{60});
    QCOMPARE(session.results().size(), std::size_t{60});
    const int bound = static_cast<int>(seconds * 1000 / ExperimentSession::kRepaintIntervalMs) + 2;
    qInfo("60 results in %.2f s reached the pages in %lld batches (bound %d)", seconds,
          static_cast<long long>(batches.count()), bound);
    QVERIFY2(batches.count() <= bound, qPrintable(QString::number(batches.count())));
    QVERIFY(batches.count() < 60);
}

QTEST_MAIN(WorkerTests)
#include "worker_tests.moc"
