#include "attnscope/ui/sweep_controller.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTimer>

#include "attnscope/ui/job_tracker.h"
#include "session/core_pinning.h"
#include "session/measuring_worker.h"

namespace attnscope {

namespace {

constexpr auto kLane = JobTracker::Lane::measurement;

struct WorkerProgram {
    QString program;
    QStringList arguments;
};

WorkerProgram& defaultWorkerProgram() {
    static WorkerProgram program;
    return program;
}

// What one in-process point hands back to the GUI thread.
struct LaneOutcome {
    std::optional<BenchmarkResult> result;  // empty when cancelled
    double from = 0;
    double to = 0;
};

}  // namespace

SweepController::SweepController(JobTracker* tracker, QObject* parent)
    : QObject(parent),
      tracker_(tracker ? tracker : new JobTracker(this)),
      sweep_([](const std::vector<BenchmarkPoint>& points, const RunnerOptions& options,
                const CancelFlag* cancel, const std::function<void(const SweepProgress&)>& progress,
                const std::function<void(const BenchmarkResult&)>& done) {
          return runSweep(points, options, cancel, progress, done);
      }) {
    connect(tracker_, &JobTracker::sideJobsIdle, this, &SweepController::queueAdvance);
    const WorkerProgram& program = defaultWorkerProgram();
    if (!program.program.isEmpty()) setWorkerProgram(program.program, program.arguments);
}

SweepController::~SweepController() {
    if (tracker_) tracker_->cancel(kLane);
}

void SweepController::setDefaultWorkerProgram(const QString& program, const QStringList& arguments) {
    defaultWorkerProgram() = {program, arguments};
}

void SweepController::setWorkerProgram(const QString& program, const QStringList& arguments) {
    delete worker_;
    worker_ = nullptr;
    isolationProblem_.clear();
    if (!program.isEmpty()) {
        worker_ = new MeasuringWorker(program, arguments, this);
        connect(worker_, &MeasuringWorker::pointMeasured, this, &SweepController::onMeasured);
        connect(worker_, &MeasuringWorker::pointCancelled, this, &SweepController::onPointCancelled);
        connect(worker_, &MeasuringWorker::failedToStart, this, &SweepController::onWorkerFailedToStart);
    }
    emit isolationChanged();
}

SweepController::Isolation SweepController::isolation() const {
    return worker_ ? Isolation::process : Isolation::in_process;
}

qint64 SweepController::workerProcessId() const {
    return worker_ ? worker_->processId() : 0;
}

quint64 SweepController::start(std::vector<BenchmarkPoint> points, const RunnerOptions& options,
                               const InputPaths& inputs) {
    ++generation_;
    if (pointActive_) cancelPoint();
    Request request;
    request.generation = generation_;
    request.points = std::move(points);
    request.options = options;
    request.inputs = inputs;
    const int total = static_cast<int>(request.points.size());
    request_ = std::move(request);
    emit started(generation_, total);
    if (!running_) {
        running_ = true;
        emit runningChanged(true);
    }
    queueAdvance();
    return generation_;
}

void SweepController::cancel() {
    if (!request_) return;
    request_->cancelled = true;
    if (pointActive_) {
        cancelPoint();
    } else {
        queueAdvance();
    }
}

void SweepController::cancelPoint() {
    if (worker_ && worker_->isBusy()) {
        worker_->cancel();
    } else if (tracker_) {
        tracker_->cancel(kLane);
    }
}

void SweepController::queueAdvance() {
    if (advanceQueued_) return;
    advanceQueued_ = true;
    QTimer::singleShot(0, this, [this] {
        advanceQueued_ = false;
        advance();
    });
}

void SweepController::advance() {
    if (pointActive_ || !request_) return;
    emit betweenPoints();
    if (!request_) return;
    if (request_->cancelled) return finish(true);
    if (request_->next >= request_->points.size()) return finish(false);
    if (tracker_ && tracker_->sideJobsBusy()) return;  // sideJobsIdle() comes back here
    const BenchmarkPoint& point = request_->points[request_->next];
    emit progress(static_cast<int>(request_->next), static_cast<int>(request_->points.size()),
                  QString::fromStdString(point.name()));
    // One more turn of the event loop, so that what betweenPoints() asked to repaint is painted first.
    QTimer::singleShot(0, this, &SweepController::dispatchNext);
}

void SweepController::dispatchNext() {
    // Paint what betweenPoints() asked for now: QCustomPlot's queued replot ran in this same timer pass, and
    // the repaint it posted would otherwise run beside the point's first repetitions.
    QCoreApplication::sendPostedEvents();
    // ... and let the window system finish drawing it: an X server draws what it was sent after the send.
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance())) QGuiApplication::sync();
    if (pointActive_ || !request_ || request_->cancelled || request_->next >= request_->points.size()) {
        return queueAdvance();
    }
    if (!tracker_) return;
    if (tracker_->sideJobsBusy()) return;  // started meanwhile; sideJobsIdle() comes back
    const BenchmarkPoint& point = request_->points[request_->next];
    pointActive_ = true;
    pointGeneration_ = request_->generation;
    tracker_->beginMeasuring();
    if (worker_) {
        const CoreSplit split = splitCores(point.config.resolvedThreads());
        pinCallingThread(split.gui);
        worker_->run(point, request_->inputs, request_->options, split.worker);
    } else {
        runInProcess(point, request_->options);
    }
}

void SweepController::runInProcess(const BenchmarkPoint& point, const RunnerOptions& options) {
    auto work = [point, options, sweep = sweep_](const JobTracker::Job& job) {
        LaneOutcome outcome;
        if (job.cancelled()) return outcome;
        outcome.from = steadySeconds();
        std::vector<BenchmarkResult> results = sweep(
            {point}, options, job.cancelFlag(), [](const SweepProgress&) {}, [](const BenchmarkResult&) {});
        outcome.to = steadySeconds();
        if (!results.empty()) outcome.result = std::move(results.front());
        return outcome;
    };
    tracker_->start(kLane, this, std::move(work), [this](LaneOutcome outcome) {
        if (outcome.result) {
            onMeasured(*outcome.result, outcome.from, outcome.to);
        } else {
            onPointCancelled();
        }
    });
}

void SweepController::onMeasured(const BenchmarkResult& result, double from, double to) {
    pointActive_ = false;
    if (tracker_) {
        tracker_->endMeasuring();
        if (to > 0) tracker_->recordMeasurement(from, to);
    }
    if (request_ && pointGeneration_ == request_->generation && !request_->cancelled) {
        ++request_->next;
        emit resultReady(result);
    }
    queueAdvance();
}

void SweepController::onPointCancelled() {
    pointActive_ = false;
    if (tracker_) tracker_->endMeasuring();
    queueAdvance();
}

void SweepController::onWorkerFailedToStart(const QString& reason) {
    // Measure in-process from now on, and say so: never silently.
    worker_->deleteLater();
    worker_ = nullptr;
    isolationProblem_ = reason;
    emit isolationChanged();
    pointActive_ = false;
    if (tracker_) tracker_->endMeasuring();
    queueAdvance();  // the same point again, in-process
}

void SweepController::finish(bool cancelled) {
    const int done = static_cast<int>(request_->next);
    const int total = static_cast<int>(request_->points.size());
    request_.reset();
    emit progress(done, total, QString());
    running_ = false;
    emit finished(cancelled);
    emit runningChanged(false);
}

}  // namespace attnscope
