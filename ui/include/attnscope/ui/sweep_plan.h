#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "attnscope/config/user_inputs.h"
#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

// What the Timing tab measures for the panel's settings: time against n.
struct SweepPlan {
    static constexpr std::int64_t kFirstN = 16;
    static constexpr int kMaxLengths = 10;

    // Powers of two from kFirstN up to n, then n itself, keeping the largest kMaxLengths; {n} alone when
    // not sweeping.
    static std::vector<std::int64_t> lengths(std::int64_t n, bool sweep);

    // One point per (n, method), n outermost so the quick small points arrive first. Points a smaller n makes
    // invalid (beta > n) are left out: the panel already vouches for its own n. Loaded inputs fix n, so
    // they give the panel's n only, and each method gets them only if they suit it (Q/K/V or X).
    static std::vector<BenchmarkPoint> points(const AttentionConfig& config,
                                              const std::vector<Method>& methods, bool sweep,
                                              const std::shared_ptr<const UserInputs>& inputs);

    // Live mode: enough repetitions for a median and an IQR, within a moment.
    static RunnerOptions liveOptions();
    // Run (F5): the command line's defaults.
    static RunnerOptions fullOptions();
};

}  // namespace attnscope
