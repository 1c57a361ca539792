#pragma once
#include <cstddef>

namespace attnscope {

// Float storage aligned for AVX-512. Large buffers are 2 MiB aligned and advised as huge pages, because a
// first touch of a 4 KiB page costs ~12 µs here and fresh n x n tiles would otherwise be page-fault bound.
class AlignedBuffer {
public:
    AlignedBuffer() = default;
    explicit AlignedBuffer(std::size_t floats) { resize(floats); }
    AlignedBuffer(const AlignedBuffer& other);
    AlignedBuffer& operator=(const AlignedBuffer& other);
    AlignedBuffer(AlignedBuffer&& other) noexcept;
    AlignedBuffer& operator=(AlignedBuffer&& other) noexcept;
    ~AlignedBuffer();

    // Contents are unspecified after growing; capacity is kept when shrinking so reuse never reallocates.
    void resize(std::size_t floats);
    float* data() { return data_; }
    const float* data() const { return data_; }
    std::size_t size() const { return size_; }

private:
    float* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace attnscope
