#pragma once
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "attnscope/measuring/machine_ceilings.h"

namespace attnscope {

class CeilingsFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The ceilings as JSON (docs/formats.md): machine facts, then each figure as a number, or as
// {"missing": "why"} where it could not be measured.
nlohmann::json ceilingsToJson(const MachineCeilings& ceilings);
// The inverse. Throws CeilingsFileError naming what is wrong.
MachineCeilings ceilingsFromJson(const nlohmann::json& json);

// Google Benchmark's context "caches": [{"type", "level", "size", "num_sharing"}].
nlohmann::json cachesJson(const std::vector<CacheLevel>& caches);

// $XDG_CACHE_HOME/attnscope/ceilings.json, else ~/.cache/attnscope/ceilings.json; empty when neither
// XDG_CACHE_HOME (absolute, as the XDG spec asks) nor HOME is set.
std::filesystem::path ceilingsCachePath();

// The entry of `cpu_model` on `threads` threads in the cache file, if there is one. A missing, unreadable
// or malformed file holds no entries: the ceilings are then measured again and the file rewritten.
std::optional<MachineCeilings> readCachedCeilings(const std::filesystem::path& file,
                                                  const std::string& cpu_model, int threads);

// Adds the entry of ceilings' CPU model and thread count to the cache file, replacing an older one and
// keeping the others. Writes a temporary file beside it and renames it over the old one, so a reader never
// sees half a file. Creates the directory. Throws CeilingsFileError naming the path and the cause.
void writeCachedCeilings(const std::filesystem::path& file, const MachineCeilings& ceilings);

// The cached ceilings of this CPU model on `threads` threads (for 1 thread, any entry: each has the
// single-thread figures), if `attnscope peak` has run; never measures, so the window, the report and the
// results writer may call it while a point is being timed.
std::optional<MachineCeilings> cachedCeilings(int threads);

}  // namespace attnscope
