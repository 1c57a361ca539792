// softmaxBlock()'s AVX-512 row steps. Only these functions carry the target attribute (see
// narrow_product_avx512.cpp).
#include <immintrin.h>

#include "kernels/softmax_rows_variants.h"

// GCC 12's _mm512_reduce_* start from _mm256_undefined_pd(), and its max, roundscale and scalef intrinsics
// from _mm512_undefined_ps(), which -Wuninitialized and -Wmaybe-uninitialized report as false positives once
// inlined here.
#pragma GCC diagnostic ignored "-Wuninitialized"
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace attnscope {

namespace {

#define ATTNSCOPE_AVX512 __attribute__((target("avx512f,avx2,fma")))

constexpr std::int64_t kLanes = 16;

ATTNSCOPE_AVX512 inline __mmask16 tailMask(std::int64_t count) {
    return static_cast<__mmask16>((1u << count) - 1u);
}

// exp(x) for x ≤ 0 (the scores minus their maximum). scalef applies 2^n exactly, denormals and underflow to 0
// included, so x only needs clamping where n would leave its range. The polynomial is evaluated in Estrin's
// order: a shorter dependency chain than Horner's, which is what limits a row of independent exps.
ATTNSCOPE_AVX512 inline __m512 expNonPositive(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(kExpClamp));
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(kLog2e)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(kLn2High), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(kLn2Low), r);
    const __m512 r2 = _mm512_mul_ps(r, r);
    const __m512 low = _mm512_fmadd_ps(_mm512_set1_ps(kExpP4), r, _mm512_set1_ps(kExpP5));
    const __m512 middle = _mm512_fmadd_ps(_mm512_set1_ps(kExpP2), r, _mm512_set1_ps(kExpP3));
    const __m512 high = _mm512_fmadd_ps(_mm512_set1_ps(kExpP0), r, _mm512_set1_ps(kExpP1));
    const __m512 p = _mm512_fmadd_ps(high, _mm512_mul_ps(r2, r2), _mm512_fmadd_ps(middle, r2, low));
    return _mm512_scalef_ps(_mm512_fmadd_ps(p, r2, _mm512_add_ps(r, _mm512_set1_ps(1.0f))), n);
}

// Four running maxima: with one, each max waits for the previous (4 cycles). softmaxBlock() on a 256 x 512
// block, 1 thread of the Intel VM: 53 → 50.6 µs (its exp pass alone takes 38).
ATTNSCOPE_AVX512 float maximum(const float* row, std::int64_t cols) {
    __m512 best = _mm512_set1_ps(-__builtin_inff());
    __m512 best1 = best, best2 = best, best3 = best;
    std::int64_t j = 0;
    for (; j + 4 * kLanes <= cols; j += 4 * kLanes) {
        best = _mm512_max_ps(best, _mm512_loadu_ps(row + j));
        best1 = _mm512_max_ps(best1, _mm512_loadu_ps(row + j + kLanes));
        best2 = _mm512_max_ps(best2, _mm512_loadu_ps(row + j + 2 * kLanes));
        best3 = _mm512_max_ps(best3, _mm512_loadu_ps(row + j + 3 * kLanes));
    }
    best = _mm512_max_ps(_mm512_max_ps(best, best1), _mm512_max_ps(best2, best3));
    for (; j + kLanes <= cols; j += kLanes) best = _mm512_max_ps(best, _mm512_loadu_ps(row + j));
    if (j < cols)
        best = _mm512_mask_max_ps(best, tailMask(cols - j), best,
                                  _mm512_maskz_loadu_ps(tailMask(cols - j), row + j));
    return _mm512_reduce_max_ps(best);
}

ATTNSCOPE_AVX512 float expAndSum(float* row, std::int64_t cols, float scale, float max) {
    const __m512 scale_v = _mm512_set1_ps(scale);
    const __m512 max_v = _mm512_set1_ps(max);
    // Two sums, so that the adds of neighbouring vectors do not wait for each other.
    __m512 sum0 = _mm512_setzero_ps(), sum1 = _mm512_setzero_ps();
    std::int64_t j = 0;
    for (; j + 2 * kLanes <= cols; j += 2 * kLanes) {
        const __m512 e0 =
            expNonPositive(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(row + j), max_v), scale_v));
        const __m512 e1 =
            expNonPositive(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(row + j + kLanes), max_v), scale_v));
        _mm512_storeu_ps(row + j, e0);
        _mm512_storeu_ps(row + j + kLanes, e1);
        sum0 = _mm512_add_ps(sum0, e0);
        sum1 = _mm512_add_ps(sum1, e1);
    }
    for (; j < cols; j += kLanes) {
        const __mmask16 valid = cols - j >= kLanes ? static_cast<__mmask16>(0xFFFF) : tailMask(cols - j);
        const __m512 x = _mm512_maskz_loadu_ps(valid, row + j);
        const __m512 e =
            _mm512_maskz_mov_ps(valid, expNonPositive(_mm512_mul_ps(_mm512_sub_ps(x, max_v), scale_v)));
        _mm512_mask_storeu_ps(row + j, valid, e);
        sum0 = _mm512_add_ps(sum0, e);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(sum0, sum1));
}

}  // namespace

const SoftmaxRowSteps kSoftmaxRowStepsAvx512{maximum, expAndSum};

}  // namespace attnscope
