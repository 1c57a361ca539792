#include "attnscope/kernels/isa.h"

#include <atomic>
#include <cstdlib>

namespace attnscope {

namespace {

constexpr const char* kIsaVariable = "ATTNSCOPE_ISA";

const IsaChoice& initialChoice() {
    static const IsaChoice choice = chooseIsa(std::getenv(kIsaVariable));
    return choice;
}

std::atomic<Isa>& activeSlot() {
    static std::atomic<Isa> active{initialChoice().isa};
    return active;
}

}  // namespace

const char* isaName(Isa isa) {
    switch (isa) {
        case Isa::generic:
            return "generic";
        case Isa::avx2:
            return "avx2";
        case Isa::avx512:
            return "avx512";
    }
    return "generic";
}

std::optional<Isa> parseIsa(std::string_view name) {
    for (Isa isa : kAllIsas) {
        if (name == isaName(isa)) return isa;
    }
    return std::nullopt;
}

bool isaSupported(Isa isa) {
    // The answer may be wanted before libgcc's own constructor has read cpuid.
    __builtin_cpu_init();
    switch (isa) {
        case Isa::generic:
            return true;
        case Isa::avx2:
            return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        case Isa::avx512:
            return __builtin_cpu_supports("avx512f") && isaSupported(Isa::avx2);
    }
    return false;
}

Isa widestSupportedIsa() {
    if (isaSupported(Isa::avx512)) return Isa::avx512;
    if (isaSupported(Isa::avx2)) return Isa::avx2;
    return Isa::generic;
}

Isa activeIsa() {
    return activeSlot().load(std::memory_order_relaxed);
}

bool setActiveIsa(Isa isa) {
    if (!isaSupported(isa)) return false;
    activeSlot().store(isa, std::memory_order_relaxed);
    return true;
}

IsaChoice chooseIsa(const char* requested) {
    const Isa widest = widestSupportedIsa();
    if (requested == nullptr || *requested == '\0') return {widest, {}};
    const std::optional<Isa> parsed = parseIsa(requested);
    if (!parsed) {
        return {widest, std::string(kIsaVariable) + "=" + requested +
                            " is not one of generic, avx2, avx512; the kernels use " + isaName(widest)};
    }
    if (!isaSupported(*parsed)) {
        return {widest, std::string(kIsaVariable) + "=" + requested +
                            " needs instructions this CPU lacks; the kernels use " + isaName(widest) +
                            ", the widest it runs"};
    }
    return {*parsed, {}};
}

std::string isaNotice() {
    return initialChoice().notice;
}

}  // namespace attnscope
