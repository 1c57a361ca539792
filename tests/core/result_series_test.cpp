// Grouping results into the curves of the timing chart.
#include <gtest/gtest.h>

#include "attnscope/analysis/result_series.h"
#include "test_results.h"

namespace attnscope {
namespace {

using test::fakeResult;

BenchmarkResult xformer(std::int64_t n, std::int64_t beta, double seconds) {
    BenchmarkResult r = fakeResult(Method::xformer, n, {seconds});
    r.point.config.heads = 2;
    r.point.config.alpha = 2;
    r.point.config.beta = beta;
    return r;
}

TEST(ResultSeries, OneSeriesPerMethodAndEverythingButN) {
    const std::vector<BenchmarkResult> results = {fakeResult(Method::softmax, 256, {0.004}),
                                                  xformer(128, 4, 0.001),
                                                  fakeResult(Method::linear, 128, {0.001}),
                                                  fakeResult(Method::softmax, 128, {0.002}),
                                                  xformer(128, 2, 0.002),
                                                  xformer(256, 4, 0.002)};
    const std::vector<ResultSeries> series = groupSeries(results);
    ASSERT_EQ(series.size(), 4u);
    // By method (kAllMethods' order), then by first appearance.
    EXPECT_EQ(series[0].method, Method::linear);
    EXPECT_EQ(series[1].method, Method::softmax);
    EXPECT_EQ(series[2].key, "xformer/batch:1/d:64/heads:2/alpha:2/beta:4/threads:2");
    EXPECT_EQ(series[3].key, "xformer/batch:1/d:64/heads:2/alpha:2/beta:2/threads:2");
    EXPECT_EQ(series[1].key, results[0].point.seriesName());

    // Points by n, pointing into the results.
    ASSERT_EQ(series[1].points.size(), 2u);
    EXPECT_EQ(series[1].points[0], &results[3]);
    EXPECT_EQ(series[1].points[1], &results[0]);
    ASSERT_EQ(series[2].points.size(), 2u);
    EXPECT_EQ(series[2].points[0]->point.config.n, 128);

    // A method at several settings: its labels name what differs, and each its own index.
    EXPECT_EQ(series[1].label, "softmax");
    EXPECT_EQ(series[2].label, "xformer \u03b2 4");
    EXPECT_EQ(series[3].label, "xformer \u03b2 2");
    EXPECT_EQ(series[1].index, 0);
    EXPECT_EQ(series[2].index, 0);
    EXPECT_EQ(series[3].index, 1);
}

TEST(ResultSeries, FailedPointsMakeTheirSeriesButAreNoPoints) {
    BenchmarkResult failed = fakeResult(Method::performer, 64, {});
    failed.error = "out of memory";
    const std::vector<BenchmarkResult> results = {failed};
    const std::vector<ResultSeries> series = groupSeries(results);
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(series[0].method, Method::performer);
    EXPECT_TRUE(series[0].points.empty());
}

TEST(ResultSeries, SelectedMethodsWithoutResultsGetAnEmptySeriesOfTheSweep) {
    const std::vector<BenchmarkResult> results = {fakeResult(Method::softmax, 128, {0.002})};
    AttentionConfig sweep;
    sweep.n = 512;
    sweep.d = 32;
    sweep.threads = 1;
    const std::vector<ResultSeries> series =
        groupSeries(results, {Method::softmax, Method::performer, Method::quadratic}, sweep);
    ASSERT_EQ(series.size(), 3u);
    EXPECT_EQ(series[0].method, Method::quadratic);
    EXPECT_EQ(series[0].config, sweep);
    EXPECT_EQ(series[0].key, BenchmarkPoint(Method::quadratic, sweep).seriesName());
    EXPECT_TRUE(series[0].points.empty());
    EXPECT_EQ(series[1].method, Method::softmax);
    EXPECT_EQ(series[1].points.size(), 1u);  // the measured one, not a second softmax series
    EXPECT_EQ(series[2].method, Method::performer);
    EXPECT_TRUE(groupSeries({}).empty());
}

}  // namespace
}  // namespace attnscope
