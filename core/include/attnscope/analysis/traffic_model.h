#pragma once
#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"

namespace attnscope {

// A thread's scratch up to this size is taken to stay in its caches (L2 and its share of L3) from the kernel
// writing it to the kernel reading it back: the kernels size their tiles for a 2 MiB L2 (kernel_tuning.h).
// Fixed rather than read from this machine, so a results file gives the same bytes everywhere.
inline constexpr double kResidentScratchBytes = 2.0 * 1024 * 1024;

// Bytes one forward pass moves between the caches and DRAM, under the assumptions of docs/methods.md
// ("Bytes moved: the roofline's model"), split by where they come from. Doubles, like CostEstimate.
struct TrafficEstimate {
    double io_bytes = 0;            // inputs and weights read, output written
    double intermediate_bytes = 0;  // whole-batch intermediates written by one pass and read by a later one
    double spill_bytes = 0;         // per-thread scratch larger than kResidentScratchBytes, written and read

    double totalBytes() const { return io_bytes + intermediate_bytes + spill_bytes; }
};

TrafficEstimate estimateTraffic(Method method, const AttentionConfig& config);

// FLOPs (estimateCost) per byte of estimateTraffic: the roofline's x axis.
double arithmeticIntensity(Method method, const AttentionConfig& config);

}  // namespace attnscope
