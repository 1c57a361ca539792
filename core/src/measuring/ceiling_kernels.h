#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace attnscope {

// The vector ISAs the ceilings are measured with. Each kernel is compiled for its ISA with a GCC target
// attribute, so a portable build (no -march) has them too; which ones run is decided with the CPU's own
// answer (isaSupported(), the kernels' own test), never with the build's flags.
enum class VectorIsa { avx512f, avx2_fma };
inline constexpr VectorIsa kVectorIsas[] = {VectorIsa::avx512f, VectorIsa::avx2_fma};  // widest first

std::string_view isaName(VectorIsa isa);  // "avx512f", "avx2+fma"
int isaVectorBits(VectorIsa isa);
bool cpuSupports(VectorIsa isa);
// The widest ISA this CPU has, or nullopt for neither.
std::optional<VectorIsa> widestVectorIsa();

// `iterations` rounds of kFmaChains independent FMAs on `isa`'s float vectors. The CPU must support `isa`.
void runFmaChains(VectorIsa isa, std::int64_t iterations);
// The FLOPs runFmaChains does: 2 per lane per FMA.
double fmaChainFlops(VectorIsa isa, std::int64_t iterations);

// `steps` scalar FMAs, each waiting for the one before: their time is steps × the FMA latency. Needs FMA
// (cpuSupports(VectorIsa::avx2_fma)).
void runDependentFmaChain(std::int64_t steps);

// One pass of a[i] = b[i] + s·c[i] over `floats` elements (a multiple of 16, arrays 64-byte aligned), with
// `isa`'s vectors, or the build's own code for nullopt.
void runTriad(std::optional<VectorIsa> isa, float* a, const float* b, const float* c, float s,
              std::size_t floats);

}  // namespace attnscope
