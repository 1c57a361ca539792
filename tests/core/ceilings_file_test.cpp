// The ceilings' JSON and the per-user cache file: exact round trips, one entry per CPU model and thread
// count, atomic replacement, and a broken cache treated as none.
#include "attnscope/io/ceilings_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "temp_dir.h"

namespace attnscope {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;
using test::ScopedEnvironment;

MachineCeilings sampleCeilings(int threads, double fma_gflops) {
    MachineCeilings c;
    c.cpu_model = "Test CPU @ 2.80GHz";
    c.threads = threads;
    c.measured_at = "2026-12-02T10:00:00+0000";
    c.topology.hardware_threads = 2;
    c.topology.physical_cores = 2;
    c.topology.caches = {{1, "Data", 49152, 1}, {2, "Unified", 1310720, 1}, {3, "Unified", 50331648, 2}};
    c.clock_ghz = MeasuredValue::of(3.1);
    c.fma = {{"avx512f", MeasuredValue::of(fma_gflops), MeasuredValue::of(2 * fma_gflops)},
             {"avx2+fma", MeasuredValue::of(fma_gflops / 2), MeasuredValue::of(fma_gflops)}};
    c.triad_isa = "avx512f";
    c.bandwidth = {{"L1", 24576, 24576, MeasuredValue::of(180.5), MeasuredValue::of(350.25)},
                   {"L2", 655296, 655296, MeasuredValue::of(90), MeasuredValue::of(170)},
                   {"L3", 0, 0, MeasuredValue::absent("no L3 data cache reported"),
                    MeasuredValue::absent("no L3 data cache reported")},
                   {"DRAM", 201326592, 100663296, MeasuredValue::of(11.5), MeasuredValue::of(14)}};
    return c;
}

TEST(CeilingsJson, RoundTripsExactlyWithMissingFigures) {
    const MachineCeilings ceilings = sampleCeilings(2, 171.25);
    const nlohmann::json json = ceilingsToJson(ceilings);
    EXPECT_EQ(ceilingsFromJson(json), ceilings);
    // And through text, as the cache file stores it.
    EXPECT_EQ(ceilingsFromJson(nlohmann::json::parse(json.dump(2))), ceilings);
}

TEST(CeilingsJson, MissingFiguresAreObjectsWithTheReasonNotZeros) {
    const nlohmann::json json = ceilingsToJson(sampleCeilings(2, 100));
    const nlohmann::json& l3 = json["bandwidth"][2];
    EXPECT_EQ(l3["level"], "L3");
    EXPECT_EQ(l3["one_thread"]["missing"], "no L3 data cache reported");
    EXPECT_EQ(json["bandwidth"][0]["one_thread"], 180.5);
    EXPECT_EQ(json["caches"][0],
              (nlohmann::json{{"type", "Data"}, {"level", 1}, {"size", 49152}, {"num_sharing", 1}}));
    EXPECT_EQ(json["triad_bytes_per_element"], 12);
    EXPECT_EQ(json["clock_fma_latency_cycles"], 4);
}

TEST(CeilingsJson, RejectsWhatIsNotCeilingsNamingTheField) {
    nlohmann::json json = ceilingsToJson(sampleCeilings(1, 100));
    json["fma"][0]["one_thread"] = "fast";
    try {
        ceilingsFromJson(json);
        FAIL();
    } catch (const CeilingsFileError& error) {
        EXPECT_THAT(error.what(), HasSubstr("fma avx512f one_thread"));
    }
    json = ceilingsToJson(sampleCeilings(1, 100));
    json.erase("bandwidth");
    EXPECT_THROW(ceilingsFromJson(json), CeilingsFileError);
    json = ceilingsToJson(sampleCeilings(1, 100));
    json["threads"] = 0;
    EXPECT_THROW(ceilingsFromJson(json), CeilingsFileError);
}

TEST(CeilingsCache, LivesUnderXdgCacheHomeElseHomeDotCache) {
    {
        const ScopedEnvironment xdg("XDG_CACHE_HOME", "/tmp/xdg-cache");
        EXPECT_EQ(ceilingsCachePath(), fs::path("/tmp/xdg-cache/attnscope/ceilings.json"));
    }
    const ScopedEnvironment home("HOME", "/home/someone");
    {
        const ScopedEnvironment xdg("XDG_CACHE_HOME", std::nullopt);
        EXPECT_EQ(ceilingsCachePath(), fs::path("/home/someone/.cache/attnscope/ceilings.json"));
    }
    {
        // The XDG spec: a relative path is invalid and is ignored.
        const ScopedEnvironment xdg("XDG_CACHE_HOME", "relative/cache");
        EXPECT_EQ(ceilingsCachePath(), fs::path("/home/someone/.cache/attnscope/ceilings.json"));
    }
}

TEST(CeilingsCache, KeepsOneEntryPerCpuModelAndThreadCount) {
    const test::TempDir dir;
    const ScopedEnvironment xdg("XDG_CACHE_HOME", dir.path().string());
    const fs::path file = ceilingsCachePath();
    EXPECT_FALSE(readCachedCeilings(file, "Test CPU @ 2.80GHz", 1)) << "no file yet";

    writeCachedCeilings(file, sampleCeilings(1, 100));  // creates attnscope/ under the cache home
    writeCachedCeilings(file, sampleCeilings(2, 110));
    EXPECT_EQ(readCachedCeilings(file, "Test CPU @ 2.80GHz", 1), sampleCeilings(1, 100));
    EXPECT_EQ(readCachedCeilings(file, "Test CPU @ 2.80GHz", 2), sampleCeilings(2, 110));
    EXPECT_FALSE(readCachedCeilings(file, "Test CPU @ 2.80GHz", 4));
    EXPECT_FALSE(readCachedCeilings(file, "Another CPU", 1));

    // Measuring again replaces that entry only.
    writeCachedCeilings(file, sampleCeilings(2, 120));
    EXPECT_EQ(readCachedCeilings(file, "Test CPU @ 2.80GHz", 2), sampleCeilings(2, 120));
    EXPECT_EQ(readCachedCeilings(file, "Test CPU @ 2.80GHz", 1), sampleCeilings(1, 100));
    const auto root = nlohmann::json::parse(std::ifstream(file));
    EXPECT_EQ(root["format"], "attnscope-ceilings");
    EXPECT_EQ(root["entries"].size(), 2u);
    // Nothing but the file itself is left beside it: the temporary was renamed over it.
    int files = 0;
    for (const auto& entry : fs::directory_iterator(file.parent_path())) {
        EXPECT_EQ(entry.path().filename(), "ceilings.json");
        ++files;
    }
    EXPECT_EQ(files, 1);
}

TEST(CeilingsCache, ABrokenFileIsNoCacheAndIsReplaced) {
    const test::TempDir dir;
    const fs::path file = dir.write("ceilings.json", "{\"format\": \"attnscope-ceilings\", \"entries\": [");
    EXPECT_FALSE(readCachedCeilings(file, "Test CPU @ 2.80GHz", 1));
    writeCachedCeilings(file, sampleCeilings(1, 100));
    EXPECT_EQ(readCachedCeilings(file, "Test CPU @ 2.80GHz", 1), sampleCeilings(1, 100));

    // An entry with the right key but a broken body is no cache either.
    nlohmann::json entry = ceilingsToJson(sampleCeilings(1, 100));
    entry.erase("fma");
    dir.write("ceilings.json", nlohmann::json{{"format", "attnscope-ceilings"}, {"entries", {entry}}}.dump());
    EXPECT_FALSE(readCachedCeilings(file, "Test CPU @ 2.80GHz", 1));
}

TEST(CeilingsCache, AnUnwritableDirectoryIsAnErrorNamingThePath) {
    try {
        writeCachedCeilings("/proc/attnscope/ceilings.json", sampleCeilings(1, 100));
        FAIL();
    } catch (const CeilingsFileError& error) {
        EXPECT_THAT(error.what(), HasSubstr("/proc/attnscope"));
    }
}

}  // namespace
}  // namespace attnscope
