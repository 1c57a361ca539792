#pragma once
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "attnscope/benchmark_runner.h"

class QThread;

Q_DECLARE_METATYPE(attnscope::BenchmarkResult)

namespace attnscope {

// Runs one benchmark sweep at a time on a worker thread and streams its results to the GUI thread.
//
// Every request gets a generation number. A new request cancels the running one and only starts once the
// old worker has stopped, so two sweeps never compete for the cores and skew each other's timings; whatever
// the old worker still reports is tagged with its old generation and dropped (the idea of KDAB hotspot's
// JobTracker), so the latest request always wins.
class SweepController : public QObject {
    Q_OBJECT
public:
    // runSweep()'s signature; tests swap in a fake to control timing.
    using SweepFunction = std::function<std::vector<BenchmarkResult>(
        const std::vector<BenchmarkPoint>&, const RunnerOptions&, const CancelFlag*,
        const std::function<void(const SweepProgress&)>&,
        const std::function<void(const BenchmarkResult&)>&)>;

    explicit SweepController(QObject* parent = nullptr);
    // Cancels and waits for the worker: a benchmark must never outlive the window that shows it.
    ~SweepController() override;

    void setSweepFunction(SweepFunction function) { sweep_ = std::move(function); }

    // Returns the request's generation. Cancels whatever runs or waits.
    quint64 start(std::vector<BenchmarkPoint> points, const RunnerOptions& options);
    // Stops after the current repetition; the points finished so far have already been delivered.
    void cancel();

    bool isRunning() const { return worker_ != nullptr; }
    quint64 generation() const { return generation_; }

signals:
    void started(quint64 generation, int total);
    // `current` is the name of the point about to run; empty at the end.
    void progress(int done, int total, const QString& current);
    void resultReady(const attnscope::BenchmarkResult& result);
    // Emitted once per request that was not replaced by a newer one.
    void finished(bool cancelled);
    void runningChanged(bool running);

private:
    struct Job {
        quint64 generation = 0;
        std::vector<BenchmarkPoint> points;
        RunnerOptions options;
        std::shared_ptr<CancelFlag> cancel;
    };

    void launch(Job job);
    void onWorkerFinished(quint64 generation);

    SweepFunction sweep_;
    QThread* worker_ = nullptr;
    std::shared_ptr<CancelFlag> activeCancel_;
    std::optional<Job> pending_;
    quint64 generation_ = 0;
};

}  // namespace attnscope
