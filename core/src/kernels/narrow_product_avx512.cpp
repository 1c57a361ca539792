// The narrow product's AVX-512 tiles. Only the tile functions carry the target attribute, so nothing inlined
// from a shared header is compiled for AVX-512 and reused by code that runs on other CPUs.
#include <immintrin.h>

#include "attnscope/kernels/kernel_tuning.h"
#include "kernels/narrow_product_driver.h"

namespace attnscope {

namespace {

#define ATTNSCOPE_AVX512 __attribute__((target("avx512f,avx2,fma")))

// 6 rows x 4 vectors of 16 = 24 accumulators, plus 4 for a row of B and one broadcast: 29 of 32 registers.
constexpr int kRows = 6;
constexpr int kVectors = 4;
constexpr int kLanes = 16;

template <int Rows, int Vectors>
struct Tile {
    ATTNSCOPE_AVX512 static void run(std::int64_t depth, const float* a, std::int64_t a_row_stride,
                                     std::int64_t a_col_stride, const float* b, std::int64_t ldb, float* c,
                                     std::int64_t ldc, int tail, bool accumulate) {
        const auto last = static_cast<__mmask16>((1u << tail) - 1u);
        __m512 sum[Rows][Vectors];
#pragma GCC unroll 8
        for (int r = 0; r < Rows; ++r) {
#pragma GCC unroll 4
            for (int v = 0; v < Vectors; ++v) {
                const float* p = c + r * ldc + kLanes * v;
                sum[r][v] = !accumulate        ? _mm512_setzero_ps()
                            : v == Vectors - 1 ? _mm512_maskz_loadu_ps(last, p)
                                               : _mm512_loadu_ps(p);
            }
        }
        for (std::int64_t j = 0; j < depth; ++j) {
            __m512 row[Vectors];
#pragma GCC unroll 4
            for (int v = 0; v < Vectors; ++v) {
                const float* p = b + j * ldb + kLanes * v;
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
                float* p = c + r * ldc + kLanes * v;
                if (v == Vectors - 1) {
                    _mm512_mask_storeu_ps(p, last, sum[r][v]);
                } else {
                    _mm512_storeu_ps(p, sum[r][v]);
                }
            }
        }
    }
};

constexpr auto kTiles = narrowTileTable<Tile, kRows, kVectors>();

}  // namespace

void narrowProductAvx512(const NarrowProductArgs& args) {
    static const std::int64_t depth_block = narrowDepthBlock(l1DataCacheBytes(), kLanes * kVectors, 2);
    runNarrowProduct<kLanes>(args, kTiles, depth_block);
}

}  // namespace attnscope
