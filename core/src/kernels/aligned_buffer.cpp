#include "attnscope/kernels/aligned_buffer.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace attnscope {

namespace {
constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
constexpr std::size_t kCacheLineBytes = 64;
}  // namespace

AlignedBuffer::AlignedBuffer(const AlignedBuffer& other) {
    resize(other.size_);
    if (size_) std::memcpy(data_, other.data_, size_ * sizeof(float));
}

AlignedBuffer& AlignedBuffer::operator=(const AlignedBuffer& other) {
    if (this != &other) {
        resize(other.size_);
        if (size_) std::memcpy(data_, other.data_, size_ * sizeof(float));
    }
    return *this;
}

AlignedBuffer::AlignedBuffer(AlignedBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

AlignedBuffer& AlignedBuffer::operator=(AlignedBuffer&& other) noexcept {
    if (this != &other) {
        std::free(data_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
}

AlignedBuffer::~AlignedBuffer() {
    std::free(data_);
}

void AlignedBuffer::resize(std::size_t floats) {
    if (floats <= capacity_) {
        size_ = floats;
        return;
    }
    if (floats > SIZE_MAX / sizeof(float) - kHugePageBytes) throw std::bad_alloc();
    const std::size_t bytes = floats * sizeof(float);
    const bool huge = bytes >= kHugePageBytes;
    const std::size_t alignment = huge ? kHugePageBytes : kCacheLineBytes;
    const std::size_t rounded = (bytes + alignment - 1) / alignment * alignment;
    void* memory = std::aligned_alloc(alignment, rounded);
    if (!memory) throw std::bad_alloc();
    if (huge) madvise(memory, rounded, MADV_HUGEPAGE);  // advisory: failure only costs speed
    std::free(data_);
    data_ = static_cast<float*>(memory);
    size_ = floats;
    capacity_ = rounded / sizeof(float);
}

}  // namespace attnscope
