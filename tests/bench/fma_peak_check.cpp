// A standalone cross-check of `attnscope peak`'s FMA figure (issue 18): 16 independent FMA chains of the
// widest vectors this build targets, written separately from core/src/measuring/ceiling_kernels.cpp (build
// flags instead of target attributes, converging chains instead of sign flips, its own timing). Run it
// beside `attnscope peak --remeasure` on an idle machine; the two should agree within 15%.
//
//   build/tests/bench/fma_peak_check [THREADS]     (default: every hardware thread)
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {

#if defined(__AVX512F__)
using Vector = __m512;
constexpr int kLanes = 16;
constexpr const char* kIsa = "avx512f (build flags)";
Vector broadcast(float x) {
    return _mm512_set1_ps(x);
}
Vector fma(Vector a, Vector b, Vector c) {
    return _mm512_fmadd_ps(a, b, c);
}
float first(Vector v) {
    return _mm512_cvtss_f32(v);
}
#elif defined(__AVX2__) && defined(__FMA__)
using Vector = __m256;
constexpr int kLanes = 8;
constexpr const char* kIsa = "avx2+fma (build flags)";
Vector broadcast(float x) {
    return _mm256_set1_ps(x);
}
Vector fma(Vector a, Vector b, Vector c) {
    return _mm256_fmadd_ps(a, b, c);
}
float first(Vector v) {
    return _mm256_cvtss_f32(v);
}
#else
#error "build with -march=native (or at least -mavx2 -mfma)"
#endif

constexpr int kChains = 16;
constexpr long kIterations = 20'000'000;  // 320 M FMAs per thread: ~0.1 s on one core
constexpr int kRuns = 10;

volatile float sink;

void chains() {
    Vector acc[kChains];
    for (int i = 0; i < kChains; ++i) acc[i] = broadcast(0.1f * static_cast<float>(i));
    const Vector x = broadcast(0.9999f), y = broadcast(0.0001f);  // converges to 1
    for (long it = 0; it < kIterations; ++it) {
#pragma GCC unroll 16
        for (int i = 0; i < kChains; ++i) acc[i] = fma(acc[i], x, y);
    }
    float total = 0;
    for (const Vector& v : acc) total += first(v);
    sink = total;
}

double gflops(int threads) {
    double best = 1e30;
    for (int run = 0; run < kRuns; ++run) {
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::thread> team;
        for (int t = 0; t < threads; ++t) team.emplace_back(chains);
        for (std::thread& thread : team) thread.join();
        best =
            std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return 2.0 * kLanes * kChains * static_cast<double>(kIterations) * threads / best * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : static_cast<int>(std::thread::hardware_concurrency());
    std::printf("%s, %d chains, best of %d runs\n", kIsa, kChains, kRuns);
    std::printf("1 thread: %.1f GFLOP/s\n", gflops(1));
    if (threads > 1) std::printf("%d threads: %.1f GFLOP/s\n", threads, gflops(threads));
    return 0;
}
