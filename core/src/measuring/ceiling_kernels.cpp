#include "ceiling_kernels.h"

#include <immintrin.h>

#include "attnscope/kernels/isa.h"
#include "attnscope/measuring/machine_ceilings.h"

namespace attnscope {

namespace {

// Keeps the accumulators' final values observable, so the compiler cannot drop the chains.
volatile float g_sink = 0;

// Each chain steps acc ← acc · (−2) + acc = −acc: exact, so the values never overflow nor turn denormal
// however long it runs.
constexpr float kMultiplier = -2.0f;

__attribute__((target("avx512f"))) void fmaChainsAvx512(std::int64_t iterations) {
    __m512 acc[kFmaChains];
    for (int i = 0; i < kFmaChains; ++i) acc[i] = _mm512_set1_ps(static_cast<float>(i + 1));
    const __m512 m = _mm512_set1_ps(kMultiplier);
    for (std::int64_t it = 0; it < iterations; ++it) {
#pragma GCC unroll 16
        for (int i = 0; i < kFmaChains; ++i) acc[i] = _mm512_fmadd_ps(acc[i], m, acc[i]);
    }
    __m512 sum = acc[0];
    for (int i = 1; i < kFmaChains; ++i) sum = _mm512_add_ps(sum, acc[i]);
    alignas(64) float lanes[16];
    _mm512_store_ps(lanes, sum);
    float total = 0;
    for (float lane : lanes) total += lane;
    g_sink = total;
}

// AVX2 has 16 vector registers, all taken by the chains, so the multiplier is read from memory by each FMA
// (vfmadd132ps with a memory operand; two loads per cycle keep up with two FMAs). The empty asm makes the
// pointer opaque, so the compiler neither hoists the load into a register nor spills an accumulator.
alignas(32) const float kMultiplierLanes[8] = {kMultiplier, kMultiplier, kMultiplier, kMultiplier,
                                               kMultiplier, kMultiplier, kMultiplier, kMultiplier};

__attribute__((target("avx2,fma"))) void fmaChainsAvx2(std::int64_t iterations) {
    __m256 acc[kFmaChains];
    for (int i = 0; i < kFmaChains; ++i) acc[i] = _mm256_set1_ps(static_cast<float>(i + 1));
    const float* multiplier = kMultiplierLanes;
    for (std::int64_t it = 0; it < iterations; ++it) {
#pragma GCC unroll 16
        for (int i = 0; i < kFmaChains; ++i) {
            asm("" : "+r"(multiplier));
            acc[i] = _mm256_fmadd_ps(acc[i], _mm256_load_ps(multiplier), acc[i]);
        }
    }
    __m256 sum = acc[0];
    for (int i = 1; i < kFmaChains; ++i) sum = _mm256_add_ps(sum, acc[i]);
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, sum);
    float total = 0;
    for (float lane : lanes) total += lane;
    g_sink = total;
}

__attribute__((target("fma"))) void dependentFmaChain(std::int64_t steps) {
    __m128 x = _mm_set_ss(1.0f);
    const __m128 m = _mm_set_ss(kMultiplier);
    for (std::int64_t i = 0; i < steps; ++i) x = _mm_fmadd_ss(x, m, x);
    g_sink = _mm_cvtss_f32(x);
}

__attribute__((target("avx512f"))) void triadAvx512(float* a, const float* b, const float* c, float s,
                                                    std::size_t floats) {
    const __m512 scale = _mm512_set1_ps(s);
    for (std::size_t i = 0; i < floats; i += 16)
        _mm512_store_ps(a + i, _mm512_fmadd_ps(scale, _mm512_load_ps(c + i), _mm512_load_ps(b + i)));
}

__attribute__((target("avx2,fma"))) void triadAvx2(float* a, const float* b, const float* c, float s,
                                                   std::size_t floats) {
    const __m256 scale = _mm256_set1_ps(s);
    for (std::size_t i = 0; i < floats; i += 8)
        _mm256_store_ps(a + i, _mm256_fmadd_ps(scale, _mm256_load_ps(c + i), _mm256_load_ps(b + i)));
}

void triadPlain(float* __restrict a, const float* __restrict b, const float* __restrict c, float s,
                std::size_t floats) {
    for (std::size_t i = 0; i < floats; ++i) a[i] = b[i] + s * c[i];
}

}  // namespace

std::string_view isaName(VectorIsa isa) {
    return isa == VectorIsa::avx512f ? "avx512f" : "avx2+fma";
}

int isaVectorBits(VectorIsa isa) {
    return isa == VectorIsa::avx512f ? 512 : 256;
}

bool cpuSupports(VectorIsa isa) {
    return isaSupported(isa == VectorIsa::avx512f ? Isa::avx512 : Isa::avx2);
}

std::optional<VectorIsa> widestVectorIsa() {
    for (VectorIsa isa : kVectorIsas) {
        if (cpuSupports(isa)) return isa;
    }
    return std::nullopt;
}

void runFmaChains(VectorIsa isa, std::int64_t iterations) {
    if (isa == VectorIsa::avx512f) {
        fmaChainsAvx512(iterations);
    } else {
        fmaChainsAvx2(iterations);
    }
}

double fmaChainFlops(VectorIsa isa, std::int64_t iterations) {
    const int lanes = isaVectorBits(isa) / 32;
    return 2.0 * lanes * kFmaChains * static_cast<double>(iterations);
}

void runDependentFmaChain(std::int64_t steps) {
    dependentFmaChain(steps);
}

void runTriad(std::optional<VectorIsa> isa, float* a, const float* b, const float* c, float s,
              std::size_t floats) {
    if (!isa) {
        triadPlain(a, b, c, s, floats);
    } else if (*isa == VectorIsa::avx512f) {
        triadAvx512(a, b, c, s, floats);
    } else {
        triadAvx2(a, b, c, s, floats);
    }
}

}  // namespace attnscope
