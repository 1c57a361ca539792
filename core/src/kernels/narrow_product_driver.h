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

// The blocking shared by every ISA: rows in blocks of narrowRowBlock() (A's slice and C stay in L2), depth in
// passes of `depth_block` (narrowDepthBlock(): the slice of B stays in L1 while every row tile of C uses it),
// columns in tiles of MaxVectors x Lanes, rows in tiles of MaxRows. Plain code: the ISA lives in the tiles
// only.
template <int Lanes, std::size_t MaxRows, std::size_t MaxVectors>
void runNarrowProduct(const NarrowProductArgs& p, const NarrowTileTable<MaxRows, MaxVectors>& tiles,
                      std::int64_t depth_block) {
    constexpr std::int64_t kTileCols = std::int64_t{Lanes} * static_cast<std::int64_t>(MaxVectors);
    constexpr auto kTileRows = static_cast<std::int64_t>(MaxRows);
    const std::int64_t row_block = narrowRowBlock(dataCacheBytes(2), depth_block, p.cols, kTileRows);
    for (std::int64_t r0 = 0; r0 < p.rows; r0 += row_block) {
        const std::int64_t r1 = std::min(p.rows, r0 + row_block);
        for (std::int64_t j0 = 0; j0 < p.depth; j0 += depth_block) {
            const std::int64_t depth = std::min(depth_block, p.depth - j0);
            const bool accumulate = p.accumulate || j0 > 0;
            for (std::int64_t c0 = 0; c0 < p.cols; c0 += kTileCols) {
                const std::int64_t width = std::min(kTileCols, p.cols - c0);
                const auto vectors = static_cast<int>((width + Lanes - 1) / Lanes);
                const auto tail = static_cast<int>(width - std::int64_t{Lanes} * (vectors - 1));
                const float* b = p.b + j0 * p.ldb + c0;
                for (std::int64_t i0 = r0; i0 < r1; i0 += kTileRows) {
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
