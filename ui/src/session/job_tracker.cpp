#include "attnscope/ui/job_tracker.h"

#include <QMetaObject>

namespace attnscope {

void JobTracker::Job::deliver(std::function<void()> delivery) const {
    QPointer<JobTracker> tracker = tracker_;
    if (!tracker) return;
    QMetaObject::invokeMethod(
        tracker.data(),
        [tracker, context = context_, lane = lane_, generation = generation_,
         delivery = std::move(delivery)] {
            if (!tracker || !context || generation != tracker->generation(lane)) return;
            delivery();
        },
        Qt::QueuedConnection);
}

JobTracker::JobTracker(QObject* parent) : QObject(parent) {
    for (auto& pool : pools_) {
        pool = std::make_unique<QThreadPool>();
        pool->setMaxThreadCount(1);
        pool->setExpiryTimeout(-1);  // keep the thread warm between jobs
    }
}

JobTracker::~JobTracker() {
    for (int lane = 0; lane < kLaneCount; ++lane) {
        if (lanes_[lane].cancel) lanes_[lane].cancel->store(true);
    }
    for (auto& pool : pools_) pool->waitForDone();
}

JobTracker::Job JobTracker::makeJob(Lane lane, QObject* context) {
    LaneState& state = lanes_[index(lane)];
    if (state.cancel) state.cancel->store(true);
    state.cancel = std::make_shared<std::atomic<bool>>(false);
    ++state.generation;
    ++state.queued;
    Job job;
    job.tracker_ = this;
    job.context_ = context;
    job.lane_ = lane;
    job.generation_ = state.generation;
    job.cancel_ = state.cancel;
    if (!state.running) {
        state.running = true;
        emit runningChanged(lane, true);
    }
    return job;
}

void JobTracker::cancel(Lane lane) {
    LaneState& state = lanes_[index(lane)];
    if (state.cancel) state.cancel->store(true);
}

void JobTracker::reportFinished(const Job& job, bool cancelled) {
    QMetaObject::invokeMethod(
        this,
        [this, lane = job.lane_, generation = job.generation_, cancelled] {
            onJobFinished(lane, generation, cancelled);
        },
        Qt::QueuedConnection);
}

void JobTracker::onJobFinished(Lane lane, quint64 generation, bool cancelled) {
    LaneState& state = lanes_[index(lane)];
    --state.queued;
    const bool newest = generation == state.generation;
    if (newest) emit finished(lane, cancelled);
    if (state.queued == 0 && state.running) {
        state.running = false;
        emit runningChanged(lane, false);
    }
}

}  // namespace attnscope
