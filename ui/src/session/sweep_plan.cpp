#include "attnscope/ui/sweep_plan.h"

#include <algorithm>

namespace attnscope {

std::vector<std::int64_t> SweepPlan::lengths(std::int64_t n, bool sweep) {
    if (!sweep || n <= kFirstN) return {n};
    std::vector<std::int64_t> result;
    for (std::int64_t length = kFirstN; length < n; length *= 2) result.push_back(length);
    result.push_back(n);
    if (result.size() > static_cast<std::size_t>(kMaxLengths)) {
        result.erase(result.begin(), result.end() - kMaxLengths);
    }
    return result;
}

std::vector<BenchmarkPoint> SweepPlan::points(const AttentionConfig& config,
                                              const std::vector<Method>& methods, bool sweep,
                                              const std::shared_ptr<const UserInputs>& inputs) {
    std::vector<BenchmarkPoint> result;
    for (std::int64_t n : lengths(config.n, sweep && !inputs)) {
        AttentionConfig at = config;
        at.n = n;
        for (Method method : methods) {
            if (n != config.n && validate(at, method)) continue;
            std::shared_ptr<const UserInputs> own;
            if (inputs) {
                AttentionConfig check = at;
                if (!applyUserInputs(*inputs, method, check)) own = inputs;
            }
            result.emplace_back(method, at, own);
        }
    }
    return result;
}

RunnerOptions SweepPlan::liveOptions() {
    RunnerOptions options;
    options.warmup_calls = 1;
    options.min_seconds = 0.05;
    options.min_repetitions = 3;
    options.max_repetitions = 50;
    options.max_seconds = 2.0;
    options.stage_seconds = 0.02;  // a quick breakdown; one call at least
    options.counters = true;
    return options;
}

RunnerOptions SweepPlan::fullOptions() {
    RunnerOptions options;
    // Software counters (page faults, context switches, CPU time) for the Results tab: perf_event_open
    // counts in the kernel, not in the timed loop.
    options.counters = true;
    return options;
}

}  // namespace attnscope
