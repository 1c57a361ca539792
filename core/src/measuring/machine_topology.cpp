#include "attnscope/measuring/machine_topology.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <utility>

namespace attnscope {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> readLine(const fs::path& path) {
    std::ifstream file(path);
    std::string line;
    if (!std::getline(file, line)) return std::nullopt;
    return line;
}

std::optional<long long> readInteger(const fs::path& path) {
    const auto line = readLine(path);
    if (!line) return std::nullopt;
    try {
        return std::stoll(*line);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// sysfs writes cache sizes as "48K", "1280K" or "32M".
std::optional<std::uint64_t> parseSize(const std::string& text) {
    std::size_t end = 0;
    unsigned long long value = 0;
    try {
        value = std::stoull(text, &end);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    const std::string suffix = text.substr(end);
    if (suffix.empty()) return value;
    if (suffix == "K") return value << 10;
    if (suffix == "M") return value << 20;
    if (suffix == "G") return value << 30;
    return std::nullopt;
}

// "0-3,8-11" → 8.
int countCpuList(const std::string& text) {
    int count = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        const std::string range = text.substr(start, comma - start);
        const std::size_t dash = range.find('-');
        try {
            if (dash == std::string::npos) {
                std::stoi(range);
                ++count;
            } else {
                count += std::stoi(range.substr(dash + 1)) - std::stoi(range.substr(0, dash)) + 1;
            }
        } catch (const std::exception&) {
            return 0;
        }
        start = comma + 1;
    }
    return count;
}

// The number in a "cpu12" or "index3" directory name after `prefix`, or nullopt for other names.
std::optional<int> numberAfter(const std::string& name, const std::string& prefix) {
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    const std::string digits = name.substr(prefix.size());
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoi(digits);
}

std::vector<CacheLevel> readCaches(const fs::path& cache_dir) {
    std::vector<std::pair<int, CacheLevel>> indexed;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(cache_dir, error)) {
        const auto index = numberAfter(entry.path().filename().string(), "index");
        if (!index) continue;
        const auto level = readInteger(entry.path() / "level");
        const auto type = readLine(entry.path() / "type");
        const auto size_text = readLine(entry.path() / "size");
        // 0 when missing or unreadable; value_or() rather than dereferencing an optional, which GCC 12
        // reports as maybe uninitialised here.
        const std::uint64_t size = size_text ? parseSize(*size_text).value_or(0) : 0;
        if (!level || !type || size == 0) continue;
        CacheLevel cache{static_cast<int>(*level), *type, size, 1};
        if (const auto shared = readLine(entry.path() / "shared_cpu_list"))
            cache.num_sharing = std::max(1, countCpuList(*shared));
        indexed.emplace_back(*index, std::move(cache));
    }
    std::sort(indexed.begin(), indexed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<CacheLevel> caches;
    for (auto& [index, cache] : indexed) caches.push_back(std::move(cache));
    return caches;
}

}  // namespace

const CacheLevel* MachineTopology::dataCache(int level) const {
    for (const CacheLevel& cache : caches) {
        if (cache.level == level && (cache.type == "Data" || cache.type == "Unified")) return &cache;
    }
    return nullptr;
}

int MachineTopology::instances(const CacheLevel& cache) const {
    return std::max(1, (hardware_threads + cache.num_sharing - 1) / cache.num_sharing);
}

MachineTopology readMachineTopology(const fs::path& cpu_root) {
    MachineTopology topology;
    std::set<std::pair<long long, long long>> cores;  // (package, core)
    std::optional<int> first_cpu;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(cpu_root, error)) {
        const auto cpu = numberAfter(entry.path().filename().string(), "cpu");
        if (!cpu) continue;
        // Offline CPUs have no topology directory.
        const auto core = readInteger(entry.path() / "topology" / "core_id");
        if (!core) continue;
        const auto package = readInteger(entry.path() / "topology" / "physical_package_id");
        cores.emplace(package.value_or(0), *core);
        ++topology.hardware_threads;
        if (!first_cpu || *cpu < *first_cpu) first_cpu = *cpu;
    }
    topology.physical_cores = static_cast<int>(cores.size());
    if (first_cpu) topology.caches = readCaches(cpu_root / ("cpu" + std::to_string(*first_cpu)) / "cache");
    return topology;
}

const MachineTopology& machineTopology() {
    static const MachineTopology topology = readMachineTopology();
    return topology;
}

}  // namespace attnscope
