#pragma once
#include <vector>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope::test {

// A finished point with the given repetition times (seconds), batch 1, d = 64, alpha = beta = 1 and
// 2 threads, costed by the model.
inline BenchmarkResult fakeResult(Method method, std::int64_t n, std::vector<double> seconds) {
    BenchmarkResult r;
    r.point.method = method;
    r.point.config.batch = 1;
    r.point.config.alpha = 1;
    r.point.config.beta = 1;
    r.point.config.n = n;
    r.point.config.d = 64;
    r.point.config.threads = 2;
    r.stats = summarize(std::move(seconds));
    r.cost = estimateCost(method, r.point.config);
    return r;
}

}  // namespace attnscope::test
