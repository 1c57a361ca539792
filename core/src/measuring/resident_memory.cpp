#include "attnscope/measuring/resident_memory.h"

#include <fstream>

#include "attnscope/measuring/system_info.h"

namespace attnscope {

bool resetPeakResident() {
    // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+, proc(5)).
    std::ofstream clear_refs("/proc/self/clear_refs");
    clear_refs << "5";
    clear_refs.flush();
    return static_cast<bool>(clear_refs);
}

PeakResidentGrowth::PeakResidentGrowth() {
    if (resetPeakResident()) {
        const std::uint64_t now = residentBytes();
        if (now > 0) start_ = now;
    }
}

std::optional<std::uint64_t> PeakResidentGrowth::bytes() const {
    const std::uint64_t peak = peakResidentBytes();
    if (!start_ || peak == 0) return std::nullopt;
    return peak > *start_ ? peak - *start_ : 0;
}

}  // namespace attnscope
