#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "attnscope/kernels/kernel_tuning.h"
#include "attnscope/kernels/narrow_product.h"

namespace attnscope {

// One register tile of C, `Rows` x `Vectors` vectors: C (+)= A · B over `depth`. `tail` columns of the last
// vector are valid (1…lanes). Each ISA's file defines these with its own target attribute.
using NarrowTile = void (*)(std::int64_t depth, const float* a, std::int64_t a_row_stride,
                            std::int64_t a_col_stride, const float* b, std::int64_t ldb, float* c,
                            std::int64_t ldc, int tail, bool accumulate);

// Every tile shape of one ISA, indexed [rows - 1][vectors - 1].
template <std::size_t MaxRows, std::size_t MaxVectors>
using NarrowTileTable = std::array<std::array<NarrowTile, MaxVectors>, MaxRows>;

template <template <int, int> class Tile, int Rows, int... Vectors>
constexpr std::array<NarrowTile, sizeof...(Vectors)> narrowTileRow(std::integer_sequence<int, Vectors...>) {
    return {&Tile<Rows, Vectors + 1>::run...};
}

template <template <int, int> class Tile, int MaxVectors, int... Rows>
constexpr NarrowTileTable<sizeof...(Rows), MaxVectors> narrowTileRows(std::integer_sequence<int, Rows...>) {
    return {narrowTileRow<Tile, Rows + 1>(std::make_integer_sequence<int, MaxVectors>{})...};
}

// The table of Tile<rows, vectors>::run for rows 1…MaxRows and vectors 1…MaxVectors.
template <template <int, int> class Tile, int MaxRows, int MaxVectors>
constexpr NarrowTileTable<MaxRows, MaxVectors> narrowTileTable() {
    return narrowTileRows<Tile, MaxVectors>(std::make_integer_sequence<int, MaxRows>{});
}

// Rows of floats that a later step of the product reads: `rows` rows of `floats` floats, `stride` apart.
struct PrefetchBlock {
    const float* first = nullptr;
    std::int64_t rows = 0, stride = 0, floats = 0;
};

// Asks for rows [row0, row1) of `block` to be brought into L2 (not L1, which holds the current step's
// operands), a cache line at a time.
inline void prefetchRows(const PrefetchBlock& block, std::int64_t row0, std::int64_t row1) {
    constexpr std::uintptr_t kLineBytes = 64;
    for (std::int64_t r = row0; r < std::min(row1, block.rows); ++r) {
        const float* row = block.first + r * block.stride;
        const auto end = reinterpret_cast<std::uintptr_t>(row + block.floats);
        for (auto line = reinterpret_cast<std::uintptr_t>(row) & ~(kLineBytes - 1); line < end;
             line += kLineBytes) {
            __builtin_prefetch(reinterpret_cast<const void*>(line), 0, 2);
        }
    }
}

// What the step after (row block r0…r1, depth pass j0, column tile c0) reads that this one does not: the next
// column tile's slice of B, or at the end of a pass the next pass's slices of A and B. They are many short
// strided runs (B's rows in a wide product, A's rows in a deep one), more streams than the hardware
// prefetchers follow, so without this they came from memory at its latency: on the AMD Zen 4 VM, 1 thread,
// five rounds alternated, linear (32, 2048, 64) 13.7 → 11.8 ms and FAVOR+ at (32, 64, 2048) 21.0 → 15.8 s
// (docs/performance.md).
template <std::int64_t kTileCols>
std::array<PrefetchBlock, 2> nextStepOperands(const NarrowProductArgs& p, std::int64_t depth_block,
                                              std::int64_t r0, std::int64_t r1, std::int64_t j0,
                                              std::int64_t depth, std::int64_t c0) {
    const std::int64_t next_col = c0 + kTileCols;
    if (next_col < p.cols) {
        return {
            PrefetchBlock{p.b + j0 * p.ldb + next_col, depth, p.ldb, std::min(kTileCols, p.cols - next_col)},
            PrefetchBlock{}};
    }
    const std::int64_t next_depth = j0 + depth;
    if (next_depth >= p.depth) return {};
    const std::int64_t pass = std::min(depth_block, p.depth - next_depth);
    const float* a = p.a + r0 * p.a_row_stride + next_depth * p.a_col_stride;
    const PrefetchBlock a_slice =
        p.a_col_stride == 1 ? PrefetchBlock{a, r1 - r0, p.a_row_stride, pass}
                            : PrefetchBlock{a, pass, p.a_col_stride, (r1 - r0 - 1) * p.a_row_stride + 1};
    return {a_slice, PrefetchBlock{p.b + next_depth * p.ldb, pass, p.ldb, std::min(kTileCols, p.cols)}};
}

// The blocking shared by every ISA: rows in blocks of narrowRowBlock() (A's slice and C stay in L2), depth in
// passes of `depth_block` (narrowDepthBlock(): the slice of B stays in L1 while every row tile of C uses it),
// columns in tiles of MaxVectors x Lanes, rows in tiles of MaxRows; the next step's operands are prefetched a
// few rows per row tile (nextStepOperands()). Plain code: the ISA lives in the tiles only.
template <int Lanes, std::size_t MaxRows, std::size_t MaxVectors>
void runNarrowProduct(const NarrowProductArgs& p, const NarrowTileTable<MaxRows, MaxVectors>& tiles,
                      std::int64_t depth_block) {
    constexpr std::int64_t kTileCols = std::int64_t{Lanes} * static_cast<std::int64_t>(MaxVectors);
    constexpr auto kTileRows = static_cast<std::int64_t>(MaxRows);
    const std::int64_t row_block = narrowRowBlock(dataCacheBytes(2), depth_block, p.cols, kTileRows);
    for (std::int64_t r0 = 0; r0 < p.rows; r0 += row_block) {
        const std::int64_t r1 = std::min(p.rows, r0 + row_block);
        const std::int64_t row_tiles = blockCount(r1 - r0, kTileRows);
        for (std::int64_t j0 = 0; j0 < p.depth; j0 += depth_block) {
            const std::int64_t depth = std::min(depth_block, p.depth - j0);
            const bool accumulate = p.accumulate || j0 > 0;
            for (std::int64_t c0 = 0; c0 < p.cols; c0 += kTileCols) {
                const std::int64_t width = std::min(kTileCols, p.cols - c0);
                const auto vectors = static_cast<int>((width + Lanes - 1) / Lanes);
                const auto tail = static_cast<int>(width - std::int64_t{Lanes} * (vectors - 1));
                const float* b = p.b + j0 * p.ldb + c0;
                const auto next = nextStepOperands<kTileCols>(p, depth_block, r0, r1, j0, depth, c0);
                const std::int64_t next_rows = blockCount(std::max(next[0].rows, next[1].rows), row_tiles);
                for (std::int64_t i0 = r0, t = 0; i0 < r1; i0 += kTileRows, ++t) {
                    for (const PrefetchBlock& block : next)
                        prefetchRows(block, t * next_rows, (t + 1) * next_rows);
                    const float* a = p.a + i0 * p.a_row_stride + j0 * p.a_col_stride;
                    float* c = p.c + i0 * p.ldc + c0;
                    const auto rows = static_cast<int>(std::min(kTileRows, r1 - i0));
                    tiles[rows - 1][vectors - 1](depth, a, p.a_row_stride, p.a_col_stride, b, p.ldb, c, p.ldc,
                                                 tail, accumulate);
                }
            }
        }
    }
}

void narrowProductAvx512(const NarrowProductArgs& args);
void narrowProductAvx2(const NarrowProductArgs& args);

// panel[j * width + col] = b[col * ldb + j] for depths [j0, j1) and columns [col0, col1): the packing of
// narrowProductTransposedB(), a few panel rows at a time so that they stay in L1 while they fill (a whole
// column at a time spread its stores over the full panel, 64 KiB at depth 256).
inline void packTransposedScalar(const float* b, std::int64_t ldb, std::int64_t j0, std::int64_t j1,
                                 std::int64_t col0, std::int64_t col1, std::int64_t width, float* panel) {
    constexpr std::int64_t kPackRows = 8;
    for (std::int64_t first = j0; first < j1; first += kPackRows) {
        const std::int64_t last = std::min(j1, first + kPackRows);
        for (std::int64_t col = col0; col < col1; ++col) {
            const float* column = b + col * ldb;
            for (std::int64_t j = first; j < last; ++j) panel[j * width + col] = column[j];
        }
    }
}

// The same packing for every column and depth, 16 x 16 blocks transposed in AVX-512 registers.
void packTransposedAvx512(const float* b, std::int64_t ldb, std::int64_t depth, std::int64_t width,
                          float* panel);

}  // namespace attnscope
