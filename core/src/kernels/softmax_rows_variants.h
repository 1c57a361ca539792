#pragma once
#include <cstdint>

namespace attnscope {

// The per-row steps of softmaxBlock() for one ISA: the row's maximum, and the pass that writes
// exp(scale · (x − max)) over the row and returns its sum; and that pass fused with the maximum of the next
// row (same length), written to *next_max, so that softmaxBlock() reads each row from L2 once.
struct SoftmaxRowSteps {
    float (*maximum)(const float* row, std::int64_t cols);
    float (*exp_and_sum)(float* row, std::int64_t cols, float scale, float max);
    float (*exp_and_sum_then_maximum)(float* row, std::int64_t cols, float scale, float max,
                                      const float* next, float* next_max);
};

extern const SoftmaxRowSteps kSoftmaxRowStepsAvx512;
extern const SoftmaxRowSteps kSoftmaxRowStepsAvx2;

// The polynomial exp's constants (Cephes expf): x = n ln 2 + r with ln 2 split in two for an exact r, and
// exp(r) = 1 + r + r² p(r) on |r| ≤ ln 2 / 2. The AVX2 exp uses all of them; the AVX-512 one only the split
// ln 2 (with n in sixteenths) and kLog2e.
inline constexpr float kLog2e = 1.44269504088896341f;
inline constexpr float kLn2High = 0.693359375f;
inline constexpr float kLn2Low = -2.12194440e-4f;
inline constexpr float kExpP0 = 1.9875691500e-4f;
inline constexpr float kExpP1 = 1.3981999507e-3f;
inline constexpr float kExpP2 = 8.3334519073e-3f;
inline constexpr float kExpP3 = 4.1665795894e-2f;
inline constexpr float kExpP4 = 1.6666665459e-1f;
inline constexpr float kExpP5 = 5.0000001201e-1f;
// 2^(j/16) for j = 0 … 15, and 1.5 · 2^19: a float at least 2^19 has an ulp of 1/16, so adding this rounds to
// sixteenths (the AVX-512 exp's range reduction).
inline constexpr float kExp2Sixteenths[16] = {
    1.0f,        1.04427378f, 1.09050773f, 1.13878863f, 1.18920712f, 1.24185781f, 1.29683955f, 1.35425555f,
    1.41421356f, 1.47682615f, 1.54221083f, 1.61049033f, 1.68179283f, 1.75625216f, 1.83400809f, 1.91520656f};
inline constexpr float kSixteenthsShift = 786432.0f;
// Below this exp(x) is 0 in float; a variant that builds 2^n with scalef clamps x here.
inline constexpr float kExpClamp = -104.0f;
// Below this exp(x) is no longer a normal float (2^-126 = e^-87.33654…); a variant that builds 2^n in the
// exponent bits flushes the result to 0 there.
inline constexpr float kExpLowest = -87.3365f;

}  // namespace attnscope
