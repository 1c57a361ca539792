#pragma once
#include "attnscope/kernels/problem.h"
#include "attnscope/kernels/workspace.h"

namespace attnscope {

// Runs problem.method into `out` (batch, n, d). The workspace may be reused across calls: repetitions then
// touch pages that are already mapped.
void runAttention(const AttentionProblem& problem, TensorView out, Workspace& workspace);
Tensor runAttention(const AttentionProblem& problem);

}  // namespace attnscope
