// A results JSON reopened whole as a session: what a run saved is what comes back, and bad files are named.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "attnscope/io/run_file.h"
#include "test_results.h"

namespace attnscope {
namespace {

using test::fakeResult;
using ::testing::HasSubstr;

std::vector<BenchmarkResult> sampleResults() {
    BenchmarkResult blocked = fakeResult(Method::linear, 64, {2e-5, 2.5e-5, 2.25e-5});
    blocked.stats.calls_per_repetition = 64;
    blocked.peak_resident_growth = 123456;
    blocked.stages.stages = {{Stage::key_values, 1e-5, 1e6}, {Stage::query_product, 1.2e-5, 1e6}};
    blocked.stages.wall_seconds = 2.3e-5;
    blocked.stages.calls = 40;
    BenchmarkResult performer = fakeResult(Method::performer, 128, {0.004, 0.005});
    performer.point.config.seed = 7;
    performer.point.config.distribution = InputDistribution::normal;
    performer.approximation = FavorError{0.02, 0.03};
    performer.stages.stages = {{Stage::feature_map, 1e-3, 1e6}};
    performer.stages.calls = 3;  // stages are written for profiled points only
    performer.stages.feature_draw_seconds = 1e-4;
    BenchmarkResult failed = fakeResult(Method::quadratic, 1 << 20, {});
    failed.error = "needs about 4.0 TiB, above the memory budget";
    return {blocked, performer, failed};
}

TEST(RunFile, SessionRoundTripsEveryPointAndTheSettings) {
    SessionSettings settings;
    settings.config.n = 777;
    settings.config.d = 96;
    settings.config.heads = 3;
    settings.methods = {Method::linear, Method::performer};
    const std::vector<BenchmarkResult> sent = sampleResults();
    const RunFile run =
        readRunFile(sessionToJson(sent, {"attnscope", "0.1.0", "attnscope", "", 2}, settings), "run.json");
    EXPECT_TRUE(run.warnings.empty()) << run.warnings.front();
    EXPECT_EQ(run.engine, "attnscope");
    EXPECT_FALSE(run.cpu_model.empty());
    ASSERT_TRUE(run.session);
    EXPECT_EQ(run.session->config.n, 777);
    EXPECT_EQ(run.session->config.d, 96);
    EXPECT_EQ(run.session->config.heads, 3);
    EXPECT_EQ(run.session->methods, settings.methods);
    ASSERT_EQ(run.results.size(), 3u);

    const BenchmarkResult& linear = run.results[0];
    EXPECT_EQ(linear.point.name(), sent[0].point.name());
    ASSERT_EQ(linear.stats.samples.size(), 3u);
    EXPECT_NEAR(linear.stats.samples[1], 2.5e-5, 1e-15);
    EXPECT_NEAR(linear.stats.median, sent[0].stats.median, 1e-15);
    EXPECT_EQ(linear.stats.calls_per_repetition, 64);
    EXPECT_EQ(linear.peak_resident_growth, std::optional<std::uint64_t>(123456));
    ASSERT_EQ(linear.stages.stages.size(), 2u);
    EXPECT_EQ(linear.stages.stages[1].stage, Stage::query_product);
    EXPECT_NEAR(linear.stages.stages[1].seconds, 1.2e-5, 1e-15);
    EXPECT_EQ(linear.stages.calls, 40);
    EXPECT_DOUBLE_EQ(linear.cost.flops, sent[0].cost.flops) << "the cost model is recomputed";

    const BenchmarkResult& performer = run.results[1];
    EXPECT_EQ(performer.point.config.seed, 7u);
    EXPECT_EQ(performer.point.config.distribution, InputDistribution::normal);
    ASSERT_TRUE(performer.approximation);
    EXPECT_DOUBLE_EQ(performer.approximation->output, 0.02);
    EXPECT_EQ(performer.approximation->attention, std::optional<double>(0.03));
    EXPECT_NEAR(performer.stages.feature_draw_seconds, 1e-4, 1e-15);

    const BenchmarkResult& failed = run.results[2];
    EXPECT_FALSE(failed.ok());
    EXPECT_EQ(failed.error, sent[2].error);
    EXPECT_EQ(failed.point.name(), sent[2].point.name());
}

TEST(RunFile, PlainBenchOutputOpensWithoutASession) {
    const RunFile run = readRunFile(resultsToJson(sampleResults(), {}), "bench.json");
    EXPECT_FALSE(run.session);
    EXPECT_EQ(run.results.size(), 2u) << "bench files keep measured points only";
}

TEST(RunFile, NewerVersionsAndUnknownFieldsAreReadWithAWarning) {
    std::string text = sessionToJson(sampleResults(), {}, {});
    const std::string version = "\"version\": 1";
    ASSERT_NE(text.find(version), std::string::npos);
    text.replace(text.find(version), version.size(), "\"version\": 9, \"colour\": \"teal\"");
    const RunFile run = readRunFile(text, "new.json");
    EXPECT_EQ(run.results.size(), 3u);
    ASSERT_EQ(run.warnings.size(), 2u);
    EXPECT_THAT(run.warnings[0], HasSubstr("newer AttnScope (session version 9)"));
    EXPECT_THAT(run.warnings[1], HasSubstr("unknown session field \"colour\""));
}

TEST(RunFile, BadFilesNameTheFileAndTheProblem) {
    auto message = [](const std::string& text) {
        try {
            readRunFile(text, "bad.json");
        } catch (const ResultsFileError& error) {
            return std::string(error.what());
        }
        return std::string("no error");
    };
    EXPECT_THAT(message("{\"benchmarks\": [1, 2"), HasSubstr("bad.json: not valid JSON"));
    EXPECT_THAT(message("[]"), HasSubstr("bad.json: not a benchmark results file"));
    EXPECT_THAT(message(R"({"benchmarks": [{"name": "BM_other", "real_time": 1, "run_type": "iteration"}]})"),
                HasSubstr("bad.json: none of its benchmarks is an AttnScope point"));
    // A name of ours whose shape cannot run (heads do not divide d) is skipped with a warning, not a crash.
    const RunFile odd = readRunFile(
        R"({"benchmarks": [{"name": "softmax/batch:1/n:8/d:6/heads:4/threads:1", "real_time": 1, "time_unit": "ms"},
                           {"name": "softmax/batch:1/n:8/d:8/heads:1/threads:1", "real_time": 1, "time_unit": "ms"}]})",
        "odd.json");
    EXPECT_EQ(odd.results.size(), 1u);
    ASSERT_EQ(odd.warnings.size(), 1u);
    EXPECT_THAT(odd.warnings[0], HasSubstr("softmax/batch:1/n:8/d:6/heads:4/threads:1 skipped"));
}

}  // namespace
}  // namespace attnscope
