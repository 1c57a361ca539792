#pragma once
#include <cstdint>
#include <optional>

namespace attnscope {

// Resets the kernel's resident-set high-water mark (VmHWM) to the current resident set, so that
// peakResidentBytes() (system_info.h) afterwards is the peak of what ran in between. False where /proc does
// not allow it.
bool resetPeakResident();

// Measures how far the resident set rose above its starting point while the scope was alive.
class PeakResidentGrowth {
public:
    PeakResidentGrowth();
    // Bytes of peak growth; nullopt when the peak could not be reset or read.
    std::optional<std::uint64_t> bytes() const;

private:
    std::optional<std::uint64_t> start_;
};

}  // namespace attnscope
