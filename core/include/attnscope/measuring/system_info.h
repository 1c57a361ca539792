#pragma once
#include <cstdint>
#include <string>

namespace attnscope {

int hardwareThreads();
std::uint64_t physicalMemoryBytes();
std::string cpuModelName();
// Resident set size now and at its peak, from /proc/self/status (0 where unavailable).
std::uint64_t residentBytes();
std::uint64_t peakResidentBytes();
std::string compilerDescription();
std::string eigenVersion();
// Who computes the matrix products: "OpenBLAS 0.3.21 (SkylakeX kernels, serial)" or "Eigen".
std::string blasDescription();
std::string tbbVersion();
std::string simdInstructionSets();

}  // namespace attnscope
