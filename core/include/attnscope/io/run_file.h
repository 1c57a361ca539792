#pragma once
#include <optional>
#include <string>
#include <vector>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"
#include "attnscope/io/results_io.h"
#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

// What the window needs to measure a saved run again: the panel's parameters when it was saved. Written
// into a results JSON as context.attnscope.session (docs/formats.md, "Session files").
struct SessionSettings {
    static constexpr int kVersion = 1;
    AttentionConfig config;
    std::vector<Method> methods;
};

// A results JSON read back whole, to reopen as a session: every point with its repetitions, block size,
// stages, memory and FAVOR+ errors, the failed points a session file keeps, and the machine it ran on.
struct RunFile {
    std::string file;
    std::string engine;     // context.attnscope.engine, "unknown" when absent
    std::string cpu_model;  // context.attnscope.cpu_model, empty when absent
    std::string date;       // context.date
    std::string preset;     // context.attnscope.preset, empty for ad-hoc runs
    std::vector<BenchmarkResult> results;
    std::optional<SessionSettings> session;
    // Read anyway, but the user should hear: a newer session version, unknown session fields, benchmarks
    // skipped because their configuration is not one this version can run.
    std::vector<std::string> warnings;
};

// Reads what resultsToJson (and sessionToJson) write; other Google Benchmark files give their benchmarks
// whose names and fields describe our points (tests/bench/torch_bench.py's do). Throws ResultsFileError
// naming the file and the problem for what is not a results file; never crashes on any input (fuzzed).
RunFile readRunFile(const std::string& json_text, const std::string& file_name);

// resultsToJson with context.attnscope.session: the settings, and the failed points with their messages.
std::string sessionToJson(const std::vector<BenchmarkResult>& results, const RunContext& context,
                          const SessionSettings& session);

}  // namespace attnscope
