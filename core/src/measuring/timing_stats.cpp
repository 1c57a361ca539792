#include "attnscope/measuring/timing_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace attnscope {

double quantile(std::vector<double>& values, double p) {
    if (values.empty()) return 0;
    const double position = p * static_cast<double>(values.size() - 1);
    const auto lower = static_cast<std::size_t>(std::floor(position));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lower), values.end());
    const double low = values[lower];
    if (lower + 1 >= values.size()) return low;
    // After nth_element, the next order statistic is the smallest element of the upper part.
    const double high =
        *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lower) + 1, values.end());
    return low + (position - static_cast<double>(lower)) * (high - low);
}

TimingStats summarize(std::vector<double> samples) {
    TimingStats stats;
    stats.samples = samples;
    if (samples.empty()) return stats;
    const auto [min, max] = std::minmax_element(samples.begin(), samples.end());
    stats.min = *min;
    stats.max = *max;
    const double count = static_cast<double>(samples.size());
    stats.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / count;
    double squares = 0;
    for (double s : samples) squares += (s - stats.mean) * (s - stats.mean);
    stats.stddev = samples.size() > 1 ? std::sqrt(squares / (count - 1)) : 0;
    stats.q1 = quantile(samples, 0.25);
    stats.median = quantile(samples, 0.5);
    stats.q3 = quantile(samples, 0.75);
    return stats;
}

}  // namespace attnscope
