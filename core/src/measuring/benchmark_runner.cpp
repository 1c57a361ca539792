#include "attnscope/measuring/benchmark_runner.h"

#include <oneapi/tbb/global_control.h>

#include <chrono>
#include <new>

#include "attnscope/config/user_inputs.h"
#include "attnscope/kernels/kernels.h"
#include "attnscope/kernels/performer_attention.h"
#include "attnscope/kernels/problem.h"
#include "attnscope/measuring/resident_memory.h"

namespace attnscope {

namespace {

// Runs `work` with stage clocks recording until options.stage_seconds of wall time (at least one call) and
// returns the per-call time of each of the method's stages; empty when cancelled meanwhile.
StageBreakdown profileStages(const BenchmarkPoint& point, const RunnerOptions& options, Workspace& workspace,
                             const std::function<void()>& work) {
    StageBreakdown breakdown;
    if (options.stage_seconds <= 0) return breakdown;
    StageRecorder recorder;
    workspace.setStageRecorder(&recorder);
    constexpr int kMaxCalls = 1000;
    double wall = 0;
    int calls = 0;
    while (calls == 0 || (wall < options.stage_seconds && calls < kMaxCalls)) {
        const double start = steadySeconds();
        work();
        wall += steadySeconds() - start;
        ++calls;
        if (workspace.cancelled()) break;
    }
    workspace.setStageRecorder(nullptr);
    if (workspace.cancelled()) return breakdown;
    const auto seconds = recorder.threadSeconds();
    const double per_call = 1.0 / (calls * static_cast<double>(point.config.resolvedThreads()));
    for (const StageCost& cost : stageCosts(point.method, point.config)) {
        breakdown.stages.push_back(
            {cost.stage, seconds[static_cast<std::size_t>(cost.stage)] * per_call, cost.flops});
    }
    breakdown.wall_seconds = wall / calls;
    breakdown.calls = calls;
    if (usesRandomFeatures(point.method)) {
        const AttentionConfig& c = point.config;
        const double start = steadySeconds();
        const MatrixRM features = orthogonalRandomFeatures(c.featureCount(), c.headDim(), c.seed);
        breakdown.feature_draw_seconds = steadySeconds() - start;
    }
    return breakdown;
}

}  // namespace

BenchmarkName BenchmarkPoint::benchmarkName() const {
    return BenchmarkName(method, config);
}

std::string BenchmarkPoint::name() const {
    return benchmarkName().str();
}

std::string BenchmarkPoint::seriesName() const {
    return benchmarkName().withoutLength().str();
}

double steadySeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::optional<TimingStats> timeRepetitions(const std::function<void()>& work, const RunnerOptions& options,
                                           const std::function<double()>& clock, const CancelFlag* cancel,
                                           const TimedRegion& region) {
    auto cancelled = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };
    auto timeBlock = [&](int calls) {
        const double start = clock();
        for (int i = 0; i < calls; ++i) work();
        return clock() - start;
    };
    std::vector<double> samples;
    double measured = 0;
    double one_call = -1;  // the latest single call's time: how long a block of one would be
    for (int i = 0; i < options.warmup_calls; ++i) {
        if (cancelled()) return std::nullopt;
        one_call = timeBlock(1);
    }
    if (one_call < 0) {  // no warm-up: the first timed call tells, and counts when it is a block already
        if (cancelled()) return std::nullopt;
        one_call = timeBlock(1);
        if (one_call >= options.min_block_seconds) {
            samples.push_back(one_call);
            measured += one_call;
        }
    }
    // Double the block until it lasts min_block_seconds; these blocks are warm-up too and are not kept.
    constexpr int kMaxBlockCalls = 1 << 20;
    int calls = 1;
    for (double block = one_call; block < options.min_block_seconds && calls < kMaxBlockCalls;) {
        if (cancelled()) return std::nullopt;
        calls *= 2;
        block = timeBlock(calls);
    }
    const double settle_seconds = options.min_seconds * options.settle_factor;
    // The spread is re-checked each time the sample count has grown by a tenth: fast kernels take hundreds of
    // thousands of repetitions, and sorting them all after each one would cost more than the kernel.
    std::size_t next_check = 0;
    bool was_noisy = false;
    auto noisy = [&] {
        if (samples.size() < next_check) return was_noisy;
        next_check = samples.size() + samples.size() / 10 + 1;
        was_noisy = summarize(samples).relativeSpread() > options.noisy_spread;
        return was_noisy;
    };
    // A first call that was a block already (no warm-up) is a sample taken before the region: not counted.
    const std::size_t samples_before_region = samples.size();
    if (region.begin) region.begin();
    const double region_start = clock();
    while (static_cast<int>(samples.size()) < options.max_repetitions) {
        bool enough =
            measured >= options.min_seconds && static_cast<int>(samples.size()) >= options.min_repetitions;
        if (enough && measured < settle_seconds && noisy()) enough = false;  // try to settle it first
        if (enough || (measured >= options.max_seconds && !samples.empty())) break;
        if (cancelled()) return std::nullopt;
        const double seconds = timeBlock(calls);
        samples.push_back(seconds / calls);
        measured += seconds;
    }
    if (region.end) {
        region.end(static_cast<std::int64_t>(samples.size() - samples_before_region) * calls,
                   clock() - region_start);
    }
    TimingStats stats = summarize(std::move(samples));
    stats.calls_per_repetition = calls;
    return stats;
}

std::optional<BenchmarkResult> runPoint(const BenchmarkPoint& point, const RunnerOptions& options,
                                        const CancelFlag* cancel, ProcessCounters* counters) {
    std::optional<ProcessCounters> own_counters;
    if (options.counters && !counters) counters = &own_counters.emplace(makePerfEventSource());
    BenchmarkResult result;
    result.point = point;
    if (auto error = validate(point.config, point.method)) {
        result.error = error->message;
        return result;
    }
    result.cost = estimateCost(point.method, point.config);
    const PeakResidentGrowth growth;
    try {
        // The limit covers input generation too, so the thread count a user picks is the one used.
        oneapi::tbb::global_control threads(oneapi::tbb::global_control::max_allowed_parallelism,
                                            static_cast<std::size_t>(point.config.resolvedThreads()));
        const AttentionProblem problem = makeProblem(point.method, point.config, point.inputs.get());
        Tensor out = problem.makeOutput();
        Workspace workspace;
        workspace.setCancelFlag(cancel);
        const auto call = [&] { runAttention(problem, out.view(), workspace); };
        TimedRegion region;
        if (options.counters) {
            region.begin = [counters] { counters->start(); };
            region.end = [&](std::int64_t calls, double seconds) {
                result.counters = counters->stop(calls, seconds);
            };
        }
        auto stats = timeRepetitions(call, options, steadySeconds, cancel, region);
        if (!stats) return std::nullopt;
        result.stats = std::move(*stats);
        result.peak_resident_growth = growth.bytes();
        result.stages = profileStages(point, options, workspace, call);
        if (options.measure_error && approximatesSoftmax(point.method) && !workspace.cancelled()) {
            result.approximation = favorError(problem, out.view(), workspace);
        }
    } catch (const std::bad_alloc&) {
        result.error = "out of memory while running " + point.name() + " (estimated " +
                       formatBytes(result.cost.runBytes()) + ")";
    }
    return result;
}

std::vector<BenchmarkResult> runSweep(const std::vector<BenchmarkPoint>& points, const RunnerOptions& options,
                                      const CancelFlag* cancel,
                                      const std::function<void(const SweepProgress&)>& on_progress,
                                      const std::function<void(const BenchmarkResult&)>& on_result,
                                      ProcessCounters* counters) {
    std::optional<ProcessCounters> own_counters;
    if (options.counters && !counters) counters = &own_counters.emplace(makePerfEventSource());
    std::vector<BenchmarkResult> results;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (cancel && cancel->load()) break;
        if (on_progress) on_progress({i, points.size(), &points[i]});
        auto result = runPoint(points[i], options, cancel, counters);
        if (!result) break;
        if (on_result) on_result(*result);
        results.push_back(std::move(*result));
    }
    if (on_progress) on_progress({results.size(), points.size(), nullptr});
    return results;
}

}  // namespace attnscope
