#include "attnscope/ui/sweep_controller.h"

#include <QThread>

namespace attnscope {

SweepController::SweepController(QObject* parent) : QObject(parent), sweep_(&runSweep) {}

SweepController::~SweepController() {
    pending_.reset();
    if (activeCancel_) activeCancel_->store(true);
    if (worker_) {
        worker_->wait();
        delete worker_;
    }
}

quint64 SweepController::start(std::vector<BenchmarkPoint> points, const RunnerOptions& options) {
    ++generation_;
    Job job{generation_, std::move(points), options, std::make_shared<CancelFlag>(false)};
    if (worker_) {
        activeCancel_->store(true);
        pending_ = std::move(job);
    } else {
        launch(std::move(job));
        emit runningChanged(true);
    }
    return generation_;
}

void SweepController::cancel() {
    pending_.reset();
    if (activeCancel_) activeCancel_->store(true);
}

void SweepController::launch(Job job) {
    const quint64 generation = job.generation;
    activeCancel_ = job.cancel;
    emit started(generation, static_cast<int>(job.points.size()));
    emit progress(0, static_cast<int>(job.points.size()),
                  job.points.empty() ? QString() : QString::fromStdString(job.points.front().name()));

    // The worker only posts events to `this`; Qt discards them if the controller is gone, and the destructor
    // waits for the worker anyway.
    worker_ = QThread::create([this, job = std::move(job), sweep = sweep_] {
        const quint64 generation = job.generation;
        auto onProgress = [this, generation](const SweepProgress& progress) {
            const int done = static_cast<int>(progress.done);
            const int total = static_cast<int>(progress.total);
            const QString current =
                progress.current ? QString::fromStdString(progress.current->name()) : QString();
            QMetaObject::invokeMethod(
                this,
                [this, generation, done, total, current] {
                    if (generation == generation_) emit this->progress(done, total, current);
                },
                Qt::QueuedConnection);
        };
        auto onResult = [this, generation](const BenchmarkResult& result) {
            QMetaObject::invokeMethod(
                this,
                [this, generation, result] {
                    if (generation == generation_) emit resultReady(result);
                },
                Qt::QueuedConnection);
        };
        sweep(job.points, job.options, job.cancel.get(), onProgress, onResult);
    });
    worker_->setObjectName(QStringLiteral("AttnScope sweep"));
    connect(worker_, &QThread::finished, this, [this, generation] { onWorkerFinished(generation); });
    worker_->start();
}

void SweepController::onWorkerFinished(quint64 generation) {
    const bool cancelled = activeCancel_ && activeCancel_->load();
    worker_->deleteLater();
    worker_ = nullptr;
    activeCancel_.reset();
    // A request cancelled while it still waited for this worker ends here too.
    if (generation == generation_ || !pending_) emit finished(cancelled || generation != generation_);
    if (pending_) {
        Job next = std::move(*pending_);
        pending_.reset();
        launch(std::move(next));
    } else {
        emit runningChanged(false);
    }
}

}  // namespace attnscope
