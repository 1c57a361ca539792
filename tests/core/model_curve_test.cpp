// The cost model's curve on the timing chart: its slope from the FLOP count, its height from an anchor.
#include <gtest/gtest.h>

#include <cmath>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/analysis/model_curve.h"
#include "test_results.h"

namespace attnscope {
namespace {

using test::fakeResult;

TEST(ModelCurve, PassesThroughTheFirstMeasuredPoint) {
    // Measured 3 ms at n = 64 and 100 ms at n = 256; the curve's height comes from n = 64 only.
    const std::vector<BenchmarkResult> results = {fakeResult(Method::softmax, 256, {0.1}),
                                                  fakeResult(Method::softmax, 64, {0.003})};
    const std::vector<ResultSeries> series = groupSeries(results);
    ASSERT_EQ(series.size(), 1u);
    const ModelCurve curve = modelCurve(series[0], {64, 128, 256});
    ASSERT_EQ(curve.seconds.size(), 3u);
    EXPECT_DOUBLE_EQ(curve.seconds[0], 0.003);
    AttentionConfig c = results[0].point.config;
    const double flops256 = estimateCost(Method::softmax, c).flops;
    c.n = 64;
    const double flops64 = estimateCost(Method::softmax, c).flops;
    EXPECT_DOUBLE_EQ(curve.seconds[2], 0.003 * flops256 / flops64);  // not the 0.1 s measured there
    EXPECT_EQ(curve.n, (std::vector<double>{64, 128, 256}));
}

TEST(ModelCurve, AssumesAThroughputBeforeAnyMeasurement) {
    AttentionConfig c;
    c.n = 512;
    c.d = 64;
    const std::vector<ResultSeries> series = groupSeries({}, {Method::linear}, c);
    ASSERT_EQ(series.size(), 1u);
    const ModelCurve curve = modelCurve(series[0], {100.4, 512});
    c.n = 100;  // rounded to whole tokens
    EXPECT_DOUBLE_EQ(curve.seconds[0], estimateCost(Method::linear, c).flops / (kAssumedGflops * 1e9));
    const ModelCurve slower = modelCurve(series[0], {512}, anchorAtFirstPoint(50));
    EXPECT_DOUBLE_EQ(slower.seconds[0], curve.seconds[1] * 2);
}

TEST(ModelCurve, TheAnchorIsAReplaceableRule) {
    const std::vector<BenchmarkResult> results = {fakeResult(Method::quadratic, 64, {0.001})};
    const std::vector<ResultSeries> series = groupSeries(results);
    const ModelAnchor fixed = [](const ResultSeries&) { return 1e9; };
    AttentionConfig c = results[0].point.config;
    c.n = 128;
    EXPECT_DOUBLE_EQ(modelCurve(series[0], {128}, fixed).seconds[0],
                     estimateCost(Method::quadratic, c).flops / 1e9);
}

TEST(ModelCurve, LengthsAreQuarterOctavesWithBothEnds) {
    EXPECT_EQ(modelLengths(16, 32),
              (std::vector<double>{16, std::exp2(4.25), std::exp2(4.5), std::exp2(4.75), 32}));
    const std::vector<double> odd = modelLengths(20, 100);
    EXPECT_EQ(odd.front(), 20);
    EXPECT_EQ(odd.back(), 100);
    EXPECT_EQ(odd[1], std::exp2(4.5));  // the first quarter octave above 20
    EXPECT_EQ(modelLengths(64, 64), (std::vector<double>{64}));
}

}  // namespace
}  // namespace attnscope
