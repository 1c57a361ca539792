// The cost model's curve on the timing chart: its slope from the FLOP count, its height from a constant
// fitted to the larger half of the measured points.
#include <gtest/gtest.h>

#include <cmath>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/analysis/model_curve.h"
#include "test_results.h"

namespace attnscope {
namespace {

using test::fakeResult;

double flopsAt(Method method, std::int64_t n) {
    return test::fakeResult(method, n, {}).cost.flops;
}

TEST(ModelCurve, IsFittedToTheLargerHalfOfTheSeries) {
    // n = 16 and 32 are dominated by fixed costs (10x and 4x above the model); n = 64 and 128 run at
    // 50 and 200 GFLOP/s, so the fit is their geometric mean, 100 GFLOP/s.
    std::vector<BenchmarkResult> results;
    results.push_back(fakeResult(Method::softmax, 128, {flopsAt(Method::softmax, 128) / 200e9}));
    results.push_back(fakeResult(Method::softmax, 16, {flopsAt(Method::softmax, 16) / 10e9}));
    results.push_back(fakeResult(Method::softmax, 64, {flopsAt(Method::softmax, 64) / 50e9}));
    results.push_back(fakeResult(Method::softmax, 32, {flopsAt(Method::softmax, 32) / 25e9}));
    const std::vector<ResultSeries> series = groupSeries(results);
    ASSERT_EQ(series.size(), 1u);
    ASSERT_TRUE(fittedFlopsPerSecond(series[0]));
    EXPECT_NEAR(*fittedFlopsPerSecond(series[0]), 100e9, 1e-3);
    const ModelCurve curve = modelCurve(series[0], {16, 128});
    EXPECT_NEAR(curve.seconds[0], flopsAt(Method::softmax, 16) / 100e9, 1e-15);
    EXPECT_NEAR(curve.seconds[1], flopsAt(Method::softmax, 128) / 100e9, 1e-15);
    EXPECT_EQ(curve.n, (std::vector<double>{16, 128}));

    const std::vector<std::optional<double>> ratios = measuredOverModel(results);
    ASSERT_EQ(ratios.size(), 4u);
    EXPECT_NEAR(*ratios[0], 0.5, 1e-12) << "n = 128 runs twice as fast as the fit";
    EXPECT_NEAR(*ratios[1], 10, 1e-12) << "n = 16: ten times the model, its overheads";
    EXPECT_NEAR(*ratios[2], 2, 1e-12);
    EXPECT_NEAR(*ratios[3], 4, 1e-12);
}

TEST(ModelCurve, OneOrThreePointsFitTheLargerNs) {
    std::vector<BenchmarkResult> one = {fakeResult(Method::linear, 64, {flopsAt(Method::linear, 64) / 7e9})};
    EXPECT_NEAR(*fittedFlopsPerSecond(groupSeries(one)[0]), 7e9, 1e-3);
    std::vector<BenchmarkResult> three = {
        fakeResult(Method::linear, 16, {1.0}),
        fakeResult(Method::linear, 32, {flopsAt(Method::linear, 32) / 4e9}),
        fakeResult(Method::linear, 64, {flopsAt(Method::linear, 64) / 16e9})};
    EXPECT_NEAR(*fittedFlopsPerSecond(groupSeries(three)[0]), 8e9, 1e-3) << "n = 32 and 64 only";
    BenchmarkResult failed = fakeResult(Method::linear, 128, {});
    failed.error = "out of memory";
    const auto ratios = measuredOverModel({failed});
    ASSERT_EQ(ratios.size(), 1u);
    EXPECT_FALSE(ratios[0]);
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
    const ModelCurve slower = modelCurve(series[0], {512}, anchorFittedToLargerHalf(50));
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
