// The Mann–Whitney U test against scipy's numbers, and the log–log slope fit against synthetic timings.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "attnscope/measuring/statistics.h"
#include "test_results.h"

namespace attnscope {
namespace {

// Expected values: scipy.stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic").pvalue.
TEST(MannWhitney, MatchesScipyWithoutTies) {
    EXPECT_NEAR(*mannWhitneyPValue({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}), 0.012185780355344813, 1e-12);
    EXPECT_NEAR(*mannWhitneyPValue({6, 7, 8, 9, 10}, {1, 2, 3, 4, 5}), 0.012185780355344813, 1e-12)
        << "two-sided: the order of the samples does not matter";
}

TEST(MannWhitney, MatchesScipyWithTies) {
    EXPECT_NEAR(*mannWhitneyPValue({1, 2, 2, 3, 5, 5}, {2, 4, 5, 6, 7, 7, 8}), 0.050835582280956304, 1e-12);
}

TEST(MannWhitney, OverlappingSamplesAreNotSignificant) {
    EXPECT_NEAR(*mannWhitneyPValue({1.0, 1.1, 0.9, 1.05}, {1.02, 0.98, 1.01, 1.0}), 0.7715034091403082,
                1e-12);
}

TEST(MannWhitney, NeedsTwoValuesEachAndHandlesAllEqual) {
    EXPECT_FALSE(mannWhitneyPValue({1}, {1, 2, 3}));
    EXPECT_FALSE(mannWhitneyPValue({1, 2}, {}));
    EXPECT_DOUBLE_EQ(*mannWhitneyPValue({2, 2, 2}, {2, 2}), 1.0);
}

// One repetition of `seconds` at length n.
BenchmarkResult timed(Method method, std::int64_t n, double seconds) {
    return test::fakeResult(method, n, {seconds});
}

TEST(SlopeFit, RecoversPowerLawsBesideTheModel) {
    std::vector<BenchmarkResult> results;
    for (std::int64_t n : {256, 512, 1024, 2048}) {
        const double x = static_cast<double>(n);
        results.push_back(timed(Method::softmax, n, 1e-9 * x * x));
        results.push_back(timed(Method::linear, n, 1e-7 * x));
    }
    results.push_back(timed(Method::performer, 256, 0.1));  // one length: no fit
    const std::vector<SlopeFit> fits = fitSlopesAgainstN(results);
    ASSERT_EQ(fits.size(), 2u);
    EXPECT_EQ(fits[0].series, "softmax/batch:1/d:64/heads:1/threads:2");
    EXPECT_EQ(fits[0].points, 4);
    EXPECT_NEAR(fits[0].measured, 2.0, 1e-9);
    EXPECT_NEAR(fits[0].model, 2.0, 1e-9);
    EXPECT_EQ(fits[1].series, "linear/batch:1/d:64/heads:1/threads:2");
    EXPECT_NEAR(fits[1].measured, 1.0, 1e-9);
    EXPECT_NEAR(fits[1].model, 1.0, 1e-9);
}

TEST(SlopeFit, FailedPointsAreLeftOut) {
    std::vector<BenchmarkResult> results = {timed(Method::quadratic, 128, 1),
                                            timed(Method::quadratic, 256, 4),
                                            timed(Method::quadratic, 512, 16)};
    results[1].error = "out of memory";
    EXPECT_TRUE(fitSlopesAgainstN(results).empty()) << "two usable lengths are not enough";
}

}  // namespace
}  // namespace attnscope
