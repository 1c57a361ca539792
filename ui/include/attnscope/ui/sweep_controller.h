#pragma once
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <functional>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"
#include "attnscope/ui/job_tracker.h"
#include "attnscope/ui/result_metatype.h"

namespace attnscope {

// Runs benchmark sweeps in the job tracker's measurement lane and streams their results to the GUI thread.
// A new request cancels the running one and starts once it has stopped, so two sweeps never compete for the
// cores and skew each other's timings; whatever the old one still reports is dropped, so the latest request
// always wins.
class SweepController : public QObject {
    Q_OBJECT
public:
    // runSweep()'s signature; tests swap in a fake to control timing.
    using SweepFunction = std::function<std::vector<BenchmarkResult>(
        const std::vector<BenchmarkPoint>&, const RunnerOptions&, const CancelFlag*,
        const std::function<void(const SweepProgress&)>&,
        const std::function<void(const BenchmarkResult&)>&)>;

    // Without a tracker the controller makes its own (tests); the window hands it the session's one.
    explicit SweepController(JobTracker* tracker = nullptr, QObject* parent = nullptr);
    ~SweepController() override;

    void setSweepFunction(SweepFunction function) { sweep_ = std::move(function); }

    // Returns the request's generation. Cancels whatever runs or waits.
    quint64 start(std::vector<BenchmarkPoint> points, const RunnerOptions& options);
    // Stops after the current repetition; the points finished so far have already been delivered.
    void cancel();

    bool isRunning() const;
    quint64 generation() const;

signals:
    void started(quint64 generation, int total);
    // `current` is the name of the point about to run; empty at the end.
    void progress(int done, int total, const QString& current);
    void resultReady(const attnscope::BenchmarkResult& result);
    // Emitted once per request that was not replaced by a newer one.
    void finished(bool cancelled);
    void runningChanged(bool running);

private:
    QPointer<JobTracker> tracker_;
    SweepFunction sweep_;
};

}  // namespace attnscope
