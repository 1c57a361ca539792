// Which points compare, and the one baseline every speed-up in tables, charts and reports is taken over.
#include <gtest/gtest.h>

#include "attnscope/analysis/comparison.h"
#include "attnscope/analysis/result_tables.h"
#include "test_results.h"

namespace attnscope {
namespace {

using test::fakeResult;

TEST(ComparablePoints, SameProblemSizeAndThreadsWhateverTheMethodDoesWithIt) {
    AttentionConfig c;
    c.batch = 2;
    c.n = 256;
    c.d = 64;
    c.heads = 4;
    c.threads = 2;
    const BenchmarkPoint softmax(Method::softmax, c);
    AttentionConfig pooled = c;
    pooled.alpha = 4;
    pooled.beta = 4;
    pooled.features = 32;
    pooled.seed = 7;  // the time does not depend on the draw
    pooled.distribution = InputDistribution::normal;
    EXPECT_TRUE(comparablePoints(softmax, BenchmarkPoint(Method::xformer, pooled)));
    EXPECT_TRUE(comparablePoints(softmax, softmax));

    for (std::int64_t AttentionConfig::*field :
         {&AttentionConfig::batch, &AttentionConfig::n, &AttentionConfig::d, &AttentionConfig::heads}) {
        AttentionConfig other = c;
        other.*field *= 2;
        EXPECT_FALSE(comparablePoints(softmax, BenchmarkPoint(Method::linear, other)));
        EXPECT_FALSE(comparablePoints(BenchmarkPoint(Method::linear, other), softmax));
    }
    AttentionConfig more_threads = c;
    more_threads.threads = 1;
    EXPECT_FALSE(comparablePoints(softmax, BenchmarkPoint(Method::softmax, more_threads)));
}

TEST(SpeedupBaseline, MhaThenSoftmaxThenQuadraticThenTheFirstMethodPresent) {
    EXPECT_EQ(speedupBaseline(std::vector<Method>{Method::xformer, Method::softmax, Method::mha}),
              Method::mha);
    EXPECT_EQ(speedupBaseline(std::vector<Method>{Method::quadratic, Method::linear, Method::softmax}),
              Method::softmax);
    EXPECT_EQ(speedupBaseline(std::vector<Method>{Method::linear, Method::quadratic}), Method::quadratic);
    EXPECT_EQ(speedupBaseline(std::vector<Method>{Method::performer, Method::xformer, Method::linear}),
              Method::linear);
    // The order the methods come in does not matter: a chart's series and a table's rows agree.
    EXPECT_EQ(speedupBaseline(std::vector<Method>{Method::performer, Method::xformer}), Method::xformer);
    EXPECT_EQ(speedupBaseline(std::vector<Method>{Method::xformer, Method::performer}), Method::xformer);
    EXPECT_FALSE(speedupBaseline(std::vector<Method>{}));
    EXPECT_FALSE(speedupBaseline(std::vector<BenchmarkResult>{}));
}

TEST(SpeedupBaseline, FailedPointsCountAsPresent) {
    BenchmarkResult failed = fakeResult(Method::softmax, 64, {});
    failed.error = "out of memory";
    EXPECT_EQ(speedupBaseline({fakeResult(Method::linear, 64, {0.001}), failed}), Method::softmax);
}

TEST(SpeedupBaseline, TheModelTableUsesItAndPairsComparablePoints) {
    std::vector<BenchmarkResult> results = {
        fakeResult(Method::linear, 128, {0.001, 0.001}), fakeResult(Method::quadratic, 128, {0.004, 0.004}),
        fakeResult(Method::softmax, 128, {0.002, 0.002}), fakeResult(Method::softmax, 256, {0.008, 0.008})};
    TableData table = modelComparisonData(results);
    EXPECT_EQ(table.header[1], "measured speed-up over softmax");
    ASSERT_EQ(table.rows.size(), 2u);  // linear and quadratic at n = 128; nothing at 256 to compare with
    EXPECT_EQ(table.rows[0][0], results[0].point.name());
    EXPECT_EQ(table.rows[0][1], "2.00×");

    results.push_back(fakeResult(Method::mha, 128, {0.01, 0.01}));
    EXPECT_EQ(modelComparisonData(results).header[1], "measured speed-up over mha");

    // Without mha, softmax or quadratic: the first of kAllMethods present, as the timing chart.
    table = modelComparisonData(
        {fakeResult(Method::performer, 128, {0.004}), fakeResult(Method::linear, 128, {0.001})});
    EXPECT_EQ(table.header[1], "measured speed-up over linear");
    ASSERT_EQ(table.rows.size(), 1u);
    EXPECT_EQ(table.rows[0][1], "0.25×");

    // A point on other threads is another problem: no pair.
    BenchmarkResult one_thread = fakeResult(Method::linear, 128, {0.001});
    one_thread.point.config.threads = 1;
    EXPECT_TRUE(modelComparisonData({fakeResult(Method::softmax, 128, {0.002}), one_thread}).rows.empty());
}

}  // namespace
}  // namespace attnscope
