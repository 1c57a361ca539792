#pragma once
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

// A published timing to compare with: the method, the config fields it matches, and its seconds.
struct ReferenceTiming {
    Method method = Method::softmax;
    std::map<std::string, std::int64_t> match;  // e.g. {"n": 2048, "s": 4}
    double seconds = 0;

    bool matches(const BenchmarkPoint& point) const;
};

enum class PresetLayout { generic, notebook, xformer_table, feature_error };

struct Preset {
    std::string name;
    std::string title;
    std::string description;
    PresetLayout layout = PresetLayout::generic;
    std::vector<BenchmarkPoint> points;
    std::string reference_source;
    std::vector<ReferenceTiming> reference;

    const ReferenceTiming* referenceFor(const BenchmarkPoint& point) const;
};

// Every problem with a preset file: what() reads "FILE: KEY: what was expected, what was found".
class PresetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses a preset (docs/formats.md). `file_name` only appears in messages. `threads` overrides the preset's
// thread count when > 0 (the command line's --threads).
Preset parsePreset(const std::string& json_text, const std::string& file_name, int threads = 0);

}  // namespace attnscope
