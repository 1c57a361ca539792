#pragma once
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

// Who produced a results file, for its "context" object.
struct RunContext {
    std::string engine = "attnscope";
    std::string version;
    std::string executable = "attnscope";
    std::string preset;  // empty for ad-hoc runs
    int threads = 0;
};

// Google Benchmark's JSON schema plus our fields on each _median entry (docs/formats.md).
std::string resultsToJson(const std::vector<BenchmarkResult>& results, const RunContext& context);
// One row per point; units in the column names, so pandas.read_csv needs no arguments.
std::string resultsToCsv(const std::vector<BenchmarkResult>& results);

// A benchmark as read back from a results file (ours, PyTorch's, or Google Benchmark's).
struct SavedBenchmark {
    std::string name;
    double median_ms = 0;
    double q1_ms = 0, q3_ms = 0;
    double gflops = 0;
    std::vector<double> samples_ms;  // the per-repetition times, when the file has them
};

struct SavedResults {
    std::string file;
    std::string engine;  // context.attnscope.engine, or "unknown"
    std::vector<SavedBenchmark> benchmarks;

    const SavedBenchmark* find(const std::string& name) const;
};

// Results measured here, in the shape of a file read back: to compare a run on screen with a saved one.
SavedResults savedFromResults(const std::vector<BenchmarkResult>& results, const std::string& engine);

class ResultsFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads Google Benchmark-style JSON; per-name medians come from _median aggregates or, failing those, from
// the iteration entries. Throws ResultsFileError naming the file and the problem.
SavedResults parseResultsJson(const std::string& json_text, const std::string& file_name);

// The same, for a document already parsed (readRunFile reads more of it). parseJsonDocument throws
// ResultsFileError "FILE: not valid JSON: …".
nlohmann::json parseJsonDocument(const std::string& json_text, const std::string& file_name);
SavedResults parseResultsDocument(const nlohmann::json& root, const std::string& file_name);

}  // namespace attnscope
