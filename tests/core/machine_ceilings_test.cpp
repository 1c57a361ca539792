// Machine ceilings: the working set of each level, and a machine whose topology lacks a level. The figures
// themselves are timings: only checked to be positive.
#include "attnscope/measuring/machine_ceilings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace attnscope {
namespace {

using ::testing::HasSubstr;

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;
constexpr std::uint64_t kMemory = 64ull << 30;

// Two cores without SMT, private L1d and L2, one shared L3: the 2-vCPU VM these docs were written on.
MachineTopology twoCoreTopology() {
    MachineTopology topology;
    topology.hardware_threads = 2;
    topology.physical_cores = 2;
    topology.caches = {{1, "Data", 48 * kKiB, 1},
                       {1, "Instruction", 32 * kKiB, 1},
                       {2, "Unified", 1280 * kKiB, 1},
                       {3, "Unified", 48 * kMiB, 2}};
    return topology;
}

const TriadBuffer& level(const std::vector<TriadBuffer>& buffers, const std::string& name) {
    for (const TriadBuffer& buffer : buffers) {
        if (buffer.level == name) return buffer;
    }
    throw std::runtime_error("no level " + name);
}

TEST(TriadBuffers, HalfOfEachThreadsShareOfACacheAndFourTimesTheLastLevelForDram) {
    const auto one = triadBuffers(twoCoreTopology(), 1, kMemory);
    ASSERT_EQ(one.size(), 4u);
    EXPECT_EQ(one[0].level, "L1");
    EXPECT_EQ(level(one, "L1").bytes_per_thread, 24 * kKiB);
    // 640 KiB rounded down to three arrays of whole 64-byte lines.
    EXPECT_EQ(level(one, "L2").bytes_per_thread, 640 * kKiB / 192 * 192);
    EXPECT_EQ(level(one, "L3").bytes_per_thread, 24 * kMiB);
    EXPECT_EQ(level(one, "DRAM").bytes_per_thread, 192 * kMiB);
    for (const TriadBuffer& buffer : one) EXPECT_EQ(buffer.missing, "") << buffer.level;

    // Two threads: private caches are one per thread, the shared L3 and DRAM's working set are split.
    const auto two = triadBuffers(twoCoreTopology(), 2, kMemory);
    EXPECT_EQ(level(two, "L1").bytes_per_thread, 24 * kKiB);
    EXPECT_EQ(level(two, "L3").bytes_per_thread, 12 * kMiB);
    EXPECT_EQ(level(two, "DRAM").bytes_per_thread, 96 * kMiB);
}

TEST(TriadBuffers, ThreadsSharingACoreShareItsCaches) {
    MachineTopology smt;
    smt.hardware_threads = 4;
    smt.physical_cores = 2;
    smt.caches = {{1, "Data", 32 * kKiB, 2}, {2, "Unified", 1 * kMiB, 2}};
    EXPECT_EQ(level(triadBuffers(smt, 2, kMemory), "L1").bytes_per_thread, 16 * kKiB / 192 * 192);
    EXPECT_EQ(level(triadBuffers(smt, 4, kMemory), "L1").bytes_per_thread, 8 * kKiB / 192 * 192);
}

TEST(TriadBuffers, EveryArrayIsWholeCacheLines) {
    for (int threads : {1, 2, 3, 7}) {
        for (const TriadBuffer& buffer : triadBuffers(twoCoreTopology(), threads, kMemory))
            EXPECT_EQ(buffer.bytes_per_thread % (3 * 64), 0u) << buffer.level << " on " << threads;
    }
}

TEST(TriadBuffers, ALevelTheMachineDoesNotReportIsMissingWithItsReason) {
    MachineTopology topology = twoCoreTopology();
    topology.caches.pop_back();  // no L3
    const auto buffers = triadBuffers(topology, 1, kMemory);
    EXPECT_EQ(level(buffers, "L3").bytes_per_thread, 0u);
    EXPECT_EQ(level(buffers, "L3").missing, "no L3 data cache reported");
    EXPECT_EQ(level(buffers, "DRAM").bytes_per_thread, 4 * 2 * 1280 * kKiB / 192 * 192)
        << "four times the outermost level there is, both of its instances";
}

TEST(TriadBuffers, DramLargerThanAQuarterOfTheMemoryIsMissing) {
    const auto buffers = triadBuffers(twoCoreTopology(), 1, 512 * kMiB);
    EXPECT_EQ(level(buffers, "DRAM").bytes_per_thread, 0u);
    EXPECT_THAT(level(buffers, "DRAM").missing, HasSubstr("more than a quarter of the memory"));
}

TEST(MeasureCeilings, AMachineWithoutL2AndL3ReportsThemMissingAndMeasuresTheRest) {
    // A small L1 only, so that DRAM's working set (4 × L1) is small and the test quick.
    MachineTopology topology;
    topology.hardware_threads = 1;
    topology.physical_cores = 1;
    topology.caches = {{1, "Data", 32 * kKiB, 1}};
    const MachineCeilings ceilings = measureCeilings(1, topology);
    EXPECT_EQ(ceilings.threads, 1);
    ASSERT_EQ(ceilings.bandwidth.size(), 4u);
    EXPECT_TRUE(ceilings.bandwidth[0].one_thread.measured());
    EXPECT_GT(ceilings.bandwidth[0].one_thread.value, 0);
    for (int i : {1, 2}) {
        const Bandwidth& missing = ceilings.bandwidth[static_cast<std::size_t>(i)];
        EXPECT_FALSE(missing.one_thread.measured()) << missing.level;
        EXPECT_EQ(missing.one_thread.missing, "no " + missing.level + " data cache reported");
        EXPECT_EQ(missing.many_threads, missing.one_thread);
    }
    EXPECT_EQ(ceilings.bandwidth[3].level, "DRAM");
    EXPECT_GT(ceilings.bandwidth[3].one_thread.value, 0);
    ASSERT_EQ(ceilings.fma.size(), 2u);
    for (const FmaPeak& peak : ceilings.fma) {
        if (peak.one_thread.measured()) {
            EXPECT_GT(peak.one_thread.value, 0) << peak.isa;
        } else {
            EXPECT_THAT(peak.one_thread.missing, HasSubstr("this CPU has no")) << peak.isa;
        }
    }
}

}  // namespace
}  // namespace attnscope
