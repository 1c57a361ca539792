#pragma once
#include <algorithm>
#include <cstdint>

#include "attnscope/kernels/narrow_product.h"

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
// Floats of thread-local scratch for one tile of `rows` query rows over all `keys` keys at once: the score
// tile, and each row's maximum and sum.
inline std::int64_t softmaxTileScratch(std::int64_t rows, std::int64_t keys) {
    return rows * (keys + 2);
}
// Floats of thread-local scratch for one tile of `rows` query rows, keys in blocks of `key_block` and `width`
// value columns: the score block, the unnormalised output, the running max and sum, and the rescale factors.
inline std::int64_t streamingSoftmaxScratch(std::int64_t rows, std::int64_t key_block, std::int64_t width) {
    return rows * (key_block + width + 3);
}
// Floats of thread-local scratch for one packed panel of keys `head_dim` wide, which the score products of
// the quadratic, softmax, mha and Xformer kernels take after their tile scratch (multiplyByKeysTransposed()).
inline std::int64_t keyPanelScratch(std::int64_t head_dim) {
    return transposedPanelFloats(head_dim);
}

// The narrow product runs over the depth in passes; a pass's slice of B (depth x one column tile of C) should
// stay in the L1 data cache while every row tile of C reads it. The depth of a pass is what fills
// 1/`l1_share_divisor` of that cache (sysfs's size; kAssumedL1DataBytes when it reports none), in multiples
// of 16, at least 16. Measured on the Intel VM's 48 KiB L1d (tests/bench/gemm_backends, 1 thread): the
// AVX-512 tiles (64 columns) were fastest at half the cache, depth 96 (P·V 2048 x 64 x 2048: 80 GFLOP/s
// against 73 at the former constant 256; the A·V tile 136 against 100); the AVX2 tiles (16 columns) at a
// third, 256 (half, 384, lost up to 2x).
inline constexpr std::int64_t kAssumedL1DataBytes = 48 * 1024;

inline std::int64_t narrowDepthBlock(std::int64_t l1_data_bytes, std::int64_t tile_cols,
                                     std::int64_t l1_share_divisor) {
    constexpr std::int64_t kStep = 16;
    const std::int64_t cache = l1_data_bytes > 0 ? l1_data_bytes : kAssumedL1DataBytes;
    const std::int64_t depth = cache / l1_share_divisor / (tile_cols * std::int64_t{sizeof(float)});
    return std::max(kStep, depth / kStep * kStep);
}

// The data cache at `level` (1, 2, …) of this machine's cpu0 in bytes (machineTopology(), read once), 0 when
// unknown.
std::int64_t dataCacheBytes(int level);

// The narrow product also runs over the rows of A and C in blocks: within a block, each depth pass reads A's
// slice (rows x depth pass) once per column tile, and each pass re-reads the block of C (rows x cols), so
// both should stay in L2. A block is the rows that fill half of the L2 (sysfs's size; kAssumedL2Bytes when it
// reports none), in multiples of `row_step`. The kernels' tiles (at most 256 rows) are one block up to head
// widths of about 512 (72 rows at 2048); a projection-shaped product of thousands of rows read A from memory
// once per column tile without it (gemm_backends projection 5120 x 512 x 512, Intel VM, 1 thread: 43/55 →
// 35/35 ms; OpenBLAS 29–31).
inline constexpr std::int64_t kAssumedL2Bytes = 1024 * 1024;

inline std::int64_t narrowRowBlock(std::int64_t l2_bytes, std::int64_t depth_block, std::int64_t cols,
                                   std::int64_t row_step) {
    const std::int64_t cache = l2_bytes > 0 ? l2_bytes : kAssumedL2Bytes;
    const std::int64_t rows = cache / 2 / ((depth_block + cols) * std::int64_t{sizeof(float)});
    return std::max(row_step, rows / row_step * row_step);
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

// Heads wider than this run the linear order by blocks of this many columns of Kᵀ V: a task makes one
// dh x 256 block of Kᵀ V and at once the matching columns of Q (Kᵀ V), so the block stays in L2 instead of a
// dh x dh matrix going out to memory and back (16 MiB at dh = 2048), and (batch, head, block) tasks need no
// reduction. OpenBLAS, (32, 64, 2048), 1 thread: 261 ms unblocked, 207 ms in blocks of 256 (128: 216, 512:
// 220).
inline constexpr std::int64_t kLinearColumnBlock = 256;

inline bool useLinearColumnBlocks(std::int64_t head_dim) {
    return head_dim > kLinearColumnBlock;
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

// Row-wise products (the projections X W and the output projection) run over all batch x n rows as one
// matrix, in blocks of up to this many rows: OpenBLAS measured 169 GFLOP/s on 128-row products, 180 on 256
// and 188–199 from 512 rows on (K = N = 512, 1 thread), and a short sequence no longer means a short product.
inline constexpr std::int64_t kProjectionMaxRows = 1024;

// Rows per projection block: at least four blocks per thread for balance, no fewer than a query block, and no
// more than a cancel piece.
inline std::int64_t projectionBlockRows(std::int64_t total_rows, double flops_per_row, int threads) {
    const std::int64_t balanced = std::clamp<std::int64_t>(total_rows / (4 * std::max(threads, 1)),
                                                           kQueryBlockRows, kProjectionMaxRows);
    return std::max<std::int64_t>(1, std::min({balanced, cancelPieceRows(flops_per_row), total_rows}));
}

// The Xformer's pooling (v = Xᵀ E, k = qᵀ E) makes `pooled_rows` rows of length m per batch, each a sum over
// n. Tasks take up to 256 of those rows (6–22% faster than 64 on the xformer-table shapes: bigger products),
// halved while that leaves fewer than four tasks per thread or a task longer than a cancel piece.
inline constexpr std::int64_t kPoolMaxRows = 256;
inline constexpr std::int64_t kPoolMinRows = 16;

inline std::int64_t poolBlockRows(std::int64_t batch, std::int64_t pooled_rows, std::int64_t n,
                                  std::int64_t m, int threads) {
    std::int64_t rows = std::min(kPoolMaxRows, pooled_rows);
    const auto too_big = [&](std::int64_t r) {
        return batch * blockCount(pooled_rows, r) < 4 * std::max(threads, 1) ||
               2.0 * static_cast<double>(r) * static_cast<double>(n) * static_cast<double>(m) >
                   kCancelPieceFlops;
    };
    while (rows > kPoolMinRows && too_big(rows)) rows /= 2;
    return std::max<std::int64_t>(rows, 1);
}

}  // namespace attnscope
