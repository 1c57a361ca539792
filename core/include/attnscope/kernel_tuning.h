#pragma once
#include <algorithm>
#include <cstdint>

namespace attnscope {

// Query rows per tile in the blocked kernels: a 256 x n score tile stays in L2 for n <= 2048 and measured
// best for the fused softmax on this machine (docs/performance.md).
inline constexpr std::int64_t kQueryBlockRows = 256;

inline std::int64_t queryBlockRows(std::int64_t n) {
    return std::min(n, kQueryBlockRows);
}
inline std::int64_t blockCount(std::int64_t rows, std::int64_t block) {
    return (rows + block - 1) / block;
}

// The linear order reduces K^T V over n; with fewer (batch, head) problems than this many per thread it also
// splits n into chunks so that every thread has work.
inline constexpr std::int64_t kLinearProblemsPerThread = 2;
inline constexpr std::int64_t kLinearMinChunkRows = 256;

inline std::int64_t linearChunkCount(std::int64_t problems, std::int64_t n, int threads) {
    if (problems >= kLinearProblemsPerThread * threads) return 1;
    const std::int64_t wanted = (2 * kLinearProblemsPerThread * threads + problems - 1) / problems;
    return std::clamp<std::int64_t>(wanted, 1, blockCount(n, kLinearMinChunkRows));
}

}  // namespace attnscope
