#pragma once
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

// The one place where the window's background work runs: sweeps, heatmaps, FAVOR+ errors, report figures and
// file loading. Each lane runs one job at a time on its own thread, and the newest request in a lane wins:
// starting a job cancels the lane's running one, which must stop before the new one starts (two sweeps never
// compete for the cores), and whatever a stale job still delivers is dropped (the pattern of KDAB hotspot's
// src/jobtracker.h: a job, a cancel predicate, results delivered to a QPointer context).
//
// It is also the scheduler that keeps the numbers honest: while a point is measured (beginMeasuring() ..
// endMeasuring()), jobs started in the other lanes - heatmaps, figures, files - are held and start only
// when the point is done, and the sweep waits for them before its next point (sideJobsIdle()). What ran
// when is kept as a trace that tests read back.
class JobTracker : public QObject {
    Q_OBJECT
public:
    enum class Lane { measurement, heatmaps, figures, files };
    static constexpr int kLaneCount = 4;

    // What a running job sees: whether it should stop, and a way to hand intermediate results to the GUI
    // thread (dropped once the job is stale or its context is gone).
    class Job {
    public:
        bool cancelled() const { return cancel_->load(); }
        const std::atomic<bool>* cancelFlag() const { return cancel_.get(); }
        quint64 generation() const { return generation_; }
        // Runs `delivery` on the GUI thread if this job is still the lane's newest and its context lives.
        void deliver(std::function<void()> delivery) const;

    private:
        friend class JobTracker;
        QPointer<JobTracker> tracker_;
        QPointer<QObject> context_;
        Lane lane_ = Lane::measurement;
        quint64 generation_ = 0;
        std::shared_ptr<std::atomic<bool>> cancel_;
    };

    // One interval of the trace, in steadySeconds() (CLOCK_MONOTONIC, shared with the measuring process).
    struct TraceEvent {
        enum class Kind { measurement, side_job };
        Kind kind = Kind::side_job;
        Lane lane = Lane::measurement;
        double from = 0;
        double to = 0;
    };

    explicit JobTracker(QObject* parent = nullptr);
    // Cancels every lane and waits for the running jobs: no job outlives the objects it reports to.
    ~JobTracker() override;

    // Runs `work(job)` on the lane's thread, then `then(result)` on the GUI thread if the job is still the
    // lane's newest and `context` still lives. Returns the job's generation.
    template <typename Work, typename Then>
    quint64 start(Lane lane, QObject* context, Work work, Then then) {
        Job job = makeJob(lane, context);
        const quint64 generation = job.generation_;
        auto run = [this, job, work = std::move(work), then = std::move(then)]() mutable {
            const double from = steadySeconds();
            auto result = std::make_shared<decltype(work(job))>(work(job));
            const double to = steadySeconds();
            const bool cancelled = job.cancelled();
            job.deliver([then = std::move(then), result]() mutable { then(std::move(*result)); });
            reportFinished(job, cancelled, from, to);
        };
        if (lane != Lane::measurement && measuring_) {
            hold(lane, generation,
                 [this, lane, run = std::move(run)]() mutable { lanePool(lane).start(std::move(run)); });
        } else {
            lanePool(lane).start(std::move(run));
        }
        return generation;
    }

    // Stops the lane's running job (at its next cancel check) and drops what it would still deliver.
    void cancel(Lane lane);
    bool isRunning(Lane lane) const { return lanes_[index(lane)].running; }
    quint64 generation(Lane lane) const { return lanes_[index(lane)].generation; }
    // True while a timed measurement runs: side jobs that would disturb it can wait (see
    // docs/performance.md).
    bool isMeasuring() const { return measuring_; }

    // Around each measured point: side jobs started in between are held until endMeasuring().
    void beginMeasuring();
    void endMeasuring();
    // True while a job of another lane than measurement is held, waiting or running.
    bool sideJobsBusy() const;
    // Adds a measured point's interval (from the measuring process's clock) to the trace.
    void recordMeasurement(double from, double to);
    const std::vector<TraceEvent>& trace() const { return trace_; }
    void clearTrace() { trace_.clear(); }

signals:
    // Once per job that was not replaced by a newer one in its lane.
    void finished(attnscope::JobTracker::Lane lane, bool cancelled);
    void runningChanged(attnscope::JobTracker::Lane lane, bool running);
    // The last side job finished: a sweep waiting for a quiet machine can measure its next point.
    void sideJobsIdle();

private:
    struct LaneState {
        quint64 generation = 0;
        std::shared_ptr<std::atomic<bool>> cancel;
        int queued = 0;  // started and not yet finished, stale ones included
        bool running = false;
    };
    static std::size_t index(Lane lane) { return static_cast<std::size_t>(lane); }
    Job makeJob(Lane lane, QObject* context);
    QThreadPool& lanePool(Lane lane) { return *pools_[index(lane)]; }
    void reportFinished(const Job& job, bool cancelled, double from, double to);
    void onJobFinished(Lane lane, quint64 generation, bool cancelled, double from, double to);
    void hold(Lane lane, quint64 generation, std::function<void()> start);
    void addTrace(const TraceEvent& event);

    struct HeldJob {
        quint64 generation = 0;
        std::function<void()> start;  // empty when nothing is held
    };

    std::array<LaneState, kLaneCount> lanes_{};
    std::array<HeldJob, kLaneCount> held_{};
    bool measuring_ = false;
    std::vector<TraceEvent> trace_;
    // One thread per lane: every job is parallel inside (oneTBB). Not Qt's global pool: Qt 6.4's raster
    // engine splits large fills across it and waits on the GUI thread, so jobs there froze repaints.
    std::array<std::unique_ptr<QThreadPool>, kLaneCount> pools_;
};

}  // namespace attnscope
