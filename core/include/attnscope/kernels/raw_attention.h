#pragma once
#include <cstdint>

#include "attnscope/kernels/kernel_tuning.h"
#include "attnscope/kernels/tensor.h"
#include "attnscope/kernels/workspace.h"

namespace attnscope {

// Kernels on Q, K, V of shape (batch, n, d), each split into `heads` column blocks of d / heads. All write
// every element of `out` (batch, n, d) and run in parallel over (batch, head, block of query rows).

// (Q K^T) V, the notebook's order: 4·b·n²·d FLOPs.
void quadraticAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                        TensorView out, Workspace& workspace);

// Q (K^T V), the Performer's order: 4·b·n·d·(d/heads) FLOPs.
void linearAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                     TensorView out, Workspace& workspace);

// softmax(Q K^T / sqrt(d/heads)) V: fullRowSoftmaxAttention below kStreamingSoftmaxMinKeys keys,
// streamingSoftmaxAttention from there on.
void softmaxAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                      TensorView out, Workspace& workspace);

// Max-subtracted per row, fused over tiles of query rows: each tile holds its full rows of scores.
void fullRowSoftmaxAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                             TensorView out, Workspace& workspace);

// The same exact softmax attention in O(n·d) memory: keys in blocks of `key_block` with an online max and
// sum (FlashAttention's order on the CPU), so n = 65 536 needs megabytes, not the 16 GiB of a score matrix.
void streamingSoftmaxAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                               TensorView out, Workspace& workspace,
                               std::int64_t key_block = kStreamingKeyBlock);

}  // namespace attnscope
