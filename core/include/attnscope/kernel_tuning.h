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

// The streaming (online) softmax visits keys in blocks of this many; the exact softmax uses it from this many
// keys on, where it measured as fast or faster than full score rows (3-13% at n = 1024…4096, 30% from
// n = 8192 on, where a tile's full rows no longer fit in L2; docs/performance.md).
inline constexpr std::int64_t kStreamingKeyBlock = 512;
inline constexpr std::int64_t kStreamingSoftmaxMinKeys = 1024;

inline bool useStreamingSoftmax(std::int64_t n) {
    return n >= kStreamingSoftmaxMinKeys;
}
// Floats of thread-local scratch for one tile of `rows` query rows, keys in blocks of `key_block` and `width`
// value columns: the score block, the unnormalised output, the running max and sum.
inline std::int64_t streamingSoftmaxScratch(std::int64_t rows, std::int64_t key_block, std::int64_t width) {
    return rows * (key_block + width + 2);
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

// Inside one task, long products run in pieces of about this many FLOPs with a cancel check between them,
// so Stop is honoured within ~10 ms even when one (batch, head) is a multi-GFLOP product (d = 2048).
inline constexpr double kCancelPieceFlops = 1.0e9;

// Rows per piece of a product that costs `flops_per_row` FLOPs per row: at least a query block, so small
// problems stay one call.
inline std::int64_t cancelPieceRows(double flops_per_row) {
    const auto rows = static_cast<std::int64_t>(kCancelPieceFlops / std::max(flops_per_row, 1.0));
    return std::max(rows, kQueryBlockRows);
}

}  // namespace attnscope
