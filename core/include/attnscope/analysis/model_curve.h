#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "attnscope/analysis/result_series.h"

namespace attnscope {

// Until a series has a measurement, its model curve assumes this throughput.
inline constexpr double kAssumedGflops = 100.0;

// How fast the cost model's FLOPs run for a series, in FLOP/s: the rule that ties the model curve's height
// to this machine (its slope is the FLOP count's alone). A rule is a function so that another one, e.g. a
// constant fitted to all the series' points, replaces it without touching the curve or the chart.
using ModelAnchor = std::function<double(const ResultSeries& series)>;

// The model's one constant fitted to the compute-bound part of a series: over the larger half of its points
// by n (the larger n when the count is odd, the point itself when there is one), the geometric mean of
// FLOPs / median, i.e. the least-squares fit of log time. At small n fixed costs (threads waking, calls,
// softmax rows) dominate, and a curve through n = 16 would sit several times above the rest. Empty when
// no point has a time and FLOPs.
std::optional<double> fittedFlopsPerSecond(const ResultSeries& series);

// fittedFlopsPerSecond, or `assumed_gflops` before there is anything to fit.
ModelAnchor anchorFittedToLargerHalf(double assumed_gflops = kAssumedGflops);

// Measured median over the model's time (FLOPs at the point's series' fitted throughput), per result in
// order; empty for failed points. Near 1 on the fitted half; far above 1 where overheads dominate.
std::vector<std::optional<double>> measuredOverModel(const std::vector<BenchmarkResult>& results);

// The lengths a model curve is drawn at: powers of 2^(1/samples_per_octave) in [min_n, max_n], plus both
// ends. Four per octave keep the kinks of ceil(n / beta) visible without a jagged look.
std::vector<double> modelLengths(std::int64_t min_n, std::int64_t max_n, int samples_per_octave = 4);

struct ModelCurve {
    std::vector<double> n;
    std::vector<double> seconds;  // estimateCost(series' method, series' config at n).flops / anchor
};

// The cost model's time of `series` at each of `lengths` (rounded to whole tokens), at the anchor's
// throughput.
ModelCurve modelCurve(const ResultSeries& series, const std::vector<double>& lengths,
                      const ModelAnchor& anchor = anchorFittedToLargerHalf());

}  // namespace attnscope
