#include "attnscope/measuring/statistics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace attnscope {

std::optional<double> mannWhitneyPValue(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() < 2 || b.size() < 2) return std::nullopt;
    const double n1 = static_cast<double>(a.size()), n2 = static_cast<double>(b.size());
    std::vector<std::pair<double, int>> all;  // value, which sample
    for (double x : a) all.push_back({x, 0});
    for (double y : b) all.push_back({y, 1});
    std::sort(all.begin(), all.end(), [](const auto& l, const auto& r) { return l.first < r.first; });
    // Mid-ranks for ties; the tie term Σ(t³ − t) corrects the variance.
    double rank_sum_a = 0, tie_term = 0;
    for (std::size_t i = 0; i < all.size();) {
        std::size_t j = i;
        while (j < all.size() && all[j].first == all[i].first) ++j;
        const double mid_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
        for (std::size_t k = i; k < j; ++k) {
            if (all[k].second == 0) rank_sum_a += mid_rank;
        }
        const double t = static_cast<double>(j - i);
        tie_term += t * t * t - t;
        i = j;
    }
    const double u = rank_sum_a - n1 * (n1 + 1) / 2;
    const double n = n1 + n2;
    const double mean = n1 * n2 / 2;
    const double variance = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1)));
    if (variance <= 0) return 1.0;  // every value equal: no evidence of a difference
    const double z = (std::abs(u - mean) - 0.5) / std::sqrt(variance);
    return std::min(1.0, std::erfc(std::max(z, 0.0) / std::sqrt(2.0)));
}

std::vector<SlopeFit> fitSlopesAgainstN(const std::vector<BenchmarkResult>& results) {
    struct Series {
        std::vector<double> log_n, log_time, log_flops;
    };
    std::vector<std::string> order;
    std::map<std::string, Series> series;
    for (const BenchmarkResult& r : results) {
        if (!r.ok() || r.stats.median <= 0 || r.cost.flops <= 0) continue;
        const std::string key = r.point.seriesName();
        if (!series.count(key)) order.push_back(key);
        Series& s = series[key];
        s.log_n.push_back(std::log(static_cast<double>(r.point.config.n)));
        s.log_time.push_back(std::log(r.stats.median));
        s.log_flops.push_back(std::log(r.cost.flops));
    }
    auto slope = [](const std::vector<double>& x, const std::vector<double>& y) {
        const double mx = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
        const double my = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
        double sxy = 0, sxx = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx > 0 ? sxy / sxx : 0.0;
    };
    std::vector<SlopeFit> fits;
    for (const std::string& key : order) {
        const Series& s = series[key];
        std::vector<double> lengths = s.log_n;
        std::sort(lengths.begin(), lengths.end());
        if (std::unique(lengths.begin(), lengths.end()) - lengths.begin() < 3) continue;
        fits.push_back(
            {key, static_cast<int>(s.log_n.size()), slope(s.log_n, s.log_time), slope(s.log_n, s.log_flops)});
    }
    return fits;
}

}  // namespace attnscope
