#include "attnscope/ui/sweep_controller.h"

#include "attnscope/ui/job_tracker.h"

namespace attnscope {

namespace {
constexpr auto kLane = JobTracker::Lane::measurement;
}

SweepController::SweepController(JobTracker* tracker, QObject* parent)
    : QObject(parent), tracker_(tracker ? tracker : new JobTracker(this)), sweep_(&runSweep) {
    connect(tracker_, &JobTracker::finished, this, [this](JobTracker::Lane lane, bool cancelled) {
        if (lane == kLane) emit finished(cancelled);
    });
    connect(tracker_, &JobTracker::runningChanged, this, [this](JobTracker::Lane lane, bool running) {
        if (lane == kLane) emit runningChanged(running);
    });
}

SweepController::~SweepController() {
    if (tracker_) tracker_->cancel(kLane);
}

quint64 SweepController::start(std::vector<BenchmarkPoint> points, const RunnerOptions& options) {
    auto work = [this, points = std::move(points), options, sweep = sweep_](const JobTracker::Job& job) {
        if (job.cancelled()) return 0;  // replaced before it began
        const int total = static_cast<int>(points.size());
        job.deliver([this, total, generation = job.generation()] { emit started(generation, total); });
        auto onProgress = [this, &job](const SweepProgress& progress) {
            const int done = static_cast<int>(progress.done);
            const int total = static_cast<int>(progress.total);
            const QString current =
                progress.current ? QString::fromStdString(progress.current->name()) : QString();
            job.deliver([this, done, total, current] { emit this->progress(done, total, current); });
        };
        auto onResult = [this, &job](const BenchmarkResult& result) {
            job.deliver([this, result] { emit resultReady(result); });
        };
        sweep(points, options, job.cancelFlag(), onProgress, onResult);
        return total;
    };
    return tracker_ ? tracker_->start(kLane, this, std::move(work), [](int) {}) : 0;
}

void SweepController::cancel() {
    if (tracker_) tracker_->cancel(kLane);
}

bool SweepController::isRunning() const {
    return tracker_ && tracker_->isRunning(kLane);
}

quint64 SweepController::generation() const {
    return tracker_ ? tracker_->generation(kLane) : 0;
}

}  // namespace attnscope
