// Every method on the seed shapes, with GFLOP/s from the cost model. Run:
//   build/tests/bench/kernels_bench --benchmark_filter=notebook --benchmark_min_time=1
// Threads follow oneTBB's default (all cores); limit them with --threads via attnscope bench instead.
#include <benchmark/benchmark.h>

#include "attnscope/cost_model.h"
#include "attnscope/kernels.h"

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

void registerAll() {
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
