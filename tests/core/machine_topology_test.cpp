// Cores, hardware threads and caches read from a sysfs tree built in a temporary directory.
#include "attnscope/measuring/machine_topology.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "temp_dir.h"

namespace attnscope {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;

TEST(MachineTopology, ReadsCoresThreadsAndCachesFromSysfs) {
    const test::TempDir root;
    auto write = [&](const fs::path& file, const std::string& text) {
        fs::create_directories((root.path() / file).parent_path());
        root.write(file.string(), text + "\n");
    };
    // Two cores with two hardware threads each (cpu0/cpu2 and cpu1/cpu3); cpu4 is offline (no topology).
    const int core_of[] = {0, 1, 0, 1};
    for (int cpu = 0; cpu < 4; ++cpu) {
        const fs::path topology = "cpu" + std::to_string(cpu) + "/topology";
        write(topology / "core_id", std::to_string(core_of[cpu]));
        write(topology / "physical_package_id", "0");
    }
    fs::create_directories(root.path() / "cpu4");
    const fs::path cache = "cpu0/cache";
    auto writeCache = [&](int index, int level, const char* type, const char* size, const char* shared) {
        const fs::path dir = cache / ("index" + std::to_string(index));
        write(dir / "level", std::to_string(level));
        write(dir / "type", type);
        write(dir / "size", size);
        write(dir / "shared_cpu_list", shared);
    };
    // Written out of order: the result follows the index numbers.
    writeCache(2, 2, "Unified", "1024K", "0,2");
    writeCache(0, 1, "Data", "32K", "0,2");
    writeCache(1, 1, "Instruction", "32K", "0,2");
    writeCache(10, 3, "Unified", "32M", "0-3");
    write("online", "0-3");

    const MachineTopology topology = readMachineTopology(root.path());
    EXPECT_EQ(topology.hardware_threads, 4);
    EXPECT_EQ(topology.physical_cores, 2);
    ASSERT_EQ(topology.caches.size(), 4u);
    EXPECT_EQ(topology.caches[0], (CacheLevel{1, "Data", 32 * kKiB, 2}));
    EXPECT_EQ(topology.caches[1].type, "Instruction");
    EXPECT_EQ(topology.caches[2], (CacheLevel{2, "Unified", 1 * kMiB, 2}));
    EXPECT_EQ(topology.caches[3], (CacheLevel{3, "Unified", 32 * kMiB, 4}));
    EXPECT_EQ(topology.dataCache(1)->type, "Data");
    EXPECT_EQ(topology.instances(*topology.dataCache(2)), 2);
    EXPECT_EQ(topology.instances(*topology.dataCache(3)), 1);
}

TEST(MachineTopology, NoSysfsMeansNothingKnownRatherThanGuesses) {
    const test::TempDir root;
    const MachineTopology topology = readMachineTopology(root.path() / "absent");
    EXPECT_EQ(topology.hardware_threads, 0);
    EXPECT_EQ(topology.physical_cores, 0);
    EXPECT_TRUE(topology.caches.empty());
    EXPECT_EQ(topology.dataCache(1), nullptr);
}

}  // namespace
}  // namespace attnscope
