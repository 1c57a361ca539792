#pragma once
#include <array>
#include <atomic>
#include <cstddef>
#include <memory>

#include "attnscope/kernels/aligned_buffer.h"

namespace attnscope {

class StageRecorder;

// Scratch memory that outlives one kernel call, so repetitions and sweep points reuse pages that are
// already faulted in. Shared slots are sized before a parallel region; thread-local scratch is only for
// leaf tasks that do not themselves wait on nested parallel work (a waiting thread may steal a task that
// would use the same scratch).
class Workspace {
public:
    static constexpr int kSharedSlots = 6;

    Workspace();
    ~Workspace();
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    float* shared(int slot, std::size_t floats) {
        shared_[static_cast<std::size_t>(slot)].resize(floats);
        return shared_[static_cast<std::size_t>(slot)].data();
    }
    // The calling thread's scratch, grown to at least `floats`.
    float* local(std::size_t floats);

    // Kernels stop starting new tiles once this flag is set (the output is then incomplete and must be
    // discarded): Stop returns within one tile instead of one whole call.
    void setCancelFlag(const std::atomic<bool>* cancel) { cancel_ = cancel; }
    bool cancelled() const { return cancel_ && cancel_->load(std::memory_order_relaxed); }

    // Kernels lap a StageClock on this recorder when it is set (a profiled call), and skip the clock reads
    // otherwise.
    void setStageRecorder(StageRecorder* recorder) { stageRecorder_ = recorder; }
    StageRecorder* stageRecorder() const { return stageRecorder_; }

private:
    // oneTBB stays out of this header: its profiling.h declares emit(), which Qt's `emit` macro breaks.
    struct ThreadLocal;
    std::array<AlignedBuffer, kSharedSlots> shared_;
    std::unique_ptr<ThreadLocal> local_;
    const std::atomic<bool>* cancel_ = nullptr;
    StageRecorder* stageRecorder_ = nullptr;
};

}  // namespace attnscope
