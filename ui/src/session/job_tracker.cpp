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

void JobTracker::reportFinished(const Job& job, bool cancelled, double from, double to) {
    QMetaObject::invokeMethod(
        this,
        [this, lane = job.lane_, generation = job.generation_, cancelled, from, to] {
            onJobFinished(lane, generation, cancelled, from, to);
        },
        Qt::QueuedConnection);
}

void JobTracker::hold(Lane lane, quint64 generation, std::function<void()> start) {
    HeldJob& held = held_[index(lane)];
    const quint64 replaced = held.generation;
    const bool wasHeld = static_cast<bool>(held.start);
    held = {generation, std::move(start)};
    // The replaced job never runs: it finishes here, cancelled, as it would have at its first check.
    if (wasHeld) onJobFinished(lane, replaced, true, 0, 0);
}

void JobTracker::beginMeasuring() {
    measuring_ = true;
}

void JobTracker::endMeasuring() {
    measuring_ = false;
    for (HeldJob& held : held_) {
        if (!held.start) continue;
        auto start = std::move(held.start);
        held = {};
        start();
    }
}

bool JobTracker::sideJobsBusy() const {
    for (int lane = 0; lane < kLaneCount; ++lane) {
        if (static_cast<Lane>(lane) != Lane::measurement && lanes_[lane].queued > 0) return true;
    }
    return false;
}

void JobTracker::recordMeasurement(double from, double to) {
    addTrace({TraceEvent::Kind::measurement, Lane::measurement, from, to});
}

void JobTracker::addTrace(const TraceEvent& event) {
    // A long session keeps the latest events only.
    constexpr std::size_t kMaxEvents = 100000;
    if (trace_.size() >= kMaxEvents) trace_.erase(trace_.begin(), trace_.begin() + kMaxEvents / 2);
    trace_.push_back(event);
}

void JobTracker::onJobFinished(Lane lane, quint64 generation, bool cancelled, double from, double to) {
    if (lane != Lane::measurement && to > 0) addTrace({TraceEvent::Kind::side_job, lane, from, to});
    LaneState& state = lanes_[index(lane)];
    --state.queued;
    const bool newest = generation == state.generation;
    if (newest) emit finished(lane, cancelled);
    if (state.queued == 0 && state.running) {
        state.running = false;
        emit runningChanged(lane, false);
    }
    if (lane != Lane::measurement && !sideJobsBusy()) emit sideJobsIdle();
}

}  // namespace attnscope
