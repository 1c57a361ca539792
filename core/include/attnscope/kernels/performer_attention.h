#pragma once
#include <cstdint>

#include "attnscope/kernels/problem.h"
#include "attnscope/kernels/workspace.h"

namespace attnscope {

// `features` x `head_dim` Gaussian features whose rows are orthogonal within each block of head_dim rows,
// rescaled to chi-distributed norms (the Performer paper's orthogonal random features).
MatrixRM orthogonalRandomFeatures(std::int64_t features, std::int64_t head_dim, std::uint64_t seed);

// FAVOR+ (SPEC §2): φ(x) = exp(W x' − ‖x'‖²/2) with x' = x · head_dim^-1/4, and
// out = diag(φ(Q) φ(K)ᵀ 1)⁻¹ φ(Q) (φ(K)ᵀ V). Per-row query and per-head key maxima are subtracted inside the
// exponentials; they cancel in the normalisation, as does the 1/sqrt(m) factor, which is left out.
void performerAttention(const AttentionProblem& problem, TensorView out, Workspace& workspace);

}  // namespace attnscope
