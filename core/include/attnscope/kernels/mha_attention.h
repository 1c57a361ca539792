#pragma once
#include "attnscope/kernels/problem.h"
#include "attnscope/kernels/workspace.h"

namespace attnscope {

// The baseline layer: q, k, v = X W_q, X W_k, X W_v; per head softmax(q kᵀ / sqrt(d/h)) v; concat; · W_o.
void mhaAttention(const AttentionProblem& problem, TensorView out, Workspace& workspace);

}  // namespace attnscope
