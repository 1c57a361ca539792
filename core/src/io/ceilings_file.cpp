#include "attnscope/io/ceilings_file.h"

#include "attnscope/measuring/system_info.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

namespace attnscope {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "attnscope-ceilings";
constexpr int kVersion = 1;

json measuredJson(const MeasuredValue& value) {
    if (value.measured()) return value.value;
    return {{"missing", value.missing}};
}

MeasuredValue measuredFromJson(const json& value, const std::string& field) {
    if (value.is_number()) return MeasuredValue::of(value.get<double>());
    if (value.is_object() && value.contains("missing") && value["missing"].is_string())
        return MeasuredValue::absent(value["missing"].get<std::string>());
    throw CeilingsFileError(field + ": expected a number or {\"missing\": reason}");
}

std::string errorText(int error) {
    return std::strerror(error);
}

}  // namespace

json cachesJson(const std::vector<CacheLevel>& caches) {
    json list = json::array();
    for (const CacheLevel& cache : caches) {
        list.push_back({{"type", cache.type},
                        {"level", cache.level},
                        {"size", cache.bytes},
                        {"num_sharing", cache.num_sharing}});
    }
    return list;
}

json ceilingsToJson(const MachineCeilings& ceilings) {
    json fma = json::array();
    for (const FmaPeak& peak : ceilings.fma) {
        fma.push_back({{"isa", peak.isa},
                       {"unit", "GFLOP/s"},
                       {"one_thread", measuredJson(peak.one_thread)},
                       {"many_threads", measuredJson(peak.many_threads)}});
    }
    json bandwidth = json::array();
    for (const Bandwidth& level : ceilings.bandwidth) {
        bandwidth.push_back({{"level", level.level},
                             {"unit", "GB/s"},
                             {"one_thread_bytes", level.one_thread_bytes},
                             {"per_thread_bytes", level.per_thread_bytes},
                             {"one_thread", measuredJson(level.one_thread)},
                             {"many_threads", measuredJson(level.many_threads)}});
    }
    return {{"cpu_model", ceilings.cpu_model},
            {"threads", ceilings.threads},
            {"measured_at", ceilings.measured_at},
            {"hardware_threads", ceilings.topology.hardware_threads},
            {"physical_cores", ceilings.topology.physical_cores},
            {"caches", cachesJson(ceilings.topology.caches)},
            {"clock_ghz", measuredJson(ceilings.clock_ghz)},
            {"clock_fma_latency_cycles", kFmaLatencyCycles},
            {"fma_chains", kFmaChains},
            {"fma", fma},
            {"triad_isa", ceilings.triad_isa},
            {"triad_bytes_per_element", 3 * sizeof(float)},
            {"bandwidth", bandwidth}};
}

MachineCeilings ceilingsFromJson(const json& root) {
    try {
        MachineCeilings ceilings;
        ceilings.cpu_model = root.at("cpu_model").get<std::string>();
        ceilings.threads = root.at("threads").get<int>();
        if (ceilings.threads < 1) throw CeilingsFileError("threads: expected 1 or more");
        ceilings.measured_at = root.at("measured_at").get<std::string>();
        ceilings.topology.hardware_threads = root.at("hardware_threads").get<int>();
        ceilings.topology.physical_cores = root.at("physical_cores").get<int>();
        for (const json& cache : root.at("caches")) {
            ceilings.topology.caches.push_back(
                {cache.at("level").get<int>(), cache.at("type").get<std::string>(),
                 cache.at("size").get<std::uint64_t>(), cache.at("num_sharing").get<int>()});
        }
        ceilings.clock_ghz = measuredFromJson(root.at("clock_ghz"), "clock_ghz");
        for (const json& peak : root.at("fma")) {
            const std::string isa = peak.at("isa").get<std::string>();
            ceilings.fma.push_back(
                {isa, measuredFromJson(peak.at("one_thread"), "fma " + isa + " one_thread"),
                 measuredFromJson(peak.at("many_threads"), "fma " + isa + " many_threads")});
        }
        ceilings.triad_isa = root.at("triad_isa").get<std::string>();
        for (const json& level : root.at("bandwidth")) {
            const std::string name = level.at("level").get<std::string>();
            ceilings.bandwidth.push_back(
                {name, level.at("one_thread_bytes").get<std::uint64_t>(),
                 level.at("per_thread_bytes").get<std::uint64_t>(),
                 measuredFromJson(level.at("one_thread"), "bandwidth " + name + " one_thread"),
                 measuredFromJson(level.at("many_threads"), "bandwidth " + name + " many_threads")});
        }
        return ceilings;
    } catch (const json::exception& error) {
        throw CeilingsFileError(std::string("not machine ceilings: ") + error.what());
    }
}

fs::path ceilingsCachePath() {
    fs::path base;
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && fs::path(xdg).is_absolute()) {
        base = xdg;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        base = fs::path(home) / ".cache";
    } else {
        return {};
    }
    return base / "attnscope" / "ceilings.json";
}

namespace {

// Every entry of a cache file; empty when there is no usable file.
json cachedEntries(const fs::path& file) {
    std::ifstream in(file);
    if (!in) return json::array();
    const json root = json::parse(in, nullptr, false);
    if (root.is_discarded() || !root.is_object() || root.value("format", "") != kFormat ||
        !root.contains("entries") || !root["entries"].is_array())
        return json::array();
    return root["entries"];
}

bool sameKey(const json& entry, const std::string& cpu_model, int threads) {
    return entry.is_object() && entry.value("cpu_model", "") == cpu_model &&
           entry.value("threads", 0) == threads;
}

}  // namespace

std::optional<MachineCeilings> readCachedCeilings(const fs::path& file, const std::string& cpu_model,
                                                  int threads) {
    for (const json& entry : cachedEntries(file)) {
        if (!sameKey(entry, cpu_model, threads)) continue;
        try {
            return ceilingsFromJson(entry);
        } catch (const CeilingsFileError&) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

void writeCachedCeilings(const fs::path& file, const MachineCeilings& ceilings) {
    json entries = json::array();
    for (const json& entry : cachedEntries(file)) {
        if (!sameKey(entry, ceilings.cpu_model, ceilings.threads)) entries.push_back(entry);
    }
    entries.push_back(ceilingsToJson(ceilings));
    const json root = {{"format", kFormat}, {"version", kVersion}, {"entries", entries}};
    const std::string text = root.dump(2) + "\n";

    std::error_code error;
    if (file.has_parent_path()) fs::create_directories(file.parent_path(), error);
    if (error)
        throw CeilingsFileError("cannot create " + file.parent_path().string() + ": " + error.message());
    // Beside the file, so the rename stays within one file system; the pid keeps two writers apart.
    const fs::path temporary = file.string() + ".tmp" + std::to_string(::getpid());
    std::FILE* out = std::fopen(temporary.c_str(), "w");
    if (!out) throw CeilingsFileError("cannot write " + temporary.string() + ": " + errorText(errno));
    const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size() &&
                         std::fflush(out) == 0 && ::fsync(::fileno(out)) == 0;
    const int write_error = errno;
    if (std::fclose(out) != 0 || !written) {
        fs::remove(temporary, error);
        throw CeilingsFileError("cannot write " + temporary.string() + ": " + errorText(write_error));
    }
    if (std::rename(temporary.c_str(), file.c_str()) != 0) {
        const int rename_error = errno;
        fs::remove(temporary, error);
        throw CeilingsFileError("cannot replace " + file.string() + ": " + errorText(rename_error));
    }
}

std::optional<MachineCeilings> cachedCeilings(int threads) {
    const std::filesystem::path cache = ceilingsCachePath();
    if (cache.empty()) return std::nullopt;
    if (auto ceilings = readCachedCeilings(cache, cpuModelName(), threads)) return ceilings;
    // Every entry has the single-thread figures too.
    if (threads == 1) return readCachedCeilings(cache, cpuModelName(), hardwareThreads());
    return std::nullopt;
}

}  // namespace attnscope
