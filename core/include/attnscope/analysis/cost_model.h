#pragma once
#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"

namespace attnscope {

// What one forward pass costs, from docs/methods.md's formulas. Doubles, because n = 10^6 overflows
// nothing here while 4·b·n²·d would overflow 64-bit integers at extreme settings.
struct CostEstimate {
    double flops = 0;        // multiply-adds counted as 2; exp, max and divisions not counted
    double extra_bytes = 0;  // the algorithm's intermediates as written in the SPEC (e.g. the n x n scores)
    double io_bytes = 0;     // inputs, weights and output
    double workspace_bytes = 0;  // what our kernels allocate beyond io (intermediates, per-thread tiles)

    double runBytes() const { return io_bytes + workspace_bytes; }
};

CostEstimate estimateCost(Method method, const AttentionConfig& config);

}  // namespace attnscope
