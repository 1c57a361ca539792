// Runner statistics on a fake clock, and sweeps that stream, cancel and keep what finished.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {
namespace {

using ::testing::HasSubstr;

// Each call to work() advances the fake clock by the next duration in the list.
struct FakeWork {
    std::vector<double> durations;
    std::size_t calls = 0;
    double now = 0;

    void operator()() { now += durations[std::min(calls++, durations.size() - 1)]; }
};

TEST(Runner, StopsAtTimeBudgetOnceMinimumRepetitionsAreMet) {
    FakeWork work{{0.125}};  // exact in binary, so eight calls make exactly one second
    RunnerOptions options;
    options.warmup_calls = 2;
    options.min_seconds = 1.0;
    options.min_repetitions = 3;
    const auto stats = timeRepetitions([&] { work(); }, options, [&] { return work.now; }, nullptr);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->repetitions(), 8);
    EXPECT_EQ(work.calls, 10u) << "two warm-up calls are not timed";
    EXPECT_DOUBLE_EQ(stats->median, 0.125);
}

TEST(Runner, SlowCallsStillGetMinimumRepetitionsUnlessOverMaxTime) {
    FakeWork work{{2.0}};
    RunnerOptions options;
    options.warmup_calls = 0;
    options.min_seconds = 0.5;
    options.min_repetitions = 5;
    options.max_seconds = 7.0;
    const auto stats = timeRepetitions([&] { work(); }, options, [&] { return work.now; }, nullptr);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->repetitions(), 4) << "8 s measured after 4 calls: past max_seconds";
}

// Like torch.utils.benchmark, a point whose IQR is over 10% of its median is not trusted at once: the
// runner keeps measuring (up to settle_factor × min_seconds) to see whether it settles.
TEST(Runner, NoisyPointGetsMoreRepetitionsUntilItSettles) {
    FakeWork work{{5, 1}};  // one slow outlier, then steady
    RunnerOptions options;
    options.warmup_calls = 0;
    options.min_seconds = 3;
    options.min_repetitions = 3;
    const auto stats = timeRepetitions([&] { work(); }, options, [&] { return work.now; }, nullptr);
    ASSERT_TRUE(stats);
    // [5,1,1]: IQR/median 2; [5,1,1,1]: 1; [5,1,1,1,1]: 0, settled.
    EXPECT_EQ(stats->repetitions(), 5);
    EXPECT_DOUBLE_EQ(stats->relativeSpread(), 0);
}

TEST(Runner, NoisyPointStopsAtTheSettleBudget) {
    std::vector<double> alternating;
    for (int i = 0; i < 100; ++i) alternating.push_back(i % 2 ? 3.0 : 1.0);
    FakeWork work{alternating};
    RunnerOptions options;
    options.warmup_calls = 0;
    options.min_seconds = 10;
    options.min_repetitions = 3;
    options.max_seconds = 100;
    const auto stats = timeRepetitions([&] { work(); }, options, [&] { return work.now; }, nullptr);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->repetitions(), 20) << "4 x 10 s of measured time, then it is reported as noisy";
    EXPECT_GT(stats->relativeSpread(), options.noisy_spread);
}

TEST(Runner, RepetitionCapWins) {
    FakeWork work{{1e-6}};
    RunnerOptions options;
    options.max_repetitions = 17;
    const auto stats = timeRepetitions([&] { work(); }, options, [&] { return work.now; }, nullptr);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->repetitions(), 17);
}

// Like torch.utils.benchmark's blocked_autorange: a call far shorter than the clock's useful resolution is
// timed in blocks of back-to-back calls, found by doubling, and the samples are per call.
TEST(Runner, ShortCallsAreTimedInBlocks) {
    FakeWork work{{20e-6}};
    RunnerOptions options;
    options.warmup_calls = 1;
    options.min_block_seconds = 1e-3;
    options.min_seconds = 0.1;
    options.max_repetitions = 1000;
    const auto stats = timeRepetitions([&] { work(); }, options, [&] { return work.now; }, nullptr);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->calls_per_repetition, 64) << "32 calls last 0.64 ms, 64 calls 1.28 ms";
    EXPECT_NEAR(stats->median, 20e-6, 1e-12) << "per call, not per block";
    EXPECT_EQ(stats->repetitions(), 79) << "0.1 s of 1.28 ms blocks";
    // warm-up 1, calibration blocks 2+4+...+64 = 126, then the timed blocks.
    EXPECT_EQ(work.calls, 1u + 126u + 79u * 64u);
}

TEST(Runner, CallsLongerThanABlockAreTimedOneByOne) {
    FakeWork work{{2e-3}};
    RunnerOptions options;
    options.warmup_calls = 0;
    options.min_seconds = 0.019;  // ten 2 ms calls, with no doubt about rounding
    const auto stats = timeRepetitions([&] { work(); }, options, [&] { return work.now; }, nullptr);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->calls_per_repetition, 1);
    EXPECT_EQ(stats->repetitions(), 10);
    EXPECT_EQ(work.calls, 10u) << "without warm-up, the first call is both the probe and a sample";
}

TEST(Runner, ZeroBlockTimeTimesEveryCall) {
    FakeWork work{{1e-6}};
    RunnerOptions options;
    options.min_block_seconds = 0;
    options.max_repetitions = 5;
    const auto stats = timeRepetitions([&] { work(); }, options, [&] { return work.now; }, nullptr);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->calls_per_repetition, 1);
    EXPECT_EQ(stats->repetitions(), 5);
}

TEST(Runner, QuartilesInterpolateLikeNumpy) {
    // numpy.percentile([1, 2, 3, 4, 10], [25, 50, 75]) = [2, 3, 4]; of [1, 2, 3, 4]: [1.75, 2.5, 3.25].
    TimingStats odd = summarize({4, 1, 10, 3, 2});
    EXPECT_DOUBLE_EQ(odd.q1, 2);
    EXPECT_DOUBLE_EQ(odd.median, 3);
    EXPECT_DOUBLE_EQ(odd.q3, 4);
    EXPECT_DOUBLE_EQ(odd.min, 1);
    EXPECT_DOUBLE_EQ(odd.max, 10);
    EXPECT_DOUBLE_EQ(odd.mean, 4);
    EXPECT_DOUBLE_EQ(odd.iqr(), 2);
    EXPECT_DOUBLE_EQ(odd.relativeSpread(), 2.0 / 3.0);
    EXPECT_EQ(odd.samples, (std::vector<double>{4, 1, 10, 3, 2})) << "samples keep their measured order";
    TimingStats even = summarize({4, 3, 2, 1});
    EXPECT_DOUBLE_EQ(even.q1, 1.75);
    EXPECT_DOUBLE_EQ(even.median, 2.5);
    EXPECT_DOUBLE_EQ(even.q3, 3.25);
    EXPECT_NEAR(even.stddev, 1.2909944487358056, 1e-12);
}

TEST(Runner, CancelBeforeMinimumReturnsNothing) {
    CancelFlag cancel{false};
    FakeWork work{{0.1}};
    RunnerOptions options;
    const auto stats = timeRepetitions(
        [&] {
            work();
            if (work.calls == 3) cancel = true;
        },
        options, [&] { return work.now; }, &cancel);
    EXPECT_FALSE(stats);
}

TEST(Runner, PointNamesFollowTheDocumentedScheme) {
    AttentionConfig c;
    c.batch = 40;
    c.n = 2048;
    c.d = 512;
    c.heads = 4;
    c.alpha = 4;
    c.beta = 8;
    c.threads = 2;
    EXPECT_EQ((BenchmarkPoint{Method::xformer, c}.name()),
              "xformer/batch:40/n:2048/d:512/heads:4/alpha:4/beta:8/threads:2");
    EXPECT_EQ((BenchmarkPoint{Method::mha, c}.name()), "mha/batch:40/n:2048/d:512/heads:4/threads:2");
    EXPECT_EQ(
        (BenchmarkPoint{Method::performer, c}.name()),
        "performer/batch:40/n:2048/d:512/heads:4/features:622/threads:2");  // ceil(128 ln 128) = ceil(621.06)
    // The series name drops only the length: one sweep over n, one curve.
    EXPECT_EQ((BenchmarkPoint{Method::xformer, c}.seriesName()),
              "xformer/batch:40/d:512/heads:4/alpha:4/beta:8/threads:2");
}

RunnerOptions quickOptions() {
    RunnerOptions options;
    options.warmup_calls = 0;
    options.min_seconds = 0;
    options.min_repetitions = 2;
    options.max_repetitions = 2;
    return options;
}

std::vector<BenchmarkPoint> smallSweep(int count) {
    std::vector<BenchmarkPoint> points;
    for (int i = 0; i < count; ++i) {
        AttentionConfig c;
        c.n = 16 << i;
        c.d = 8;
        points.push_back({i % 2 ? Method::linear : Method::softmax, c});
    }
    return points;
}

TEST(Sweep, StreamsEveryPointAndReportsProgress) {
    std::vector<std::size_t> progress_done;
    std::vector<std::string> streamed;
    const auto results = runSweep(
        smallSweep(4), quickOptions(), nullptr,
        [&](const SweepProgress& p) {
            progress_done.push_back(p.done);
            EXPECT_EQ(p.total, 4u);
        },
        [&](const BenchmarkResult& r) { streamed.push_back(r.point.name()); });
    ASSERT_EQ(results.size(), 4u);
    EXPECT_EQ(progress_done, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
    ASSERT_EQ(streamed.size(), 4u);
    for (const BenchmarkResult& r : results) {
        EXPECT_TRUE(r.ok()) << r.error;
        EXPECT_EQ(r.stats.repetitions(), 2);
        EXPECT_GT(r.gflops(), 0);
    }
}

TEST(Sweep, CancelKeepsFinishedPoints) {
    CancelFlag cancel{false};
    const auto results = runSweep(smallSweep(6), quickOptions(), &cancel, {}, [&](const BenchmarkResult&) {
        static int finished = 0;
        if (++finished == 3) cancel = true;
    });
    ASSERT_EQ(results.size(), 3u);
    for (const BenchmarkResult& r : results) EXPECT_TRUE(r.ok());
}

TEST(Sweep, InvalidPointIsReportedAndTheSweepGoesOn) {
    auto points = smallSweep(3);
    points[1].config.heads = 3;  // does not divide d = 8
    const auto results = runSweep(points, quickOptions());
    ASSERT_EQ(results.size(), 3u);
    EXPECT_TRUE(results[0].ok());
    EXPECT_FALSE(results[1].ok());
    EXPECT_THAT(results[1].error, HasSubstr("heads = 3 does not divide d = 8"));
    EXPECT_TRUE(results[2].ok());
}

#if !defined(__SANITIZE_ADDRESS__)
// Bytes of address space this process has mapped now (VmSize), or 0 when /proc is unreadable.
std::uint64_t mappedBytes() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmSize:", 0) == 0) return std::stoull(line.substr(7)) * 1024;
    }
    return 0;
}

// Caps the address space at what is mapped now plus 512 MiB, runs a point that needs 2 GiB (the memory
// guard allows it: its budget is half of physical memory), then a small one; exits 0 when the first reported
// running out of memory and the second worked.
[[noreturn]] void runOutOfMemoryThenSmall() {
    const std::uint64_t mapped = mappedBytes();
    if (mapped == 0) std::_Exit(3);
    rlimit cap{};
    cap.rlim_cur = cap.rlim_max = mapped + (512ull << 20);
    if (setrlimit(RLIMIT_AS, &cap) != 0) std::_Exit(4);
    AttentionConfig big;
    big.batch = 64;
    big.n = 4096;
    big.d = 512;  // Q, K, V and the output: 512 MiB each
    const auto failed = runPoint({Method::linear, big}, quickOptions());
    if (!failed || failed->ok() || failed->error.find("out of memory") == std::string::npos) std::_Exit(5);
    std::fprintf(stderr, "%s\n", failed->error.c_str());
    AttentionConfig small;
    small.n = 64;
    small.d = 8;
    const auto after = runPoint({Method::linear, small}, quickOptions());
    std::_Exit(after && after->ok() ? 0 : 6);
}

#endif

// Allocation failure during a run is reported as the point's error, and the next run works. In a child
// process, so the cap does not outlive the test.
TEST(RunPointDeathTest, AllocationFailureIsReportedAndTheNextRunWorks) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP()
        << "AddressSanitizer reserves terabytes of address space, so an address-space cap cannot work";
#else
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(runOutOfMemoryThenSmall(), ::testing::ExitedWithCode(0),
                "out of memory while running linear/batch:64/n:4096/d:512");
#endif
}

// The measured memory of a run that needs 4 x 64 MiB of inputs and output is at least that, and not wildly
// more: the probe sees the run's own pages, not the whole process.
TEST(Sweep, PeakResidentGrowthCoversInputsAndOutput) {
    AttentionConfig c;
    c.n = 16384;
    c.d = 1024;  // Q, K, V and the output: 64 MiB each
    RunnerOptions options = quickOptions();
    options.min_repetitions = options.max_repetitions = 1;
    const auto result = runPoint({Method::linear, c}, options);
    ASSERT_TRUE(result && result->ok()) << (result ? result->error : "cancelled");
    if (!result->peak_resident_growth) GTEST_SKIP() << "this kernel cannot reset the peak resident set";
    const double growth = static_cast<double>(*result->peak_resident_growth);
    EXPECT_GE(growth, 0.95 * result->cost.io_bytes);
    EXPECT_LE(growth, 2.0 * result->cost.runBytes() + (64 << 20));
}

TEST(Sweep, ThreadLimitIsApplied) {
    AttentionConfig c;
    c.n = 64;
    c.d = 8;
    c.threads = 1;
    const auto result = runPoint({Method::softmax, c}, quickOptions());
    ASSERT_TRUE(result && result->ok());
    EXPECT_THAT(result->point.name(), HasSubstr("/threads:1"));
}

}  // namespace
}  // namespace attnscope
