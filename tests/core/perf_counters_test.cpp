// Event counters: the logic (groups, per-call values, what a machine without a PMU or with a strict
// kernel.perf_event_paranoid gets told, once) on a fake source, and the software events for real.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <map>
#include <thread>

#include "attnscope/measuring/benchmark_runner.h"
#include "attnscope/measuring/perf_counters.h"

namespace attnscope {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Refuses events with the errno given, records the groups opened, and reads back preset totals.
struct FakeLog {
    std::vector<std::vector<CounterEvent>> groups;  // of the latest opening, leader first
    int opens = 0;                                  // open() calls, refused ones included
    int starts = 0;
    int closes = 0;
};

class FakeSource final : public CounterSource {
public:
    FakeSource(FakeLog& log, std::map<CounterEvent, int> refusals, CounterValues totals, int paranoid = 2)
        : log_(log), refusals_(std::move(refusals)), totals_(totals), paranoid_(paranoid) {}

    int open(CounterEvent event, bool leader) override {
        ++log_.opens;
        if (auto refusal = refusals_.find(event); refusal != refusals_.end()) return refusal->second;
        if (leader) log_.groups.emplace_back();
        log_.groups.back().push_back(event);
        return 0;
    }
    void start() override { ++log_.starts; }
    void stop() override {}
    CounterValues read() override {
        CounterValues values;
        for (const auto& group : log_.groups) {
            for (CounterEvent event : group)
                values[static_cast<std::size_t>(event)] = totals_[static_cast<std::size_t>(event)];
        }
        return values;
    }
    void close() override {
        ++log_.closes;
        log_.groups.clear();
    }
    std::optional<int> paranoid() const override { return paranoid_; }

private:
    FakeLog& log_;
    std::map<CounterEvent, int> refusals_;
    CounterValues totals_;
    int paranoid_;
};

CounterValues everyEvent() {
    CounterValues totals;
    totals[static_cast<std::size_t>(CounterEvent::task_clock)] = 4e9;  // ns: 4 s of CPU
    totals[static_cast<std::size_t>(CounterEvent::page_faults)] = 200;
    totals[static_cast<std::size_t>(CounterEvent::context_switches)] = 40;
    totals[static_cast<std::size_t>(CounterEvent::cycles)] = 1.2e10;
    totals[static_cast<std::size_t>(CounterEvent::instructions)] = 2.4e10;
    totals[static_cast<std::size_t>(CounterEvent::llc_misses)] = 1e6;
    return totals;
}

const std::map<CounterEvent, int> kNoPmu{
    {CounterEvent::cycles, ENOENT}, {CounterEvent::instructions, ENOENT}, {CounterEvent::llc_misses, ENOENT}};

TEST(Counters, WithAPmuEveryEventCountsInTwoGroupsAndDerivedValuesFollow) {
    FakeLog log;
    ProcessCounters counters(std::make_unique<FakeSource>(log, std::map<CounterEvent, int>{}, everyEvent()));
    counters.start();
    EXPECT_EQ(counters.notice(), "");
    ASSERT_EQ(log.groups.size(), 2u);
    EXPECT_EQ(log.groups[0], (std::vector<CounterEvent>{CounterEvent::task_clock, CounterEvent::page_faults,
                                                        CounterEvent::context_switches}));
    EXPECT_EQ(log.groups[1], (std::vector<CounterEvent>{CounterEvent::cycles, CounterEvent::instructions,
                                                        CounterEvent::llc_misses}));
    const auto stats = counters.stop(100, 2.0);  // 100 calls in 2 s of wall time on 4 s of CPU
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->calls, 100);
    EXPECT_DOUBLE_EQ(stats->wall_seconds, 0.02);
    EXPECT_DOUBLE_EQ(stats->task_clock_seconds, 0.04);
    EXPECT_DOUBLE_EQ(stats->busyCores(), 2.0);
    EXPECT_DOUBLE_EQ(stats->page_faults, 2.0);
    EXPECT_DOUBLE_EQ(*stats->context_switches, 0.4);
    EXPECT_DOUBLE_EQ(*stats->ipc(), 2.0);
    EXPECT_DOUBLE_EQ(*stats->ghz(), 3.0) << "cycles per busy-core second";
    EXPECT_DOUBLE_EQ(*stats->dramBytes(), 1e4 * 64);
}

TEST(Counters, WithoutAPmuOneNoticeAndSoftwareCountsOnly) {
    FakeLog log;
    ProcessCounters counters(std::make_unique<FakeSource>(log, kNoPmu, everyEvent()));
    counters.probe();
    EXPECT_EQ(
        counters.notice(),
        "hardware counters unavailable on this machine: no PMU exposed (ENOENT); software counters only");
    EXPECT_TRUE(counters.available());
    const int probe_opens = log.opens;
    for (int point = 0; point < 3; ++point) {
        counters.start();
        const auto stats = counters.stop(10, 1.0);
        ASSERT_TRUE(stats);
        EXPECT_FALSE(stats->cycles);
        EXPECT_FALSE(stats->ipc());
        EXPECT_FALSE(stats->ghz());
        EXPECT_FALSE(stats->dramBytes());
        EXPECT_DOUBLE_EQ(stats->page_faults, 20);
    }
    // Each point opens the three software events only: the hardware ones are not retried per point.
    EXPECT_EQ(log.opens - probe_opens, 3 * 3);
    EXPECT_EQ(log.starts, 3);
}

TEST(Counters, StrictParanoiaNamesTheSysctl) {
    FakeLog log;
    const std::map<CounterEvent, int> refused{{CounterEvent::task_clock, EACCES},
                                              {CounterEvent::cycles, EACCES}};
    ProcessCounters counters(std::make_unique<FakeSource>(log, refused, everyEvent(), 3));
    counters.start();
    EXPECT_FALSE(counters.available());
    EXPECT_THAT(counters.notice(), HasSubstr("counters unavailable"));
    EXPECT_THAT(counters.notice(), HasSubstr("kernel.perf_event_paranoid = 3"));
    EXPECT_THAT(counters.notice(), HasSubstr("EACCES"));
    EXPECT_FALSE(counters.stop(10, 1.0)) << "nothing counted, nothing reported";
    EXPECT_EQ(log.starts, 0);
}

TEST(Counters, HardwareRefusedByParanoiaStillCountsSoftware) {
    FakeLog log;
    const std::map<CounterEvent, int> refused{{CounterEvent::cycles, EPERM}};
    ProcessCounters counters(std::make_unique<FakeSource>(log, refused, everyEvent(), 3));
    counters.probe();
    EXPECT_THAT(counters.notice(), HasSubstr("hardware counters unavailable"));
    EXPECT_THAT(counters.notice(), HasSubstr("sysctl kernel.perf_event_paranoid"));
    EXPECT_THAT(counters.notice(), HasSubstr("software counters only"));
    counters.start();
    EXPECT_TRUE(counters.stop(1, 1.0));
}

TEST(Counters, ContextSwitchesHiddenByParanoiaAreAbsentAndSaid) {
    FakeLog log;
    const std::map<CounterEvent, int> refused{{CounterEvent::context_switches, EACCES}};
    ProcessCounters counters(std::make_unique<FakeSource>(log, refused, everyEvent(), 2));
    counters.start();
    EXPECT_THAT(counters.notice(), HasSubstr("not counted: context-switches (EACCES)"));
    EXPECT_THAT(counters.notice(), HasSubstr("sysctl kernel.perf_event_paranoid=1"));
    EXPECT_THAT(counters.notice(), Not(HasSubstr("hardware counters unavailable")));
    const auto stats = counters.stop(1, 1.0);
    ASSERT_TRUE(stats);
    EXPECT_FALSE(stats->context_switches);
    EXPECT_TRUE(stats->ipc());
}

TEST(Counters, RunnerCountsOnlyTheTimedRepetitions) {
    double now = 0;
    int calls = 0;
    std::int64_t region_calls = -1;
    int calls_at_begin = -1;
    RunnerOptions options;
    options.warmup_calls = 2;
    options.min_seconds = 1.0;
    options.min_repetitions = 3;
    options.min_block_seconds = 0;
    TimedRegion region;
    region.begin = [&] { calls_at_begin = calls; };
    region.end = [&](std::int64_t counted, double seconds) {
        region_calls = counted;
        EXPECT_DOUBLE_EQ(seconds, 1.0);
    };
    const auto stats = timeRepetitions(
        [&] {
            ++calls;
            now += 0.125;
        },
        options, [&] { return now; }, nullptr, region);
    ASSERT_TRUE(stats);
    EXPECT_EQ(calls_at_begin, 2) << "the warm-up is outside the region";
    EXPECT_EQ(region_calls, 8);
}

TEST(Counters, RunnerResultCarriesCountsOnlyWhenAsked) {
    AttentionConfig config;
    config.batch = 1;
    config.n = 64;
    config.d = 8;
    config.threads = 1;
    const BenchmarkPoint point(Method::linear, config);
    RunnerOptions options;
    options.min_seconds = 0.01;
    options.stage_seconds = 0;
    const auto plain = runPoint(point, options);
    ASSERT_TRUE(plain && plain->ok());
    EXPECT_FALSE(plain->counters);
    options.counters = true;
    FakeLog log;
    ProcessCounters counters(std::make_unique<FakeSource>(log, kNoPmu, everyEvent()));
    const auto counted = runPoint(point, options, nullptr, &counters);
    ASSERT_TRUE(counted && counted->ok());
    ASSERT_TRUE(counted->counters);
    EXPECT_EQ(counted->counters->calls,
              counted->stats.repetitions() * static_cast<std::int64_t>(counted->stats.calls_per_repetition));
}

// The real thing: software events exist wherever perf_event_open does, VMs included.
class RealCounters : public ::testing::Test {
protected:
    void SetUp() override {
        counters_.probe();
        if (!counters_.available()) GTEST_SKIP() << counters_.notice();
    }
    ProcessCounters counters_{makePerfEventSource()};
};

TEST_F(RealCounters, PageFaultsRiseWhenALoopTouchesFreshPages) {
    constexpr std::size_t kPages = 2048;
    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    void* memory = mmap(nullptr, kPages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(memory, MAP_FAILED);
    // Small pages, so that every page touched is one fault (a transparent huge page would serve 512).
    madvise(memory, kPages * page, MADV_NOHUGEPAGE);
    counters_.start();
    auto* bytes = static_cast<volatile char*>(memory);
    for (std::size_t i = 0; i < kPages; ++i) bytes[i * page] = 1;
    const auto stats = counters_.stop(1, 1.0);
    munmap(memory, kPages * page);
    ASSERT_TRUE(stats);
    EXPECT_GE(stats->page_faults, kPages);
    EXPECT_GT(stats->task_clock_seconds, 0);
}

TEST_F(RealCounters, AThreadThatExistedBeforeTheRegionIsCounted) {
    std::atomic<int> phase{0};
    std::thread worker([&] {
        while (phase.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        // 50 ms of this thread's own CPU time, however busy the machine is.
        timespec used{};
        do {
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &used);
        } while (used.tv_sec == 0 && used.tv_nsec < 50'000'000);
        phase = 2;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the worker exists before the region
    counters_.start();
    phase = 1;
    while (phase.load() != 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto stats = counters_.stop(1, 1.0);
    worker.join();
    ASSERT_TRUE(stats);
    EXPECT_GT(stats->task_clock_seconds, 0.045)
        << "the worker's 50 ms of spinning; the sleeping main thread alone uses far less";
}

}  // namespace
}  // namespace attnscope
