#pragma once
#include <vector>

namespace attnscope {

// IQR / median above which a point is flagged noisy everywhere (tables, plots, status bar) and the runner
// tries more repetitions: torch.utils.benchmark's warning threshold.
inline constexpr double kNoisySpread = 0.10;

// Times are kept in seconds and written to files and tables in milliseconds.
inline constexpr double kMillisecondsPerSecond = 1e3;

// Order statistics of repeated timings, in seconds. Quartiles interpolate linearly between order
// statistics (numpy.percentile's default), so q1/q3 agree with the PyTorch script's.
struct TimingStats {
    std::vector<double> samples;   // seconds per call, one per repetition, in the order they were measured
    int calls_per_repetition = 1;  // each sample is a block of this many calls divided by the count
    double median = 0, min = 0, max = 0, q1 = 0, q3 = 0, mean = 0, stddev = 0;

    int repetitions() const { return static_cast<int>(samples.size()); }
    double iqr() const { return q3 - q1; }
    // IQR / median: torch.utils.benchmark warns above 0.1.
    double relativeSpread() const { return median > 0 ? iqr() / median : 0; }
    bool noisy() const { return relativeSpread() > kNoisySpread; }
};

TimingStats summarize(std::vector<double> samples);

// The p-quantile (0 <= p <= 1) with linear interpolation; reorders `values`.
double quantile(std::vector<double>& values, double p);

}  // namespace attnscope
