#pragma once
#include <optional>

#include "attnscope/kernels/problem.h"
#include "attnscope/kernels/workspace.h"

namespace attnscope {

// How far FAVOR+ lands from exact softmax attention on the same Q, K, V: relative Frobenius errors
// ‖approx − exact‖ / ‖exact‖.
struct FavorError {
    double output = 0;                // over the whole (batch, n, d) output
    std::optional<double> attention;  // of the n x n attention matrix of batch 0, head 0; empty when too big
};

// Attention matrices above this are not formed for the error (the output error is still measured).
inline constexpr std::uint64_t kErrorMatrixBytes = 64ull << 20;

// True for the methods that approximate softmax attention with the same inputs.
bool approximatesSoftmax(Method method);

// Compares `output`, what `problem` (a performer problem) computed, with exact softmax run on its Q, K, V.
// The caller passes the output it already has rather than paying for another FAVOR+ call.
FavorError favorError(const AttentionProblem& problem, ConstTensorView output, Workspace& workspace);

}  // namespace attnscope
