#include "attnscope/analysis/model_curve.h"

#include <algorithm>
#include <cmath>

#include "attnscope/analysis/cost_model.h"

namespace attnscope {

std::optional<double> fittedFlopsPerSecond(const ResultSeries& series) {
    std::vector<const BenchmarkResult*> timed;
    for (const BenchmarkResult* r : series.points) {
        if (r->stats.median > 0 && r->cost.flops > 0) timed.push_back(r);
    }
    if (timed.empty()) return std::nullopt;
    std::stable_sort(timed.begin(), timed.end(), [](const BenchmarkResult* a, const BenchmarkResult* b) {
        return a->point.config.n < b->point.config.n;
    });
    const std::size_t first = timed.size() / 2;
    double log_sum = 0;
    for (std::size_t i = first; i < timed.size(); ++i) {
        log_sum += std::log(timed[i]->cost.flops / timed[i]->stats.median);
    }
    return std::exp(log_sum / static_cast<double>(timed.size() - first));
}

ModelAnchor anchorFittedToLargerHalf(double assumed_gflops) {
    return [assumed_gflops](const ResultSeries& series) {
        return fittedFlopsPerSecond(series).value_or(assumed_gflops * 1e9);
    };
}

std::vector<std::optional<double>> measuredOverModel(const std::vector<BenchmarkResult>& results) {
    std::vector<std::optional<double>> ratios(results.size());
    for (const ResultSeries& series : groupSeries(results)) {
        const std::optional<double> fitted = fittedFlopsPerSecond(series);
        if (!fitted) continue;
        for (const BenchmarkResult* r : series.points) {
            if (r->cost.flops <= 0 || r->stats.median <= 0) continue;
            ratios[static_cast<std::size_t>(r - results.data())] = r->stats.median * *fitted / r->cost.flops;
        }
    }
    return ratios;
}

std::vector<double> modelLengths(std::int64_t min_n, std::int64_t max_n, int samples_per_octave) {
    std::vector<double> lengths;
    const double first = std::log2(static_cast<double>(min_n));
    const double last = std::log2(static_cast<double>(max_n));
    for (double k = std::ceil(first * samples_per_octave); k <= last * samples_per_octave; k += 1) {
        lengths.push_back(std::exp2(k / samples_per_octave));
    }
    if (lengths.empty() || lengths.front() > static_cast<double>(min_n)) {
        lengths.insert(lengths.begin(), static_cast<double>(min_n));
    }
    if (lengths.back() < static_cast<double>(max_n)) lengths.push_back(static_cast<double>(max_n));
    return lengths;
}

ModelCurve modelCurve(const ResultSeries& series, const std::vector<double>& lengths,
                      const ModelAnchor& anchor) {
    const double flops_per_second = anchor(series);
    ModelCurve curve;
    AttentionConfig sample = series.config;
    for (double n : lengths) {
        sample.n = std::llround(n);
        curve.n.push_back(n);
        curve.seconds.push_back(estimateCost(series.method, sample).flops / flops_per_second);
    }
    return curve;
}

}  // namespace attnscope
