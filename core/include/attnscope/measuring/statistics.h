#pragma once
#include <optional>
#include <string>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

// Two-sided p-value of the Mann–Whitney U test that samples a and b come from the same distribution: the
// normal approximation with tie and continuity corrections (scipy.stats.mannwhitneyu's "asymptotic" method,
// which Google Benchmark's compare.py uses). Needs at least two values on each side; nullopt otherwise.
std::optional<double> mannWhitneyPValue(const std::vector<double>& a, const std::vector<double>& b);

// Least-squares slope of log(median time) against log(n) for one series of points that differ only in n,
// beside the same slope of the cost model's FLOPs: ≈ 2 for the quadratic orders, ≈ 1 for the linear ones.
struct SlopeFit {
    std::string series;  // the point name without its n, e.g. "softmax/batch:1/d:64/heads:1/threads:2"
    int points = 0;
    double measured = 0;
    double model = 0;
};

// Every series with at least three lengths n, in the order the series first appear.
std::vector<SlopeFit> fitSlopesAgainstN(const std::vector<BenchmarkResult>& results);

}  // namespace attnscope
