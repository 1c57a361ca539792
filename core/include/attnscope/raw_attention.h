#pragma once
#include <cstdint>

#include "attnscope/tensor.h"
#include "attnscope/workspace.h"

namespace attnscope {

// Kernels on Q, K, V of shape (batch, n, d), each split into `heads` column blocks of d / heads. All write
// every element of `out` (batch, n, d) and run in parallel over (batch, head, block of query rows).

// (Q K^T) V, the notebook's order: 4·b·n²·d FLOPs.
void quadraticAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                        TensorView out, Workspace& workspace);

// Q (K^T V), the Performer's order: 4·b·n·d·(d/heads) FLOPs.
void linearAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                     TensorView out, Workspace& workspace);

// softmax(Q K^T / sqrt(d/heads)) V, max-subtracted per row, fused over tiles of query rows.
void softmaxAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                      TensorView out, Workspace& workspace);

}  // namespace attnscope
