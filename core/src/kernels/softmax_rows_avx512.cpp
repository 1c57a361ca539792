// softmaxBlock()'s AVX-512 row steps. Only these functions carry the target attribute (see
// narrow_product_avx512.cpp).
#include <immintrin.h>

#include "kernels/softmax_rows_variants.h"

// GCC 12's _mm512_reduce_* start from _mm256_undefined_pd(), and its max, permute and scalef intrinsics
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

// exp(x) for x ≤ 0 (the scores minus their maximum), as 2^(k/16) · exp(r) with |r| ≤ ln 2 / 32: 2^(j/16) for
// the sixteenths j = k mod 16 comes from a 16-entry table held in one register (vpermps), so a cubic suffices
// for exp(r) where a range of ln 2 / 2 needs degree 7: 12 vector operations instead of 15. scalef applies
// 2^floor(k/16) exactly, denormals and underflow to 0 included, so x only needs clamping where k would leave
// the range of the rounding trick below.
ATTNSCOPE_AVX512 inline __m512 expNonPositive(__m512 x) {
    const __m512 table =
        _mm512_setr_ps(kExp2Sixteenths[0], kExp2Sixteenths[1], kExp2Sixteenths[2], kExp2Sixteenths[3],
                       kExp2Sixteenths[4], kExp2Sixteenths[5], kExp2Sixteenths[6], kExp2Sixteenths[7],
                       kExp2Sixteenths[8], kExp2Sixteenths[9], kExp2Sixteenths[10], kExp2Sixteenths[11],
                       kExp2Sixteenths[12], kExp2Sixteenths[13], kExp2Sixteenths[14], kExp2Sixteenths[15]);
    x = _mm512_max_ps(x, _mm512_set1_ps(kExpClamp));
    // Adding 1.5 · 2^19 (whose ulp is 1/16) rounds x log2 e to k/16, and leaves k mod 16 in the sum's low
    // mantissa bits, which vpermps reads as the table index. (Needs IEEE arithmetic: -ffast-math could fold
    // the add and the subtraction away.)
    const __m512 shifted =
        _mm512_add_ps(_mm512_mul_ps(x, _mm512_set1_ps(kLog2e)), _mm512_set1_ps(kSixteenthsShift));
    const __m512 sixteenths = _mm512_sub_ps(shifted, _mm512_set1_ps(kSixteenthsShift));
    __m512 r = _mm512_fnmadd_ps(sixteenths, _mm512_set1_ps(kLn2High), x);
    r = _mm512_fnmadd_ps(sixteenths, _mm512_set1_ps(kLn2Low), r);
    const __m512 power = _mm512_permutexvar_ps(_mm512_castps_si512(shifted), table);
    // exp(r) − 1 = r + r² (1/2 + r/6); its next term, r⁴/24, is below 0.2 ulp.
    const __m512 tail = _mm512_fmadd_ps(_mm512_fmadd_ps(_mm512_set1_ps(1.0f / 6.0f), r, _mm512_set1_ps(0.5f)),
                                        _mm512_mul_ps(r, r), r);
    return _mm512_scalef_ps(_mm512_fmadd_ps(power, tail, power), sixteenths);
}

// Four running maxima: with one, each max waits for the previous (4 cycles). In softmaxBlock() only a block's
// first row takes this pass; the others' maxima come from expAndSumImpl<true>.
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

// The exp pass over `row`, and with `next` the maximum of the next row (of the same length) in the same loop:
// its loads from L2 then overlap the exp's arithmetic instead of stalling a pass of their own. softmaxBlock()
// on a 256 x 512 block (kernels_bench softmax-block), 1 thread of the Intel VM, three rounds: 62/55/58 µs
// with the degree-7 exp and a max pass per row, 47/42/48 with the table exp, 39/42/37 with this fusion too.
template <bool kNextMaximum>
ATTNSCOPE_AVX512 inline float expAndSumImpl(float* row, std::int64_t cols, float scale, float max,
                                            const float* next, float* next_max) {
    const __m512 scale_v = _mm512_set1_ps(scale);
    const __m512 max_v = _mm512_set1_ps(max);
    // Two sums, so that the adds of neighbouring vectors do not wait for each other; two maxima likewise.
    __m512 sum0 = _mm512_setzero_ps(), sum1 = _mm512_setzero_ps();
    __m512 best0 = _mm512_set1_ps(-__builtin_inff()), best1 = best0;
    std::int64_t j = 0;
    for (; j + 2 * kLanes <= cols; j += 2 * kLanes) {
        if constexpr (kNextMaximum) {
            best0 = _mm512_max_ps(best0, _mm512_loadu_ps(next + j));
            best1 = _mm512_max_ps(best1, _mm512_loadu_ps(next + j + kLanes));
        }
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
        if constexpr (kNextMaximum)
            best0 = _mm512_mask_max_ps(best0, valid, best0, _mm512_maskz_loadu_ps(valid, next + j));
        const __m512 x = _mm512_maskz_loadu_ps(valid, row + j);
        const __m512 e =
            _mm512_maskz_mov_ps(valid, expNonPositive(_mm512_mul_ps(_mm512_sub_ps(x, max_v), scale_v)));
        _mm512_mask_storeu_ps(row + j, valid, e);
        sum0 = _mm512_add_ps(sum0, e);
    }
    if constexpr (kNextMaximum) *next_max = _mm512_reduce_max_ps(_mm512_max_ps(best0, best1));
    return _mm512_reduce_add_ps(_mm512_add_ps(sum0, sum1));
}

ATTNSCOPE_AVX512 float expAndSum(float* row, std::int64_t cols, float scale, float max) {
    return expAndSumImpl<false>(row, cols, scale, max, nullptr, nullptr);
}

ATTNSCOPE_AVX512 float expAndSumThenMaximum(float* row, std::int64_t cols, float scale, float max,
                                            const float* next, float* next_max) {
    return expAndSumImpl<true>(row, cols, scale, max, next, next_max);
}

}  // namespace

const SoftmaxRowSteps kSoftmaxRowStepsAvx512{maximum, expAndSum, expAndSumThenMaximum};

}  // namespace attnscope
