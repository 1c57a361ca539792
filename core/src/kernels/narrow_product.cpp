#include "attnscope/kernels/narrow_product.h"

#include <algorithm>
#include <array>

#include "attnscope/kernels/tensor.h"

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace attnscope {

#if defined(__AVX512F__)
namespace {

// Rows of C per register tile: 6 rows x 4 vectors of 16 = 24 accumulators, plus 4 for a row of B and one
// broadcast, fits the 32 vector registers.
constexpr int kTileRows = 6;
constexpr std::int64_t kTileCols = 64;
// Depth per pass: a 256 x 64 slice of B (64 KiB) stays in L2 while every row tile of C uses it.
constexpr std::int64_t kDepthBlock = 256;

// One tile of C: `Rows` rows and `Vectors` x 16 columns, the last vector masked by `last`.
template <int Rows, int Vectors>
void tile(std::int64_t depth, const float* a, std::int64_t a_row_stride, std::int64_t a_col_stride,
          const float* b, std::int64_t ldb, float* c, std::int64_t ldc, __mmask16 last, bool accumulate) {
    __m512 sum[Rows][Vectors];
#pragma GCC unroll 8
    for (int r = 0; r < Rows; ++r) {
#pragma GCC unroll 4
        for (int v = 0; v < Vectors; ++v) {
            const float* p = c + r * ldc + 16 * v;
            sum[r][v] = !accumulate        ? _mm512_setzero_ps()
                        : v == Vectors - 1 ? _mm512_maskz_loadu_ps(last, p)
                                           : _mm512_loadu_ps(p);
        }
    }
    for (std::int64_t j = 0; j < depth; ++j) {
        __m512 row[Vectors];
#pragma GCC unroll 4
        for (int v = 0; v < Vectors; ++v) {
            const float* p = b + j * ldb + 16 * v;
            row[v] = v == Vectors - 1 ? _mm512_maskz_loadu_ps(last, p) : _mm512_loadu_ps(p);
        }
#pragma GCC unroll 8
        for (int r = 0; r < Rows; ++r) {
            const __m512 a_value = _mm512_set1_ps(a[r * a_row_stride + j * a_col_stride]);
#pragma GCC unroll 4
            for (int v = 0; v < Vectors; ++v) sum[r][v] = _mm512_fmadd_ps(a_value, row[v], sum[r][v]);
        }
    }
#pragma GCC unroll 8
    for (int r = 0; r < Rows; ++r) {
#pragma GCC unroll 4
        for (int v = 0; v < Vectors; ++v) {
            float* p = c + r * ldc + 16 * v;
            if (v == Vectors - 1) {
                _mm512_mask_storeu_ps(p, last, sum[r][v]);
            } else {
                _mm512_storeu_ps(p, sum[r][v]);
            }
        }
    }
}

// Every tile shape, indexed [rows - 1][vectors - 1]: the loops below pick one per tile at run time.
using TileFunction = void (*)(std::int64_t, const float*, std::int64_t, std::int64_t, const float*,
                              std::int64_t, float*, std::int64_t, __mmask16, bool);

template <int Rows>
constexpr std::array<TileFunction, 4> tilesOfRows() {
    return {tile<Rows, 1>, tile<Rows, 2>, tile<Rows, 3>, tile<Rows, 4>};
}

constexpr std::array<std::array<TileFunction, 4>, kTileRows> kTiles = {tilesOfRows<1>(), tilesOfRows<2>(),
                                                                       tilesOfRows<3>(), tilesOfRows<4>(),
                                                                       tilesOfRows<5>(), tilesOfRows<6>()};

}  // namespace

void narrowProduct(const NarrowProductArgs& p) {
    if (p.rows <= 0 || p.cols <= 0) return;
    if (p.depth <= 0) {
        if (!p.accumulate) {
            for (std::int64_t i = 0; i < p.rows; ++i) std::fill_n(p.c + i * p.ldc, p.cols, 0.0f);
        }
        return;
    }
    for (std::int64_t j0 = 0; j0 < p.depth; j0 += kDepthBlock) {
        const std::int64_t depth = std::min(kDepthBlock, p.depth - j0);
        const bool accumulate = p.accumulate || j0 > 0;
        for (std::int64_t c0 = 0; c0 < p.cols; c0 += kTileCols) {
            const std::int64_t width = std::min(kTileCols, p.cols - c0);
            const int vectors = static_cast<int>((width + 15) / 16);
            const int tail = static_cast<int>(width % 16);
            const auto last = static_cast<__mmask16>(tail == 0 ? 0xFFFFu : (1u << tail) - 1u);
            const float* b = p.b + j0 * p.ldb + c0;
            for (std::int64_t i0 = 0; i0 < p.rows; i0 += kTileRows) {
                const float* a = p.a + i0 * p.a_row_stride + j0 * p.a_col_stride;
                float* c = p.c + i0 * p.ldc + c0;
                const auto rows = std::min<std::int64_t>(kTileRows, p.rows - i0);
                kTiles[rows - 1][vectors - 1](depth, a, p.a_row_stride, p.a_col_stride, b, p.ldb, c, p.ldc,
                                              last, accumulate);
            }
        }
    }
}

#else

void narrowProduct(const NarrowProductArgs& p) {
    using Strided =
        Eigen::Map<const MatrixRM, Eigen::Unaligned, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic> >;
    const Strided a(p.a, p.rows, p.depth,
                    Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(p.a_row_stride, p.a_col_stride));
    const ConstStridedMap b(p.b, p.depth, p.cols, Eigen::OuterStride<>(p.ldb));
    StridedMap c(p.c, p.rows, p.cols, Eigen::OuterStride<>(p.ldc));
    if (p.accumulate) {
        c.noalias() += a * b;
    } else {
        c.noalias() = a * b;
    }
}

#endif

}  // namespace attnscope
