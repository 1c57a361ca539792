#pragma once
// What npy.cpp (the file layout, reading and writing) and npy_header.cpp (the header dict) share: the
// format's constants, little-endian byte access and the error helper. Private to core/.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "attnscope/io/npy.h"

namespace attnscope::npy_detail {

// Narrowing float64 data relies on IEEE rounding (out-of-range values become +-inf, which the caller
// rejects), and bit_cast relies on the in-memory layout matching the IEEE bytes in the file.
static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559);

inline constexpr std::string_view kMagic{"\x93NUMPY", 6};
inline constexpr std::size_t kVersionEnd = kMagic.size() + 2;
inline constexpr std::int64_t kMaxElements = std::int64_t{1} << 40;

template <typename Float>
using BitsOf = std::conditional_t<sizeof(Float) == 4, std::uint32_t, std::uint64_t>;

[[noreturn]] inline void fail(const std::string& name, const std::string& problem) {
    throw NpyError(name + ": " + problem);
}

// Byte-wise (de)serialisation keeps the file format little-endian whatever the host is.
template <typename UInt>
UInt loadLittle(const char* p) {
    UInt value = 0;
    for (std::size_t i = 0; i < sizeof(UInt); ++i) {
        value |= static_cast<UInt>(static_cast<unsigned char>(p[i])) << (8 * i);
    }
    return value;
}

template <typename UInt>
void storeLittle(char* p, UInt value) {
    for (std::size_t i = 0; i < sizeof(UInt); ++i) {
        p[i] = static_cast<char>((value >> (8 * i)) & 0xff);
    }
}

// Returns nullopt once the product exceeds kMaxElements; dims must already be in [0, kMaxElements].
inline std::optional<std::int64_t> boundedElementCount(const std::vector<std::int64_t>& shape) {
    std::int64_t count = 1;
    for (const std::int64_t dim : shape) {
        if (dim != 0 && count > kMaxElements / dim) {
            return std::nullopt;
        }
        count *= dim;
    }
    return count;
}

}  // namespace attnscope::npy_detail
