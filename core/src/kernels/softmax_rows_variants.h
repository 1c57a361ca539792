#pragma once
#include <cstdint>

namespace attnscope {

// The per-row steps of softmaxBlock() for one ISA: the row's maximum, and the pass that writes
// exp(scale · (x − max)) over the row and returns its sum.
struct SoftmaxRowSteps {
    float (*maximum)(const float* row, std::int64_t cols);
    float (*exp_and_sum)(float* row, std::int64_t cols, float scale, float max);
};

extern const SoftmaxRowSteps kSoftmaxRowStepsAvx512;
extern const SoftmaxRowSteps kSoftmaxRowStepsAvx2;

// The polynomial exp's constants (Cephes expf): x = n ln 2 + r with ln 2 split in two for an exact r, and
// exp(r) = 1 + r + r² p(r) on |r| ≤ ln 2 / 2.
inline constexpr float kLog2e = 1.44269504088896341f;
inline constexpr float kLn2High = 0.693359375f;
inline constexpr float kLn2Low = -2.12194440e-4f;
inline constexpr float kExpP0 = 1.9875691500e-4f;
inline constexpr float kExpP1 = 1.3981999507e-3f;
inline constexpr float kExpP2 = 8.3334519073e-3f;
inline constexpr float kExpP3 = 4.1665795894e-2f;
inline constexpr float kExpP4 = 1.6666665459e-1f;
inline constexpr float kExpP5 = 5.0000001201e-1f;
// Below this exp(x) is 0 in float; a variant that builds 2^n with scalef clamps x here.
inline constexpr float kExpClamp = -104.0f;
// Below this exp(x) is no longer a normal float (2^-126 = e^-87.33654…); a variant that builds 2^n in the
// exponent bits flushes the result to 0 there.
inline constexpr float kExpLowest = -87.3365f;

}  // namespace attnscope
