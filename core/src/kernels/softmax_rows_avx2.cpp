// softmaxBlock()'s AVX2 + FMA row steps. Only these functions carry the target attribute (see
// narrow_product_avx512.cpp).
#include <immintrin.h>

#include "kernels/softmax_rows_variants.h"

namespace attnscope {

namespace {

#define ATTNSCOPE_AVX2 __attribute__((target("avx2,fma")))

constexpr std::int64_t kLanes = 8;

// Lanes below `count` set (count ≤ 8).
ATTNSCOPE_AVX2 inline __m256i tailMask(std::int64_t count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count)),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

ATTNSCOPE_AVX2 inline float horizontalSum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

ATTNSCOPE_AVX2 inline float horizontalMax(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// exp(x) for x ≤ 0 (the scores minus their maximum); 0 below kExpLowest. 2^n is built in the exponent bits.
ATTNSCOPE_AVX2 inline __m256 expNonPositive(__m256 x) {
    const __m256 normal = _mm256_cmp_ps(x, _mm256_set1_ps(kExpLowest), _CMP_GE_OQ);
    x = _mm256_max_ps(x, _mm256_set1_ps(kExpLowest));
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(kLog2e)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2High), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2Low), r);
    __m256 p = _mm256_set1_ps(kExpP0);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kExpP1));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kExpP2));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kExpP3));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kExpP4));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kExpP5));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    const __m256i exponent =
        _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_and_ps(_mm256_mul_ps(p, _mm256_castsi256_ps(exponent)), normal);
}

// Four running maxima, so that each max does not wait for the previous one (see the AVX-512 variant).
ATTNSCOPE_AVX2 float maximum(const float* row, std::int64_t cols) {
    const __m256 lowest = _mm256_set1_ps(-__builtin_inff());
    __m256 best = lowest, best1 = lowest, best2 = lowest, best3 = lowest;
    std::int64_t j = 0;
    for (; j + 4 * kLanes <= cols; j += 4 * kLanes) {
        best = _mm256_max_ps(best, _mm256_loadu_ps(row + j));
        best1 = _mm256_max_ps(best1, _mm256_loadu_ps(row + j + kLanes));
        best2 = _mm256_max_ps(best2, _mm256_loadu_ps(row + j + 2 * kLanes));
        best3 = _mm256_max_ps(best3, _mm256_loadu_ps(row + j + 3 * kLanes));
    }
    best = _mm256_max_ps(_mm256_max_ps(best, best1), _mm256_max_ps(best2, best3));
    for (; j + kLanes <= cols; j += kLanes) best = _mm256_max_ps(best, _mm256_loadu_ps(row + j));
    if (j < cols) {
        const __m256i valid = tailMask(cols - j);
        const __m256 tail =
            _mm256_blendv_ps(lowest, _mm256_maskload_ps(row + j, valid), _mm256_castsi256_ps(valid));
        best = _mm256_max_ps(best, tail);
    }
    return horizontalMax(best);
}

// The exp pass over `row`, and with `next` the maximum of the next row in the same loop (see the AVX-512
// variant).
template <bool kNextMaximum>
ATTNSCOPE_AVX2 inline float expAndSumImpl(float* row, std::int64_t cols, float scale, float max,
                                          const float* next, float* next_max) {
    const __m256 scale_v = _mm256_set1_ps(scale);
    const __m256 max_v = _mm256_set1_ps(max);
    const __m256 lowest = _mm256_set1_ps(-__builtin_inff());
    // Two sums, so that the adds of neighbouring vectors do not wait for each other; two maxima likewise.
    __m256 sum0 = _mm256_setzero_ps(), sum1 = _mm256_setzero_ps();
    __m256 best0 = lowest, best1 = lowest;
    std::int64_t j = 0;
    for (; j + 2 * kLanes <= cols; j += 2 * kLanes) {
        if constexpr (kNextMaximum) {
            best0 = _mm256_max_ps(best0, _mm256_loadu_ps(next + j));
            best1 = _mm256_max_ps(best1, _mm256_loadu_ps(next + j + kLanes));
        }
        const __m256 e0 =
            expNonPositive(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(row + j), max_v), scale_v));
        const __m256 e1 =
            expNonPositive(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(row + j + kLanes), max_v), scale_v));
        _mm256_storeu_ps(row + j, e0);
        _mm256_storeu_ps(row + j + kLanes, e1);
        sum0 = _mm256_add_ps(sum0, e0);
        sum1 = _mm256_add_ps(sum1, e1);
    }
    for (; j < cols; j += kLanes) {
        const std::int64_t count = cols - j < kLanes ? cols - j : kLanes;
        const __m256i valid = tailMask(count);
        if constexpr (kNextMaximum) {
            const __m256 ahead =
                _mm256_blendv_ps(lowest, _mm256_maskload_ps(next + j, valid), _mm256_castsi256_ps(valid));
            best0 = _mm256_max_ps(best0, ahead);
        }
        const __m256 x = _mm256_maskload_ps(row + j, valid);
        const __m256 e = _mm256_and_ps(expNonPositive(_mm256_mul_ps(_mm256_sub_ps(x, max_v), scale_v)),
                                       _mm256_castsi256_ps(valid));
        _mm256_maskstore_ps(row + j, valid, e);
        sum0 = _mm256_add_ps(sum0, e);
    }
    if constexpr (kNextMaximum) *next_max = horizontalMax(_mm256_max_ps(best0, best1));
    return horizontalSum(_mm256_add_ps(sum0, sum1));
}

ATTNSCOPE_AVX2 float expAndSum(float* row, std::int64_t cols, float scale, float max) {
    return expAndSumImpl<false>(row, cols, scale, max, nullptr, nullptr);
}

ATTNSCOPE_AVX2 float expAndSumThenMaximum(float* row, std::int64_t cols, float scale, float max,
                                          const float* next, float* next_max) {
    return expAndSumImpl<true>(row, cols, scale, max, next, next_max);
}

}  // namespace

const SoftmaxRowSteps kSoftmaxRowStepsAvx2{maximum, expAndSum, expAndSumThenMaximum};

}  // namespace attnscope
