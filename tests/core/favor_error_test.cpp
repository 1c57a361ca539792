#include <gtest/gtest.h>

#include <vector>

#include "attnscope/analysis/favor_error.h"
#include "attnscope/analysis/result_tables.h"
#include "attnscope/io/preset.h"
#include "attnscope/kernels/kernels.h"
#include "attnscope/measuring/benchmark_runner.h"
#include "test_problems.h"

namespace attnscope {
namespace {

// Mean over three seeds: one draw of random features can be lucky or unlucky, the trend cannot.
FavorError favorErrorAt(std::int64_t features) {
    FavorError mean;
    mean.attention = 0.0;
    for (std::uint64_t seed : {1, 2, 3}) {
        AttentionConfig c = test::shape(2, 256, 64, 8, 1, 1, features);  // uniform inputs, head dim 8
        c.seed = seed;
        Workspace workspace;
        const AttentionProblem problem = makeProblem(Method::performer, c);
        const FavorError error = favorError(problem, runAttention(problem).view(), workspace);
        mean.output += error.output / 3;
        *mean.attention += error.attention.value_or(1e9) / 3;
    }
    return mean;
}

// FAVOR+ is an unbiased estimator whose variance falls as 1/m: more features must cut the error. (On
// large-norm inputs, e.g. normal with head dim 4, the variance grows like exp(‖q + k‖² / sqrt(d_h)) and even
// m = 16 384 stays near 50% error; docs/performance.md. Uniform inputs with head dim 8 converge.)
TEST(FavorError, FavorErrorFallsWithFeatures) {
    const FavorError few = favorErrorAt(8), some = favorErrorAt(64), many = favorErrorAt(512);
    EXPECT_GT(few.output, some.output);
    EXPECT_GT(some.output, many.output);
    EXPECT_GT(*few.attention, *some.attention);
    EXPECT_GT(*some.attention, *many.attention);
    EXPECT_LT(*many.attention, 0.6 * *few.attention);
    EXPECT_GT(many.output, 0.0);  // still an approximation
}

TEST(FavorError, LargeMatricesAreSkippedNotFormed) {
    AttentionConfig c = test::shape(1, 4200, 4, 1, 1, 1, 4);  // 4200² floats = 67 MiB > kErrorMatrixBytes
    Workspace workspace;
    const AttentionProblem problem = makeProblem(Method::performer, c);
    const FavorError error = favorError(problem, runAttention(problem).view(), workspace);
    EXPECT_FALSE(error.attention.has_value());
    EXPECT_GT(error.output, 0.0);
}

TEST(FavorError, RunnerMeasuresItForPerformerOnly) {
    RunnerOptions options;
    options.min_seconds = 0.001;
    options.min_repetitions = 1;
    options.stage_seconds = 0;
    const auto performer = runPoint({Method::performer, test::shape(1, 64, 16, 1, 1, 1, 16)}, options);
    const auto softmax = runPoint({Method::softmax, test::shape(1, 64, 16)}, options);
    ASSERT_TRUE(performer && softmax);
    EXPECT_TRUE(performer->approximation.has_value());
    EXPECT_FALSE(softmax->approximation.has_value());
    options.measure_error = false;
    EXPECT_FALSE(runPoint({Method::performer, test::shape(1, 64, 16, 1, 1, 1, 16)}, options)->approximation);
}

TEST(FavorError, FavorErrorPresetTableHasOneRowPerFeatureCount) {
    const std::string text = R"({"name": "e", "layout": "favor-error",
        "defaults": {"batch": 1, "n": 64, "d": 16, "distribution": "normal"},
        "runs": [{"methods": ["softmax"]}, {"methods": ["performer"], "features": [4, 32]}]})";
    const Preset preset = parsePreset(text, "e.json", 1);
    ASSERT_EQ(preset.layout, PresetLayout::feature_error);
    RunnerOptions options;
    options.min_seconds = 0.001;
    options.min_repetitions = 1;
    const auto results = runSweep(preset.points, options);
    const TableData table = presetTableData(preset, results);
    ASSERT_EQ(table.rows.size(), 3u);
    EXPECT_EQ(table.rows[0][0], "4");
    EXPECT_EQ(table.rows[1][0], "32");
    EXPECT_EQ(table.rows[2][0], "softmax (exact)");
    EXPECT_NE(table.rows[0][1], "-");
}

}  // namespace
}  // namespace attnscope
