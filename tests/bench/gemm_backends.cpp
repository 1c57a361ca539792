// The products attention is made of, on one thread, by each candidate backend (issue 17, "measure, don't
// assume"): OpenBLAS (what Eigen's products call in attnscope), oneDNN's dnnl_sgemm, and attnscope's narrow
// product under each ISA this CPU runs (a transposed B, Kᵀ in the scores Q Kᵀ, packed a panel at a time
// inside the timed call, as the kernels do: narrowProductTransposedB()). One thread, because every attnscope
// kernel runs one product per oneTBB task. Run on each machine kind, idle:
//
//   build/tests/bench/gemm_backends --benchmark_min_time=0.3
//
// Shapes: per-batch products of the notebook's three shapes (b, n, d), the tiles the quadratic and softmax
// kernels actually multiply (256 query rows × 512-key blocks), the mha/xformer projection and 2048³.
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <omp.h>

#include <oneapi/dnnl/dnnl.h>
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "attnscope/kernels/isa.h"
#include "attnscope/kernels/narrow_product.h"

extern "C" void openblas_set_num_threads(int threads);

namespace attnscope {
namespace {

// Row-major C (m × n) = op(A) · op(B); a transposed A is stored k × m, a transposed B n × k.
struct Product {
    const char* name;
    std::int64_t m, n, k;
    bool a_transposed = false, b_transposed = false;
};

const Product kProducts[] = {
    {"scores-QKt/n:2048/d:64", 2048, 2048, 64, false, true},
    {"PV/n:2048/d:64", 2048, 64, 2048},
    {"KtV/n:2048/d:64", 64, 64, 2048, true},
    {"Q.KtV/n:2048/d:64", 2048, 64, 64},
    {"scores-QKt/n:64/d:2048", 64, 64, 2048, false, true},
    {"PV/n:64/d:2048", 64, 2048, 64},
    {"KtV/n:64/d:2048", 2048, 2048, 64, true},
    {"Q.KtV/n:64/d:2048", 64, 2048, 2048},
    {"scores-QKt/n:256/d:256", 256, 256, 256, false, true},
    {"PV/n:256/d:256", 256, 256, 256},
    {"KtV/n:256/d:256", 256, 256, 256, true},
    {"tile-scores/256x512/d:64", 256, 512, 64, false, true},
    {"tile-scores/256x512/d:128", 256, 512, 128, false, true},
    {"tile-scores/256x512/d:256", 256, 512, 256, false, true},
    {"tile-PV/256x512/d:64", 256, 64, 512},
    {"projection/5120x512x512", 5120, 512, 512},
    {"square/2048", 2048, 2048, 2048},
};

enum class Backend { openblas, onednn, narrow };

struct Operands {
    std::vector<float> a, b, c;
    std::vector<float> b_panel;  // the narrow product's packed panel of a transposed B
    std::int64_t lda, ldb;
    explicit Operands(const Product& p)
        : a(static_cast<std::size_t>(p.m * p.k)),
          b(static_cast<std::size_t>(p.k * p.n)),
          c(static_cast<std::size_t>(p.m * p.n)),
          b_panel(static_cast<std::size_t>(transposedPanelFloats(p.k))),
          lda(p.a_transposed ? p.m : p.k),
          ldb(p.b_transposed ? p.k : p.n) {
        std::mt19937 random(7);
        std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
        for (float& x : a) x = uniform(random);
        for (float& x : b) x = uniform(random);
    }
};

void multiply(Backend backend, const Product& p, Operands& o) {
    switch (backend) {
        case Backend::openblas:
            cblas_sgemm(CblasRowMajor, p.a_transposed ? CblasTrans : CblasNoTrans,
                        p.b_transposed ? CblasTrans : CblasNoTrans, static_cast<int>(p.m),
                        static_cast<int>(p.n), static_cast<int>(p.k), 1.0f, o.a.data(),
                        static_cast<int>(o.lda), o.b.data(), static_cast<int>(o.ldb), 0.0f, o.c.data(),
                        static_cast<int>(p.n));
            break;
        case Backend::onednn:
            dnnl_sgemm(p.a_transposed ? 'T' : 'N', p.b_transposed ? 'T' : 'N', p.m, p.n, p.k, 1.0f,
                       o.a.data(), o.lda, o.b.data(), o.ldb, 0.0f, o.c.data(), p.n);
            break;
        case Backend::narrow: {
            if (p.b_transposed) {
                narrowProductTransposedB({.rows = p.m,
                                          .cols = p.n,
                                          .depth = p.k,
                                          .a = o.a.data(),
                                          .a_row_stride = o.lda,
                                          .b = o.b.data(),
                                          .ldb = o.ldb,
                                          .c = o.c.data(),
                                          .ldc = p.n},
                                         o.b_panel.data());
                break;
            }
            narrowProduct({.rows = p.m,
                           .cols = p.n,
                           .depth = p.k,
                           .a = o.a.data(),
                           .a_row_stride = p.a_transposed ? 1 : o.lda,
                           .a_col_stride = p.a_transposed ? o.lda : 1,
                           .b = o.b.data(),
                           .ldb = o.ldb,
                           .c = o.c.data(),
                           .ldc = p.n});
            break;
        }
    }
}

// Largest |C − OpenBLAS's C| relative to the largest |C|: a backend wired wrong is not worth timing.
double errorAgainstOpenBlas(Backend backend, const Product& p) {
    Operands reference(p), candidate(p);
    multiply(Backend::openblas, p, reference);
    multiply(backend, p, candidate);
    double worst = 0, largest = 1e-30;
    for (std::size_t i = 0; i < reference.c.size(); ++i) {
        worst = std::max(worst, static_cast<double>(std::abs(reference.c[i] - candidate.c[i])));
        largest = std::max(largest, static_cast<double>(std::abs(reference.c[i])));
    }
    return worst / largest;
}

void runProduct(benchmark::State& state, Backend backend, Product p, Isa isa) {
    const Isa previous = activeIsa();
    setActiveIsa(isa);
    if (const double error = errorAgainstOpenBlas(backend, p); !(error < 1e-5)) {
        state.SkipWithError(("result differs from OpenBLAS by " + std::to_string(error)).c_str());
        setActiveIsa(previous);
        return;
    }
    Operands operands(p);
    multiply(backend, p, operands);  // warm-up: page faults, oneDNN's kernel generation
    for (auto _ : state) {
        multiply(backend, p, operands);
        benchmark::DoNotOptimize(operands.c.data());
        benchmark::ClobberMemory();
    }
    setActiveIsa(previous);
    state.counters["GFLOP/s"] =
        benchmark::Counter(2.0 * p.m * p.n * p.k * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void registerAll() {
    for (const Product& p : kProducts) {
        const std::string shape = std::string(p.name) + "/";
        benchmark::RegisterBenchmark((shape + "openblas").c_str(), runProduct, Backend::openblas, p,
                                     activeIsa());
        benchmark::RegisterBenchmark((shape + "onednn").c_str(), runProduct, Backend::onednn, p, activeIsa());
        for (Isa isa : {Isa::avx512, Isa::avx2, Isa::generic}) {
            if (!isaSupported(isa)) continue;
            benchmark::RegisterBenchmark((shape + "narrow-" + std::string(isaName(isa))).c_str(), runProduct,
                                         Backend::narrow, p, isa);
        }
    }
}

}  // namespace
}  // namespace attnscope

int main(int argc, char** argv) {
    openblas_set_num_threads(1);
    omp_set_num_threads(1);  // Debian's oneDNN runs on OpenMP: one thread, like one product per oneTBB task
    attnscope::registerAll();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
