// The narrow product's AVX2 + FMA tiles (see narrow_product_avx512.cpp for why only the tiles carry the
// target attribute).
#include <immintrin.h>

#include "attnscope/kernels/kernel_tuning.h"
#include "kernels/narrow_product_driver.h"

namespace attnscope {

namespace {

#define ATTNSCOPE_AVX2 __attribute__((target("avx2,fma")))

// 6 rows x 2 vectors of 8 = 12 accumulators, plus 2 for a row of B and one broadcast: 15 of 16 registers.
constexpr int kRows = 6;
constexpr int kVectors = 2;
constexpr int kLanes = 8;

// Lanes below `tail` set: the mask of the last, partial vector.
ATTNSCOPE_AVX2 inline __m256i tailMask(int tail) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(tail), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

template <int Rows, int Vectors>
struct Tile {
    ATTNSCOPE_AVX2 static void run(std::int64_t depth, const float* a, std::int64_t a_row_stride,
                                   std::int64_t a_col_stride, const float* b, std::int64_t ldb, float* c,
                                   std::int64_t ldc, int tail, bool accumulate) {
        const __m256i last = tailMask(tail);
        const bool partial = tail != kLanes;
        __m256 sum[Rows][Vectors];
#pragma GCC unroll 8
        for (int r = 0; r < Rows; ++r) {
#pragma GCC unroll 4
            for (int v = 0; v < Vectors; ++v) {
                const float* p = c + r * ldc + kLanes * v;
                sum[r][v] = !accumulate                     ? _mm256_setzero_ps()
                            : (v == Vectors - 1 && partial) ? _mm256_maskload_ps(p, last)
                                                            : _mm256_loadu_ps(p);
            }
        }
        for (std::int64_t j = 0; j < depth; ++j) {
            __m256 row[Vectors];
#pragma GCC unroll 4
            for (int v = 0; v < Vectors; ++v) {
                const float* p = b + j * ldb + kLanes * v;
                row[v] = (v == Vectors - 1 && partial) ? _mm256_maskload_ps(p, last) : _mm256_loadu_ps(p);
            }
#pragma GCC unroll 8
            for (int r = 0; r < Rows; ++r) {
                const __m256 a_value = _mm256_broadcast_ss(a + r * a_row_stride + j * a_col_stride);
#pragma GCC unroll 4
                for (int v = 0; v < Vectors; ++v) sum[r][v] = _mm256_fmadd_ps(a_value, row[v], sum[r][v]);
            }
        }
#pragma GCC unroll 8
        for (int r = 0; r < Rows; ++r) {
#pragma GCC unroll 4
            for (int v = 0; v < Vectors; ++v) {
                float* p = c + r * ldc + kLanes * v;
                if (v == Vectors - 1 && partial) {
                    _mm256_maskstore_ps(p, last, sum[r][v]);
                } else {
                    _mm256_storeu_ps(p, sum[r][v]);
                }
            }
        }
    }
};

constexpr auto kTiles = narrowTileTable<Tile, kRows, kVectors>();

}  // namespace

void narrowProductAvx2(const NarrowProductArgs& args) {
    static const std::int64_t depth_block = narrowDepthBlock(dataCacheBytes(1), kLanes * kVectors, 3);
    runNarrowProduct<kLanes>(args, kTiles, depth_block);
}

}  // namespace attnscope
