#pragma once
#include <cstdint>
#include <vector>

#include "attnscope/kernels/problem.h"

namespace attnscope {

// Naive float64 implementations of every method, for tests: plain loops that share no code with the
// kernels except the problem's inputs and weights. Slow (no blocking, no SIMD); keep n·d small.

// The output, (batch, n, d) row-major.
std::vector<double> referenceAttention(const AttentionProblem& problem);

// The same matrix attentionMatrix() returns, in double.
MatrixRMd referenceAttentionMatrix(const AttentionProblem& problem, std::int64_t batch, std::int64_t head);

// ‖a − b‖_F / ‖b‖_F, the error measure the tests and reports use.
double relativeFrobeniusError(const float* actual, const double* expected, std::int64_t count);
double relativeFrobeniusError(const MatrixRM& actual, const MatrixRMd& expected);

}  // namespace attnscope
