// Results files: our JSON reads back, follows Google Benchmark's schema, and pairs with another run by name.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "attnscope/analysis/result_tables.h"
#include "attnscope/io/ceilings_file.h"
#include "attnscope/io/results_io.h"
#include "attnscope/measuring/machine_topology.h"
#include "attnscope/measuring/system_info.h"
#include "temp_dir.h"
#include "test_results.h"

namespace attnscope {
namespace {

using ::testing::HasSubstr;

using test::fakeResult;

TEST(ResultsJson, FollowsGoogleBenchmarkSchemaAndReadsBack) {
    const std::vector<BenchmarkResult> results = {fakeResult(Method::softmax, 512, {0.002, 0.001, 0.003}),
                                                  fakeResult(Method::linear, 512, {0.0005, 0.0004})};
    const std::string text = resultsToJson(results, {"attnscope", "0.1.0", "attnscope", "test", 2});
    const auto root = nlohmann::json::parse(text);
    EXPECT_EQ(root["context"]["attnscope"]["engine"], "attnscope");
    const auto& benchmarks = root["benchmarks"];
    ASSERT_EQ(benchmarks.size(), 3u + 4u + 2u + 4u);  // repetitions + mean, median, stddev, cv per point
    EXPECT_EQ(benchmarks[0]["run_type"], "iteration");
    EXPECT_EQ(benchmarks[0]["time_unit"], "ms");
    EXPECT_DOUBLE_EQ(benchmarks[0]["real_time"].get<double>(), 2.0);
    const auto& median = benchmarks[4];
    EXPECT_EQ(median["name"], "softmax/batch:1/n:512/d:64/heads:1/threads:2_median");
    EXPECT_EQ(median["aggregate_name"], "median");
    EXPECT_DOUBLE_EQ(median["real_time"].get<double>(), 2.0);
    EXPECT_DOUBLE_EQ(median["gflops"].get<double>(), 4.0 * 512 * 512 * 64 / 0.002 * 1e-9);
    // The roofline's x: softmax reads Q, K, V and writes the output, 4 × 512 × 64 floats, nothing spills.
    EXPECT_DOUBLE_EQ(median["modelled_dram_bytes"].get<double>(), 4.0 * 512 * 64 * 4);
    EXPECT_DOUBLE_EQ(median["arithmetic_intensity"].get<double>(),
                     median["flops"].get<double>() / (4.0 * 512 * 64 * 4));

    const SavedResults saved = parseResultsJson(text, "ours.json");
    ASSERT_EQ(saved.benchmarks.size(), 2u);
    EXPECT_EQ(saved.benchmarks[1].name, "linear/batch:1/n:512/d:64/heads:1/threads:2");
    EXPECT_DOUBLE_EQ(saved.benchmarks[1].median_ms, 0.45);
    EXPECT_EQ(saved.benchmarks[0].samples_ms.size(), 3u);
}

TEST(ResultsJson, ContextDescribesTheCachesAndClockAsGoogleBenchmarkDoes) {
    // The clock is attnscope peak's cached estimate, never measured while results are written.
    const test::TempDir cache_home;
    const test::ScopedEnvironment xdg("XDG_CACHE_HOME", cache_home.path().string());
    EXPECT_EQ(nlohmann::json::parse(resultsToJson({}, {}))["context"]["mhz_per_cpu"].get<long>(), 0)
        << "no ceilings cached yet";
    MachineCeilings ceilings;
    ceilings.cpu_model = cpuModelName();
    ceilings.threads = hardwareThreads();  // the threads of a context that says 0 (all)
    ceilings.clock_ghz = MeasuredValue::of(3.21);
    writeCachedCeilings(ceilingsCachePath(), ceilings);
    const auto root = nlohmann::json::parse(resultsToJson({}, {}));
    const auto& context = root["context"];
    EXPECT_EQ(context["mhz_per_cpu"].get<long>(), 3210);
    // The whole of peak's ceilings travel with the results, so a point's % of roof reads from the file.
    EXPECT_EQ(ceilingsFromJson(context["attnscope"]["ceilings"]), ceilings);
    const auto& caches = context["caches"];
    ASSERT_TRUE(caches.is_array());
    EXPECT_EQ(caches.size(), machineTopology().caches.size());
    for (const auto& cache : caches) {
        EXPECT_TRUE(cache["type"].is_string());
        EXPECT_GE(cache["level"].get<int>(), 1);
        EXPECT_GT(cache["size"].get<std::uint64_t>(), 0u);
        EXPECT_GE(cache["num_sharing"].get<int>(), 1);
    }
}

TEST(ResultsJson, ReadsPlainGoogleBenchmarkOutput) {
    const std::string google = R"({"context": {}, "benchmarks": [
        {"name": "BM_x", "run_name": "BM_x", "run_type": "iteration", "iterations": 10, "real_time": 5000,
         "cpu_time": 5000, "time_unit": "us"}]})";
    const SavedResults saved = parseResultsJson(google, "gb.json");
    ASSERT_EQ(saved.benchmarks.size(), 1u);
    EXPECT_DOUBLE_EQ(saved.benchmarks[0].median_ms, 5.0)
        << "real_time is per iteration: 10 iterations of 5 ms";
}

TEST(ResultsJson, RejectsFilesThatAreNotResults) {
    EXPECT_THROW(parseResultsJson("{", "a.json"), ResultsFileError);
    EXPECT_THROW(parseResultsJson(R"({"benchmarks": [{"real_time": 1e999}]})", "a.json"), ResultsFileError);
    try {
        parseResultsJson(R"({"points": []})", "a.json");
        FAIL();
    } catch (const ResultsFileError& error) {
        EXPECT_THAT(error.what(), HasSubstr("a.json: not a benchmark results file"));
    }
}

TEST(ResultsJson, ComparisonPairsByNameAndGivesSpeedUps) {
    const auto ours = parseResultsJson(
        resultsToJson({fakeResult(Method::softmax, 512, {0.001}), fakeResult(Method::linear, 64, {0.001})},
                      {"attnscope", "0.1.0", "attnscope", "", 2}),
        "ours.json");
    auto theirs = parseResultsJson(
        resultsToJson({fakeResult(Method::softmax, 512, {0.003})}, {"pytorch", "", "torch_bench.py", "", 2}),
        "torch.json");
    const std::string table = formatComparison(theirs, ours);
    EXPECT_THAT(table, HasSubstr("softmax/batch:1/n:512/d:64/heads:1/threads:2"));
    EXPECT_THAT(table, HasSubstr("3.00×"));
    EXPECT_THAT(table, HasSubstr("1 benchmarks paired by name"));
    EXPECT_THAT(table, HasSubstr("U test p")) << "one repetition each: no p-value, shown as -";
}

// The U test runs on the repetitions read back from both files.
TEST(ResultsJson, ComparisonCarriesTheUTestOverRepetitions) {
    const auto fast = parseResultsJson(
        resultsToJson({fakeResult(Method::softmax, 512, {0.0010, 0.0011, 0.0009, 0.0010, 0.0012})},
                      {"attnscope", "0.1.0", "attnscope", "", 2}),
        "ours.json");
    const auto slow = parseResultsJson(
        resultsToJson({fakeResult(Method::softmax, 512, {0.0030, 0.0031, 0.0029, 0.0032, 0.0030})},
                      {"pytorch", "", "torch_bench.py", "", 2}),
        "torch.json");
    const std::string table = formatComparison(slow, fast);
    // 5 vs 5, fully separated, a tie within each side: scipy gives 0.011667312343319386.
    EXPECT_THAT(table, HasSubstr("0.0117")) << table;
    EXPECT_THAT(formatComparison(fast, fast), HasSubstr("1.0000 ~"));
    EXPECT_THAT(table, HasSubstr("▲ ")) << "the second is faster: marked without colour";
    EXPECT_THAT(formatComparison(fast, slow), HasSubstr("▼ "));
    EXPECT_THAT(formatComparison(fast, fast), HasSubstr("  1.00×  ")) << "equal times carry no mark";
}

// IQR/median above 10% gets the "!" badge in the CLI and report tables; 1% does not.
TEST(ResultTable, NoisyPointsGetTheBadgeQuietOnesDoNot) {
    const BenchmarkResult noisy =
        fakeResult(Method::softmax, 512, {1e-3, 1e-3, 2e-3, 3e-3, 3e-3});  // IQR/median 1
    const BenchmarkResult quiet = fakeResult(Method::linear, 512, {2e-3, 2e-3, 2e-3, 2.02e-3, 2.02e-3});
    ASSERT_TRUE(noisy.stats.noisy());
    ASSERT_FALSE(quiet.stats.noisy());
    const TableData table = resultTableData({noisy, quiet});
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.rows[0][3], "100.0% !");
    EXPECT_EQ(table.rows[1][3], "1.0%");
}

// Blocked repetitions show their block size beside the count, and every point its measured / model ratio
// (one point per series here, so each is its own fit: 1.00).
TEST(ResultTable, ShowsCallsPerRepetitionAndTheModelRatio) {
    BenchmarkResult blocked = fakeResult(Method::linear, 64, {2e-5, 2e-5, 2e-5});
    blocked.stats.calls_per_repetition = 64;
    const TableData table = resultTableData({blocked});
    ASSERT_EQ(table.header[5], "measured/model");
    ASSERT_EQ(table.header[6], "reps");
    EXPECT_EQ(table.rows[0][5], "1.00");
    EXPECT_EQ(table.rows[0][6], "3 × 64");
}

// Software counts per call, as a machine without a PMU gives them.
CounterStats countedPerCall(double wall_seconds, double task_clock_seconds, double page_faults) {
    CounterStats counters;
    counters.calls = 10;
    counters.wall_seconds = wall_seconds;
    counters.task_clock_seconds = task_clock_seconds;
    counters.page_faults = page_faults;
    return counters;
}

// The report's Counters table: counted points only, the software columns, and IPC and GHz only where a point
// has hardware counts.
TEST(CounterTable, RowsOfCountedPointsWithHardwareColumnsOnlyWhenCounted) {
    BenchmarkResult softmax = fakeResult(Method::softmax, 512, {2e-3});
    softmax.counters = countedPerCall(2e-3, 3.5e-3, 12.34);
    softmax.counters->context_switches = 0.5;
    BenchmarkResult xformer = fakeResult(Method::xformer, 256, {1e-3});
    xformer.point.config.alpha = 2;
    xformer.point.config.beta = 4;
    xformer.counters = countedPerCall(1e-3, 2e-3, 0);
    const BenchmarkResult uncounted = fakeResult(Method::linear, 512, {1e-3});

    TableData table = counterTableData({softmax, uncounted, xformer});
    EXPECT_EQ(table.header,
              (std::vector<std::string>{"method", "shape", "faults/call", "ctx sw/call", "busy cores"}));
    ASSERT_EQ(table.rows.size(), 2u);
    // 3.5 ms of CPU in 2 ms: 1.75 cores busy. A context switch count the kernel hid shows as "-".
    EXPECT_EQ(table.rows[0],
              (std::vector<std::string>{"softmax", "batch 1, n 512, d 64, heads 1", "12.3", "0.50", "1.75"}));
    EXPECT_EQ(table.rows[1],
              (std::vector<std::string>{"xformer", "batch 1, n 256, d 64, heads 1, alpha 2, beta 4", "0.0",
                                        "-", "2.00"}));

    // With a PMU: 3e6 instructions in 2e6 cycles is an IPC of 1.5; 2e6 cycles in 3.5 ms of CPU, 0.57 GHz.
    softmax.counters->cycles = 2e6;
    softmax.counters->instructions = 3e6;
    table = counterTableData({softmax, xformer});
    EXPECT_EQ(table.header.back(), "GHz");
    EXPECT_EQ(table.rows[0][5], "1.50");
    EXPECT_EQ(table.rows[0][6], "0.57");
    EXPECT_EQ(table.rows[1][5], "-");

    EXPECT_TRUE(counterTableData({uncounted}).rows.empty());
}

TEST(CounterTable, AvailabilityLineNamesWhatWasCountedAndTheNotice) {
    BenchmarkResult counted = fakeResult(Method::softmax, 512, {2e-3});
    counted.counters = countedPerCall(2e-3, 2e-3, 3);
    const std::string notice = "hardware counters unavailable on this machine: no PMU exposed (ENOENT)";
    EXPECT_EQ(counterAvailabilityLine({counted}, notice),
              "Counted: task-clock, page-faults; " + notice + ".");
    counted.counters->context_switches = 1;
    EXPECT_EQ(counterAvailabilityLine({counted}, ""), "Counted: task-clock, page-faults, context-switches.");
    EXPECT_EQ(counterAvailabilityLine({fakeResult(Method::linear, 8, {1e-3})}, notice),
              "No point was counted; " + notice + ".");
}

TEST(ResultsCsv, OneRowPerPointWithUnitsInTheHeader) {
    const std::string csv =
        resultsToCsv({fakeResult(Method::softmax, 512, {0.002}), fakeResult(Method::linear, 8, {0.001})});
    EXPECT_THAT(csv, HasSubstr("name,method,batch,n,d,heads,alpha,beta,features,threads,repetitions,"
                               "calls_per_repetition,median_ms"));
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
    EXPECT_THAT(csv,
                HasSubstr("softmax/batch:1/n:512/d:64/heads:1/threads:2,softmax,1,512,64,1,1,1,0,2,1,1,2,"));
    EXPECT_THAT(csv, HasSubstr("peak_resident_growth_bytes,modelled_dram_bytes,arithmetic_intensity,"));
}

}  // namespace
}  // namespace attnscope
