#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace attnscope {

// The vector instruction set the hand-written kernels (narrow product, softmax rows) run with. One binary
// carries every variant; the widest the CPU supports is chosen at start, so a portable build loses nothing
// on an AVX-512 machine. Matrix products that go to OpenBLAS follow OpenBLAS's own choice.
enum class Isa : std::uint8_t { generic, avx2, avx512 };

inline constexpr Isa kAllIsas[] = {Isa::generic, Isa::avx2, Isa::avx512};

// "generic", "avx2" or "avx512".
const char* isaName(Isa isa);
std::optional<Isa> parseIsa(std::string_view name);

// Whether this CPU runs the variant: avx2 needs AVX2 and FMA, avx512 needs AVX-512F.
bool isaSupported(Isa isa);
// The widest variant this CPU runs.
Isa widestSupportedIsa();

// The variant the kernels use now. At first use it is ATTNSCOPE_ISA when that names a variant this CPU runs,
// the widest supported one otherwise (see isaNotice()).
Isa activeIsa();
// Forces a variant (tests, comparisons). Returns false, and changes nothing, when the CPU cannot run it.
bool setActiveIsa(Isa isa);

// The variant for a requested name (ATTNSCOPE_ISA's value, null when unset): that one when this CPU runs it,
// else the widest supported, with a notice that says why the request was not followed.
struct IsaChoice {
    Isa isa = Isa::generic;
    std::string notice;
};
IsaChoice chooseIsa(const char* requested);

// Why ATTNSCOPE_ISA was not followed, for a command's stderr; empty when it is unset or followed.
std::string isaNotice();

}  // namespace attnscope
