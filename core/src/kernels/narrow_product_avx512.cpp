// The narrow product's AVX-512 tiles. Only the tile functions carry the target attribute, so nothing inlined
// from a shared header is compiled for AVX-512 and reused by code that runs on other CPUs.
#include <immintrin.h>

#include "attnscope/kernels/kernel_tuning.h"
#include "kernels/narrow_product_driver.h"

// GCC 12's unpack and shuffle intrinsics start from _mm512_undefined_ps(), which -Wuninitialized and (in the
// sanitizer build) -Wmaybe-uninitialized report as false positives once inlined into transpose16().
#pragma GCC diagnostic ignored "-Wuninitialized"
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

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

// A 16 x 16 block of floats transposed in registers: unpacks pair the rows, shuffles make groups of four,
// and two rounds of 128-bit lane shuffles gather each column.
ATTNSCOPE_AVX512 inline void transpose16(const float* in, std::int64_t ld_in, float* out,
                                         std::int64_t ld_out) {
    __m512 r[16], t[16];
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_ps(in + i * ld_in);
#pragma GCC unroll 8
    for (int i = 0; i < 8; ++i) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    // r[4g + k]: in each 128-bit lane L, element 4L + k of rows 4g … 4g + 3.
#pragma GCC unroll 4
    for (int g = 0; g < 4; ++g) {
        r[4 * g] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], _MM_SHUFFLE(1, 0, 1, 0));
        r[4 * g + 1] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], _MM_SHUFFLE(3, 2, 3, 2));
        r[4 * g + 2] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], _MM_SHUFFLE(1, 0, 1, 0));
        r[4 * g + 3] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
#pragma GCC unroll 4
    for (int k = 0; k < 4; ++k) {
        const __m512 even_low = _mm512_shuffle_f32x4(r[k], r[4 + k], 0x88);  // lanes 0, 2 of groups 0, 1
        const __m512 odd_low = _mm512_shuffle_f32x4(r[k], r[4 + k], 0xdd);   // lanes 1, 3
        const __m512 even_high = _mm512_shuffle_f32x4(r[8 + k], r[12 + k], 0x88);
        const __m512 odd_high = _mm512_shuffle_f32x4(r[8 + k], r[12 + k], 0xdd);
        _mm512_storeu_ps(out + k * ld_out, _mm512_shuffle_f32x4(even_low, even_high, 0x88));
        _mm512_storeu_ps(out + (4 + k) * ld_out, _mm512_shuffle_f32x4(odd_low, odd_high, 0x88));
        _mm512_storeu_ps(out + (8 + k) * ld_out, _mm512_shuffle_f32x4(even_low, even_high, 0xdd));
        _mm512_storeu_ps(out + (12 + k) * ld_out, _mm512_shuffle_f32x4(odd_low, odd_high, 0xdd));
    }
}

}  // namespace

void packTransposedAvx512(const float* b, std::int64_t ldb, std::int64_t depth, std::int64_t width,
                          float* panel) {
    const std::int64_t full_depth = depth - depth % 16, full_width = width - width % 16;
    for (std::int64_t j = 0; j < full_depth; j += 16) {
        for (std::int64_t col = 0; col < full_width; col += 16)
            transpose16(b + col * ldb + j, ldb, panel + j * width + col, width);
    }
    packTransposedScalar(b, ldb, full_depth, depth, 0, full_width, width, panel);
    packTransposedScalar(b, ldb, 0, depth, full_width, width, width, panel);
}

void narrowProductAvx512(const NarrowProductArgs& args) {
    static const std::int64_t depth_block = narrowDepthBlock(dataCacheBytes(1), kLanes * kVectors, 2);
    runNarrowProduct<kLanes>(args, kTiles, depth_block);
}

}  // namespace attnscope
