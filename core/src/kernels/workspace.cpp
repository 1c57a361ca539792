#include "attnscope/kernels/workspace.h"

#include <oneapi/tbb/enumerable_thread_specific.h>

namespace attnscope {

struct Workspace::ThreadLocal {
    oneapi::tbb::enumerable_thread_specific<AlignedBuffer> buffers;
};

Workspace::Workspace() : local_(std::make_unique<ThreadLocal>()) {}
Workspace::~Workspace() = default;

float* Workspace::local(std::size_t floats) {
    AlignedBuffer& buffer = local_->buffers.local();
    buffer.resize(floats);
    return buffer.data();
}

}  // namespace attnscope
