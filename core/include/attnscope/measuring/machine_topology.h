#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace attnscope {

// One level of cache as the kernel describes it for cpu0: Google Benchmark's context fields (type, level,
// size, num_sharing), so the results JSON can list them as it does.
struct CacheLevel {
    int level = 0;
    std::string type;         // "Data", "Instruction" or "Unified"
    std::uint64_t bytes = 0;  // one instance
    int num_sharing = 1;      // hardware threads sharing one instance
    bool operator==(const CacheLevel&) const = default;
};

struct MachineTopology {
    int hardware_threads = 0;
    int physical_cores = 0;
    std::vector<CacheLevel> caches;  // in sysfs order: by level, data before instruction

    // The cache that holds data at `level` (Data or Unified), or null when none is reported.
    const CacheLevel* dataCache(int level) const;
    // How many instances of `cache` the machine has (at least 1).
    int instances(const CacheLevel& cache) const;
    bool operator==(const MachineTopology&) const = default;
};

// Reads cores, hardware threads and caches from sysfs (`cpu_root`, normally /sys/devices/system/cpu): the
// same files hwloc reads on Linux, without adding a library for them. What is missing stays empty (no caches,
// 0 cores), never an invented value.
MachineTopology readMachineTopology(const std::filesystem::path& cpu_root = "/sys/devices/system/cpu");

// readMachineTopology() of this machine, read once per process.
const MachineTopology& machineTopology();

}  // namespace attnscope
