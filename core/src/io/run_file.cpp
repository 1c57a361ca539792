#include "attnscope/io/run_file.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/io/config_json.h"
#include "attnscope/measuring/benchmark_name.h"
#include "attnscope/measuring/timing_stats.h"

namespace attnscope {

using nlohmann::json;

namespace {

// A number of `entry`, or `fallback` when absent or not a finite number.
double numberOr(const json& entry, const char* key, double fallback) {
    const auto found = entry.find(key);
    if (found == entry.end() || !found->is_number()) return fallback;
    const double value = found->get<double>();
    return std::isfinite(value) ? value : fallback;
}

std::string textOr(const json& object, const char* key, const std::string& fallback) {
    if (!object.is_object()) return fallback;
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : fallback;
}

// The point an entry describes: its name's method and fields, then the config fields written beside it
// (seed, distribution); threads from threads_used. Empty when the name is not one of ours.
std::optional<BenchmarkPoint> pointOf(const std::string& name, const json& entry) {
    const std::optional<BenchmarkName> parsed = BenchmarkName::parse(name);
    if (!parsed) return std::nullopt;
    BenchmarkPoint point;
    point.method = parsed->method();
    json fields = json::object();
    for (const BenchmarkName::Part& part : parsed->parts()) fields[part.key] = part.value;
    if (entry.is_object()) {
        for (const char* key : {"seed", "distribution"}) {
            if (entry.contains(key)) fields[key] = entry[key];
        }
    }
    if (!readConfigFields(fields, point.config).empty()) return std::nullopt;
    return point;
}

// Seconds per call of each repetition, and the aggregates' fields, gathered by run name in file order.
struct Gathered {
    std::vector<double> samples;
    const json* median = nullptr;
};

StageBreakdown stagesOf(const json& median) {
    StageBreakdown breakdown;
    const auto stages = median.find("stages");
    if (stages == median.end() || !stages->is_array()) return breakdown;
    for (const json& stage : *stages) {
        const std::optional<Stage> known = stageFromName(textOr(stage, "name", ""));
        if (!known) continue;
        breakdown.stages.push_back(
            {*known, numberOr(stage, "time", 0) / kMillisecondsPerSecond, numberOr(stage, "flops", 0)});
    }
    breakdown.wall_seconds = numberOr(median, "stage_call_time", 0) / kMillisecondsPerSecond;
    breakdown.calls = static_cast<int>(std::clamp(numberOr(median, "stage_calls", 0), 0.0, 1e9));
    breakdown.feature_draw_seconds = numberOr(median, "feature_draw_time", 0) / kMillisecondsPerSecond;
    if (breakdown.stages.empty()) breakdown.calls = 0;
    return breakdown;
}

void readSession(const json& block, RunFile& run) {
    if (!block.is_object()) {
        run.warnings.push_back("the session block is not an object; read the results only");
        return;
    }
    const int version = static_cast<int>(std::clamp(numberOr(block, "version", 1), 0.0, 1e6));
    if (version > SessionSettings::kVersion) {
        run.warnings.push_back("written by a newer AttnScope (session version " + std::to_string(version) +
                               "); read what this version knows");
    }
    for (const auto& [key, value] : block.items()) {
        if (key != "version" && key != "config" && key != "methods" && key != "failed") {
            run.warnings.push_back("unknown session field \"" + key + "\" ignored");
        }
    }
    SessionSettings session;
    if (block.contains("config")) {
        const std::string bad = readConfigFields(block["config"], session.config);
        if (!bad.empty())
            run.warnings.push_back("session config field \"" + bad + "\" is not valid; default kept");
    }
    if (block.contains("methods") && block["methods"].is_array()) {
        for (const json& name : block["methods"]) {
            const std::optional<Method> method =
                name.is_string() ? methodFromName(name.get<std::string>()) : std::nullopt;
            if (method) {
                session.methods.push_back(*method);
            } else {
                run.warnings.push_back("unknown method " + name.dump() + " in the session ignored");
            }
        }
    }
    run.session = session;
    const auto failed = block.find("failed");
    if (failed == block.end() || !failed->is_array()) return;
    for (const json& entry : *failed) {
        const std::string name = textOr(entry, "name", "");
        std::optional<BenchmarkPoint> point = pointOf(name, entry);
        if (!point) {
            run.warnings.push_back("failed point \"" + name + "\" is not a benchmark name; skipped");
            continue;
        }
        BenchmarkResult result;
        result.point = *point;
        result.error = textOr(entry, "error", "failed");
        if (result.error.empty()) result.error = "failed";
        run.results.push_back(std::move(result));
    }
}

}  // namespace

RunFile readRunFile(const std::string& json_text, const std::string& file_name) {
    // The benchmark list and the engine go through the comparison reader's checks first, so both readers
    // refuse the same files with the same messages.
    const json root = parseJsonDocument(json_text, file_name);
    const SavedResults saved = parseResultsDocument(root, file_name);
    RunFile run;
    run.file = file_name;
    run.engine = saved.engine;
    const json context = root.value("context", json::object());
    if (context.is_object()) {
        run.date = textOr(context, "date", "");
        const json attnscope = context.value("attnscope", json::object());
        run.cpu_model = textOr(attnscope, "cpu_model", "");
        run.preset = textOr(attnscope, "preset", "");
        if (attnscope.is_object() && attnscope.contains("session")) readSession(attnscope["session"], run);
    }

    std::map<std::string, Gathered> by_name;
    std::vector<std::string> order;
    for (const json& entry : root["benchmarks"]) {
        if (!entry.is_object()) continue;
        const std::string name = textOr(entry, "run_name", textOr(entry, "name", ""));
        if (name.empty()) continue;
        if (!by_name.count(name)) order.push_back(name);
        Gathered& gathered = by_name[name];
        if (textOr(entry, "run_type", "iteration") == "iteration") {
            const double ms = numberOr(entry, "real_time", -1);
            if (ms >= 0 && textOr(entry, "time_unit", "ms") == "ms")
                gathered.samples.push_back(ms / kMillisecondsPerSecond);
        } else if (textOr(entry, "aggregate_name", "") == "median") {
            gathered.median = &entry;
        }
    }
    std::vector<BenchmarkResult> measured;
    for (const std::string& name : order) {
        const Gathered& gathered = by_name[name];
        const json& median = gathered.median ? *gathered.median : json::object();
        std::optional<BenchmarkPoint> point = pointOf(name, median);
        if (!point) continue;  // another program's benchmark: nothing of ours to show
        if (const auto found = median.find("threads_used");
            found != median.end() && found->is_number_integer()) {
            const std::int64_t threads = found->get<std::int64_t>();
            if (threads > 0 && threads < 1 << 16) point->config.threads = static_cast<int>(threads);
        }
        if (const std::optional<ValidationError> error = validate(point->config, point->method)) {
            run.warnings.push_back(name + " skipped: " + error->message);
            continue;
        }
        BenchmarkResult result;
        result.point = *point;
        result.cost = estimateCost(point->method, point->config);
        std::vector<double> samples = gathered.samples;
        if (samples.empty()) {
            const double ms = numberOr(median, "real_time", -1);
            if (ms < 0) continue;
            samples.push_back(ms / kMillisecondsPerSecond);
        }
        result.stats = summarize(std::move(samples));
        result.stats.calls_per_repetition =
            static_cast<int>(std::clamp(numberOr(median, "calls_per_repetition", 1), 1.0, 1e9));
        if (gathered.samples.size() <= 1 &&
            median.is_object()) {  // aggregates only: keep the file's quartiles
            result.stats.q1 = numberOr(median, "q1_time", result.stats.median * kMillisecondsPerSecond) /
                              kMillisecondsPerSecond;
            result.stats.q3 = numberOr(median, "q3_time", result.stats.median * kMillisecondsPerSecond) /
                              kMillisecondsPerSecond;
        }
        const double growth = numberOr(median, "peak_resident_growth_bytes", -1);
        if (growth >= 0 && growth < 1e19) result.peak_resident_growth = static_cast<std::uint64_t>(growth);
        result.stages = stagesOf(median);
        if (median.contains("output_error")) {
            FavorError error;
            error.output = numberOr(median, "output_error", 0);
            const double attention = numberOr(median, "attention_error", -1);
            if (attention >= 0) error.attention = attention;
            result.approximation = error;
        }
        measured.push_back(std::move(result));
    }
    // Failed points (from the session block) after the measured ones, as the window lists them.
    measured.insert(measured.end(), run.results.begin(), run.results.end());
    run.results = std::move(measured);
    if (run.results.empty()) {
        throw ResultsFileError(file_name +
                               ": none of its benchmarks is an AttnScope point (names such as "
                               "softmax/batch:4/n:512/d:64/heads:1/threads:2)");
    }
    return run;
}

std::string sessionToJson(const std::vector<BenchmarkResult>& results, const RunContext& context,
                          const SessionSettings& session) {
    json root = json::parse(resultsToJson(results, context));
    json methods = json::array();
    for (Method method : session.methods) methods.push_back(std::string(methodName(method)));
    json failed = json::array();
    for (const BenchmarkResult& r : results) {
        if (r.ok()) continue;
        json entry = pointConfigJson(r.point.method, r.point.config);
        entry["name"] = r.point.name();
        entry["error"] = r.error.empty() ? "not measured" : r.error;
        failed.push_back(entry);
    }
    root["context"]["attnscope"]["session"] = {{"version", SessionSettings::kVersion},
                                               {"config", configTextJson(session.config)},
                                               {"methods", methods},
                                               {"failed", failed}};
    return root.dump(2) + "\n";
}

}  // namespace attnscope
