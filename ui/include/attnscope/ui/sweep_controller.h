#pragma once
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>
#include <vector>

#include "attnscope/io/worker_protocol.h"
#include "attnscope/measuring/benchmark_runner.h"
#include "attnscope/ui/job_tracker.h"
#include "attnscope/ui/result_metatype.h"

namespace attnscope {

class MeasuringWorker;

// Runs benchmark sweeps one point at a time and streams their results to the GUI thread. Each point is
// measured in the `attnscope worker` process when one is set (setWorkerProgram), else in the job tracker's
// measurement lane. Between points - never during one - the tracker's held side jobs run and the session
// paints (betweenPoints()); the next point waits until they are done, so nothing runs beside a timed call.
// A new request cancels the running point and replaces the sweep, so the latest request always wins and two
// sweeps never compete for the cores.
class SweepController : public QObject {
    Q_OBJECT
public:
    // runSweep()'s signature; tests swap in a fake to control timing. It is called with one point at a time.
    using SweepFunction = std::function<std::vector<BenchmarkResult>(
        const std::vector<BenchmarkPoint>&, const RunnerOptions&, const CancelFlag*,
        const std::function<void(const SweepProgress&)>&,
        const std::function<void(const BenchmarkResult&)>&)>;

    enum class Isolation {
        process,    // a separate measuring process, pinned to the cores its threads use
        in_process  // the window's own process: less isolated
    };

    // Without a tracker the controller makes its own (tests); the window hands it the session's one.
    explicit SweepController(JobTracker* tracker = nullptr, QObject* parent = nullptr);
    ~SweepController() override;

    void setSweepFunction(SweepFunction function) { sweep_ = std::move(function); }
    // Measure in `program arguments...` (e.g. attnscope worker). Empty program: in-process.
    void setWorkerProgram(const QString& program, const QStringList& arguments);
    // What controllers made from now on use (the application sets its own executable's `worker` command).
    static void setDefaultWorkerProgram(const QString& program, const QStringList& arguments);

    Isolation isolation() const;
    // Why measuring is in-process although a worker was set (it would not start); empty otherwise.
    QString isolationProblem() const { return isolationProblem_; }
    // The measuring process's id while one runs, else 0.
    qint64 workerProcessId() const;

    // Returns the request's generation. Cancels whatever runs or waits. Loaded inputs reach the worker as
    // their files (`inputs`); in-process points use point.inputs.
    quint64 start(std::vector<BenchmarkPoint> points, const RunnerOptions& options,
                  const InputPaths& inputs = {});
    // Stops the running point (within MeasuringWorker::kStopGraceMs for the worker); the points finished so
    // far have already been delivered.
    void cancel();

    bool isRunning() const { return running_; }
    quint64 generation() const { return generation_; }

signals:
    void started(quint64 generation, int total);
    // `current` is the name of the point about to run; empty at the end.
    void progress(int done, int total, const QString& current);
    void resultReady(const attnscope::BenchmarkResult& result);
    // Before each point and before finished(): the machine is quiet, work for the GUI goes here.
    void betweenPoints();
    // Emitted once per request that was not replaced by a newer one.
    void finished(bool cancelled);
    void runningChanged(bool running);
    void isolationChanged();

private:
    struct Request {
        quint64 generation = 0;
        std::vector<BenchmarkPoint> points;
        RunnerOptions options;
        InputPaths inputs;
        std::size_t next = 0;
        bool cancelled = false;
    };

    void queueAdvance();
    void advance();
    void dispatchNext();
    void runInProcess(const BenchmarkPoint& point, const RunnerOptions& options);
    void onMeasured(const BenchmarkResult& result, double from, double to);
    void onPointCancelled();
    void onWorkerFailedToStart(const QString& reason);
    void cancelPoint();
    void finish(bool cancelled);

    QPointer<JobTracker> tracker_;
    SweepFunction sweep_;
    MeasuringWorker* worker_ = nullptr;
    QString isolationProblem_;
    std::optional<Request> request_;
    quint64 generation_ = 0;
    quint64 pointGeneration_ = 0;  // the request the running point belongs to
    bool pointActive_ = false;
    bool running_ = false;
    bool advanceQueued_ = false;
};

}  // namespace attnscope
