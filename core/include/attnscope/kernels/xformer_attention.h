#pragma once
#include "attnscope/kernels/problem.h"
#include "attnscope/kernels/workspace.h"

namespace attnscope {

// The Xformer layer with separate alpha and beta (SPEC §3): q = X W_q (width d/alpha), v = Xᵀ E and
// k = qᵀ E with the shared n x ceil(n/beta) pooling E, per head softmax(q_h k_h / sqrt(d/h)) v_hᵀ, · W_o.
void xformerAttention(const AttentionProblem& problem, TensorView out, Workspace& workspace);

}  // namespace attnscope
