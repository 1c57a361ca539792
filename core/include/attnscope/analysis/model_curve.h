#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "attnscope/analysis/result_series.h"

namespace attnscope {

// Until a series has a measurement, its model curve assumes this throughput.
inline constexpr double kAssumedGflops = 100.0;

// How fast the cost model's FLOPs run for a series, in FLOP/s: the rule that ties the model curve's height
// to this machine (its slope is the FLOP count's alone). A rule is a function so that another one, e.g. a
// constant fitted to all the series' points, replaces it without touching the curve or the chart.
using ModelAnchor = std::function<double(const ResultSeries& series)>;

// The curve passes through the series' first measured point (its smallest n); before any measurement, or
// when that point has no time or no FLOPs, it assumes `assumed_gflops`.
ModelAnchor anchorAtFirstPoint(double assumed_gflops = kAssumedGflops);

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
                      const ModelAnchor& anchor = anchorAtFirstPoint());

}  // namespace attnscope
