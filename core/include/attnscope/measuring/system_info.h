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
// Which variant of the hand-written kernels runs (isa.h): "avx512", or "avx2 (forced; this CPU runs avx512)".
std::string kernelIsaDescription();
// The local time now, ISO 8601 with its UTC offset: "2026-12-02T14:03:11+0100".
std::string localIsoTime();

}  // namespace attnscope
