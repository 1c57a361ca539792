#include "attnscope/analysis/model_curve.h"

#include <cmath>

#include "attnscope/analysis/cost_model.h"

namespace attnscope {

ModelAnchor anchorAtFirstPoint(double assumed_gflops) {
    return [assumed_gflops](const ResultSeries& series) {
        if (!series.points.empty()) {
            const BenchmarkResult& first = *series.points.front();
            const double flops = estimateCost(series.method, first.point.config).flops;
            if (flops > 0 && first.stats.median > 0) return flops / first.stats.median;
        }
        return assumed_gflops * 1e9;
    };
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
