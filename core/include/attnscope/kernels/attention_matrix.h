#pragma once
#include <cstdint>

#include "attnscope/kernels/problem.h"

namespace attnscope {

// The attention matrix one (batch, head) of the method uses, for heatmaps:
// quadratic, linear: the raw scores Q Kᵀ (n x n; linear never forms them, they are what it reassociates);
// softmax, mha: softmax(q kᵀ / sqrt(d/h)) (n x n); xformer: the n x ceil(n/beta) pooled attention;
// performer: the row-normalised φ(Q) φ(K)ᵀ (n x n) that approximates softmax.
// Throws std::out_of_range for a bad batch or head, std::length_error when the matrix would exceed
// max_bytes (0 = the memory budget).
MatrixRM attentionMatrix(const AttentionProblem& problem, std::int64_t batch, std::int64_t head,
                         std::uint64_t max_bytes = 0);

}  // namespace attnscope
