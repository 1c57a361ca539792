#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/analysis/favor_error.h"
#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"
#include "attnscope/measuring/benchmark_name.h"
#include "attnscope/measuring/perf_counters.h"
#include "attnscope/measuring/stages.h"
#include "attnscope/measuring/timing_stats.h"

namespace attnscope {

// Set from any thread to stop a run; checked between repetitions.
using CancelFlag = std::atomic<bool>;

struct RunnerOptions {
    int warmup_calls = 1;       // untimed calls first: page faults, caches, thread start-up
    double min_seconds = 0.5;   // keep repeating until this much time was measured ...
    int min_repetitions = 5;    // ... and at least this many repetitions ...
    int max_repetitions = 200;  // ... but never more than this many ...
    double max_seconds = 20.0;  // ... nor beyond this much time, whatever min_repetitions says.
    // A repetition is a block of back-to-back calls lasting at least this long (torch.utils.benchmark's
    // blocked_autorange): a 20 µs call is timed 64 calls at a time, so clock reads, TBB's wake-up of
    // sleeping workers and a stray interrupt are averaged over a block instead of landing on one sample.
    // 1 ms: the clock's ~25 ns read is 0.003% of it, it is well under the scheduler's time slice, and the
    // 0.5 s default budget still holds hundreds of blocks. 0 times every call on its own.
    double min_block_seconds = 1e-3;
    // A point whose IQR/median is above noisy_spread once the minimum is reached gets more repetitions, up
    // to settle_factor × min_seconds of measured time, before it is reported noisy (within max_seconds).
    double noisy_spread = kNoisySpread;
    double settle_factor = 4.0;
    // After the timed repetitions, calls with stage clocks on (StageBreakdown) until this much time was
    // profiled, at least one call; 0 skips it. Separate calls, so the clock reads never touch the timings.
    double stage_seconds = 0.1;
    // For methods that approximate softmax (FAVOR+): run exact softmax on the same inputs afterwards and
    // report the relative errors (FavorError).
    bool measure_error = true;
    // Read the kernel's event counters (perf_counters.h) over the timed repetitions:
    // BenchmarkResult::counters.
    bool counters = false;
};

// One benchmark point: a method on a config.
struct UserInputs;

struct BenchmarkPoint {
    BenchmarkPoint() = default;
    BenchmarkPoint(Method m, AttentionConfig c, std::shared_ptr<const UserInputs> i = nullptr)
        : method(m), config(c), inputs(std::move(i)) {}

    Method method = Method::softmax;
    AttentionConfig config;
    std::shared_ptr<const UserInputs> inputs;  // loaded Q/K/V or X; null draws them from config.seed

    BenchmarkName benchmarkName() const;
    // benchmarkName().str(): METHOD/batch:B/n:N/d:D/heads:H[/alpha:A/beta:B][/features:M]/threads:T.
    std::string name() const;
    // The name without its /n: field: every point of one sweep over n shares it (a curve, a fitted slope).
    std::string seriesName() const;
};

struct BenchmarkResult {
    BenchmarkPoint point;
    TimingStats stats;  // empty when the point failed
    CostEstimate cost;
    std::string error;  // why the point did not run (validation, memory), empty on success
    // Measured, not modelled: how far the process's resident set rose above its level before the point while
    // it ran (inputs, output, workspaces, thread stacks). Empty where /proc cannot tell.
    std::optional<std::uint64_t> peak_resident_growth;
    StageBreakdown stages;                    // where the time of a call goes; no calls when not profiled
    std::optional<FavorError> approximation;  // FAVOR+ against exact softmax, when measured
    std::optional<CounterStats> counters;     // per call over the timed repetitions, when asked and countable

    bool ok() const { return error.empty() && stats.repetitions() > 0; }
    double gflops() const { return ok() && stats.median > 0 ? cost.flops / stats.median * 1e-9 : 0; }
};

// Called around the timed repetitions only, not the warm-up nor the block sizing: begin before the first
// block, end after the last with the calls made and the clock's seconds in between.
struct TimedRegion {
    std::function<void()> begin;
    std::function<void(std::int64_t calls, double seconds)> end;
};

// Times work() under `options` with a clock returning seconds; exposed for tests with a fake clock. Calls
// shorter than options.min_block_seconds are timed in blocks (TimingStats::calls_per_repetition) whose size
// is found by doubling after the warm-up; samples are per call. Returns std::nullopt when cancelled before
// the minimum was reached (region.end is not called then).
std::optional<TimingStats> timeRepetitions(const std::function<void()>& work, const RunnerOptions& options,
                                           const std::function<double()>& clock, const CancelFlag* cancel,
                                           const TimedRegion& region = {});

double steadySeconds();

// Builds the point's inputs, then times the kernel with options.min_seconds etc., limited to
// point.config.threads threads. Never throws for a bad config: the result carries the message. With
// options.counters, `counters` counts the timed repetitions (a run's own over perf_event_open when null).
std::optional<BenchmarkResult> runPoint(const BenchmarkPoint& point, const RunnerOptions& options,
                                        const CancelFlag* cancel = nullptr,
                                        ProcessCounters* counters = nullptr);

struct SweepProgress {
    std::size_t done = 0;
    std::size_t total = 0;
    const BenchmarkPoint* current = nullptr;  // the point about to run; null when finished
};

// Runs the points in order. on_result sees each finished point as it completes (stream it to a table or a
// plot); on_progress is called before each point and at the end. A cancelled sweep returns the finished
// points only. With options.counters every point counts through `counters` (one over perf_event_open for the
// whole sweep when null, so what the machine lacks is found out once).
std::vector<BenchmarkResult> runSweep(const std::vector<BenchmarkPoint>& points, const RunnerOptions& options,
                                      const CancelFlag* cancel = nullptr,
                                      const std::function<void(const SweepProgress&)>& on_progress = {},
                                      const std::function<void(const BenchmarkResult&)>& on_result = {},
                                      ProcessCounters* counters = nullptr);

}  // namespace attnscope
