// Every method on the seed shapes, with GFLOP/s from the cost model. Run:
//   build/tests/bench/kernels_bench --benchmark_filter=notebook --benchmark_min_time=1
// Threads follow oneTBB's default (all cores); limit them with --threads via attnscope bench instead.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/analysis/heatmap_data.h"
#include "attnscope/kernels/isa.h"
#include "attnscope/kernels/kernels.h"
#include "attnscope/kernels/raw_attention.h"
#include "attnscope/kernels/softmax_rows.h"

namespace attnscope {
namespace {

void runKernel(benchmark::State& state, Method method, AttentionConfig config) {
    const AttentionProblem problem = makeProblem(method, config);
    Tensor out = problem.makeOutput();
    Workspace workspace;
    runAttention(problem, out.view(), workspace);  // warm-up: fault in the workspace
    for (auto _ : state) {
        runAttention(problem, out.view(), workspace);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    const double flops = estimateCost(method, config).flops;
    state.counters["GFLOP/s"] =
        benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// The Heatmaps tab's work after a slider change: the four maps and the FAVOR+ error of one (batch, head) at
// the panel's default shape (batch 4, d 64, alpha 2, beta 4), for the GUI's 100 ms repaint target.
void runHeatmaps(benchmark::State& state, std::int64_t n) {
    AttentionConfig config;
    config.batch = 4;
    config.n = n;
    config.d = 64;
    config.alpha = 2;
    config.beta = 4;
    for (auto _ : state) {
        auto maps = computeHeatmaps(config, nullptr, HeatmapRequest{});
        benchmark::DoNotOptimize(maps);
    }
}

// The two exact softmax kernels on the same problem: full score rows per query tile, or streaming over key
// blocks of `key_block` (0 = the full-row kernel). Picks kStreamingSoftmaxMinKeys and kStreamingKeyBlock.
void runSoftmaxVariant(benchmark::State& state, AttentionConfig config, std::int64_t key_block) {
    const AttentionProblem problem = makeProblem(Method::softmax, config);
    Tensor out = problem.makeOutput();
    Workspace workspace;
    auto once = [&] {
        if (key_block == 0) {
            fullRowSoftmaxAttention(problem.q.view(), problem.k.view(), problem.v.view(), config.heads,
                                    out.view(), workspace);
        } else {
            streamingSoftmaxAttention(problem.q.view(), problem.k.view(), problem.v.view(), config.heads,
                                      out.view(), workspace, key_block);
        }
    };
    once();
    for (auto _ : state) {
        once();
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.counters["GFLOP/s"] = benchmark::Counter(estimateCost(Method::softmax, config).flops * 1e-9,
                                                   benchmark::Counter::kIsIterationInvariantRate);
}

// softmaxBlock() alone on one score tile of the softmax kernels (256 query rows x 512 keys), on one ISA's
// row steps. The block is rewritten in place each iteration; the exp's cost does not depend on the values.
void runSoftmaxBlock(benchmark::State& state, Isa isa) {
    const Isa previous = activeIsa();
    if (!setActiveIsa(isa)) {
        state.SkipWithError("this CPU does not run the ISA");
        return;
    }
    constexpr std::int64_t kRows = 256, kCols = 512;
    std::vector<float> scores(kRows * kCols), row_max(kRows), row_sum(kRows);
    for (std::size_t i = 0; i < scores.size(); ++i) scores[i] = static_cast<float>(i % 97) * 0.01f;
    for (auto _ : state) {
        softmaxBlock({.scores = scores.data(),
                      .rows = kRows,
                      .cols = kCols,
                      .ld = kCols,
                      .scale = 0.125f,
                      .row_max = row_max.data(),
                      .row_sum = row_sum.data()});
        benchmark::DoNotOptimize(scores.data());
        benchmark::ClobberMemory();
    }
    state.counters["time/score"] =
        benchmark::Counter(static_cast<double>(kRows * kCols),
                           benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    setActiveIsa(previous);
}

AttentionConfig shape(std::int64_t batch, std::int64_t n, std::int64_t d, std::int64_t heads = 1,
                      std::int64_t s = 1) {
    AttentionConfig c;
    c.batch = batch;
    c.n = n;
    c.d = d;
    c.heads = heads;
    c.alpha = c.beta = s;
    return c;
}

void registerSoftmaxVariants() {
    // Same FLOPs at every n: batch · n² is kept at 32 · 2048².
    for (std::int64_t n : {1024, 2048, 4096, 8192, 16384}) {
        const std::int64_t batch = std::max<std::int64_t>(1, 32 * 2048 / n * 2048 / n);
        for (std::int64_t key_block : {0, 256, 512, 1024}) {
            const std::string name =
                "softmax-variants/n:" + std::to_string(n) + "/" +
                (key_block == 0 ? std::string("full-rows") : "streaming-block:" + std::to_string(key_block));
            benchmark::RegisterBenchmark(name.c_str(), runSoftmaxVariant, shape(batch, n, 64), key_block)
                ->Unit(benchmark::kMillisecond)
                ->UseRealTime();
        }
    }
}

void registerAll() {
    registerSoftmaxVariants();
    for (Isa isa : kAllIsas) {
        benchmark::RegisterBenchmark(
            ("softmax-block/" + std::string(isaName(isa)) + "/rows:256/cols:512").c_str(), runSoftmaxBlock,
            isa)
            ->Unit(benchmark::kMicrosecond);
    }
    const std::pair<std::int64_t, std::int64_t> notebook[] = {{2048, 64}, {64, 2048}, {256, 256}};
    for (Method method : {Method::quadratic, Method::linear, Method::softmax, Method::performer}) {
        for (auto [n, d] : notebook) {
            const std::string name = "notebook/" + std::string(methodName(method)) +
                                     "/n:" + std::to_string(n) + "/d:" + std::to_string(d);
            benchmark::RegisterBenchmark(name.c_str(), runKernel, method, shape(32, n, d))
                ->Unit(benchmark::kMillisecond)
                ->UseRealTime();
        }
    }
    for (std::int64_t n : {256, 512, 1024}) {
        benchmark::RegisterBenchmark(("heatmaps/n:" + std::to_string(n)).c_str(), runHeatmaps, n)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
    }
    for (std::int64_t n : {128, 512, 2048}) {
        benchmark::RegisterBenchmark(("xformer-table/mha/n:" + std::to_string(n)).c_str(), runKernel,
                                     Method::mha, shape(40, n, 512, 4))
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
        for (std::int64_t s : {2, 4, 8, 16}) {
            benchmark::RegisterBenchmark(
                ("xformer-table/xformer/n:" + std::to_string(n) + "/s:" + std::to_string(s)).c_str(),
                runKernel, Method::xformer, shape(40, n, 512, 4, s))
                ->Unit(benchmark::kMillisecond)
                ->UseRealTime();
        }
    }
}

}  // namespace
}  // namespace attnscope

int main(int argc, char** argv) {
    attnscope::registerAll();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
