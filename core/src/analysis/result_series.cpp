#include "attnscope/analysis/result_series.h"

#include <algorithm>
#include <map>
#include <utility>

namespace attnscope {

namespace {

// A method's series differ in these fields (never in n, which each series sweeps); the labels name them
// as the GUI's parameter panel does.
constexpr std::pair<const char*, std::int64_t AttentionConfig::*> kLabelFields[] = {
    {"batch", &AttentionConfig::batch}, {"d", &AttentionConfig::d},
    {"heads", &AttentionConfig::heads}, {"\u03b1", &AttentionConfig::alpha},
    {"\u03b2", &AttentionConfig::beta}, {"m", &AttentionConfig::features}};

void label(std::vector<ResultSeries>& series) {
    for (ResultSeries& s : series) {
        std::vector<const ResultSeries*> siblings;
        for (const ResultSeries& other : series) {
            if (other.method == s.method) siblings.push_back(&other);
        }
        s.label = std::string(methodName(s.method));
        s.index = static_cast<int>(std::find(siblings.begin(), siblings.end(), &s) - siblings.begin());
        if (siblings.size() < 2) continue;
        for (const auto& [name, field] : kLabelFields) {
            const bool differs = std::any_of(
                siblings.begin(), siblings.end(),
                [&s, field = field](const ResultSeries* o) { return o->config.*field != s.config.*field; });
            if (!differs) continue;
            // Appended piece by piece: GCC 12 warns falsely (-Wstringop-overflow) on " " + std::string(...).
            s.label.append(" ").append(name).append(" ").append(std::to_string(s.config.*field));
        }
    }
}

}  // namespace

std::vector<ResultSeries> groupSeries(const std::vector<BenchmarkResult>& results,
                                      const std::vector<Method>& selected, const AttentionConfig& config) {
    std::vector<ResultSeries> series;
    std::map<std::string, std::size_t> byKey;
    for (const BenchmarkResult& result : results) {
        std::string key = result.point.seriesName();
        const auto [at, inserted] = byKey.try_emplace(key, series.size());
        if (inserted) {
            ResultSeries s;
            s.key = std::move(key);
            s.method = result.point.method;
            s.config = result.point.config;
            series.push_back(std::move(s));
        }
        if (result.ok()) series[at->second].points.push_back(&result);
    }
    for (Method method : selected) {
        const bool present = std::any_of(series.begin(), series.end(),
                                         [method](const ResultSeries& s) { return s.method == method; });
        if (present) continue;
        ResultSeries s;
        s.method = method;
        s.config = config;
        s.key = BenchmarkPoint(method, config).seriesName();
        series.push_back(std::move(s));
    }
    std::stable_sort(series.begin(), series.end(), [](const ResultSeries& a, const ResultSeries& b) {
        return static_cast<int>(a.method) < static_cast<int>(b.method);
    });
    label(series);
    for (ResultSeries& s : series) {
        std::stable_sort(s.points.begin(), s.points.end(),
                         [](const BenchmarkResult* a, const BenchmarkResult* b) {
                             return a->point.config.n < b->point.config.n;
                         });
    }
    return series;
}

}  // namespace attnscope
