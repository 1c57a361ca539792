#include "attnscope/io/results_io.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "attnscope/analysis/traffic_model.h"
#include "attnscope/io/ceilings_file.h"
#include "attnscope/io/config_json.h"
#include "attnscope/kernels/isa.h"
#include "attnscope/measuring/machine_ceilings.h"
#include "attnscope/measuring/machine_topology.h"
#include "attnscope/measuring/system_info.h"
#include "attnscope/measuring/timing_stats.h"

namespace attnscope {

using nlohmann::json;

namespace {

// Google Benchmark's mhz_per_cpu: its own reading of /proc/cpuinfo gives a VM's TSC rate, so this is the
// clock `attnscope peak` estimated and cached for this CPU. Never measured here: the window writes results
// while the measuring process times a point, and a clock loop beside it would slow that point. 0 (Google
// Benchmark's "unknown") until peak has run.
// estimateTraffic's bytes for a point that ran; 0 for a failed one (its config may be invalid).
double modelledDramBytes(const BenchmarkResult& r) {
    return r.ok() ? estimateTraffic(r.point.method, r.point.config).totalBytes() : 0;
}

long clockMhz(const std::optional<MachineCeilings>& ceilings) {
    return ceilings && ceilings->clock_ghz.measured() ? std::lround(ceilings->clock_ghz.value * 1e3) : 0;
}

std::string hostName() {
    char name[256] = {};
    return gethostname(name, sizeof name - 1) == 0 ? name : "unknown";
}

json timingEntry(const std::string& run_name, std::size_t family, const BenchmarkResult& r) {
    return {{"name", run_name},
            {"family_index", family},
            {"per_family_instance_index", 0},
            {"run_name", run_name},
            {"repetitions", r.stats.repetitions()},
            {"threads", 1},
            {"time_unit", "ms"}};
}

json stagesJson(const StageBreakdown& breakdown) {
    json stages = json::array();
    for (const StageTime& stage : breakdown.stages) {
        stages.push_back({{"name", stageName(stage.stage)},
                          {"time", stage.seconds * kMillisecondsPerSecond},
                          {"flops", stage.flops},
                          {"gflops", stage.gflops()}});
    }
    return stages;
}

// Per call over the timed repetitions; the hardware events and what derives from them are null without a PMU.
json countersJson(const CounterStats& counters) {
    auto optional = [](const std::optional<double>& value) { return value ? json(*value) : json(); };
    return {{"calls", counters.calls},
            {"task_clock_time", counters.task_clock_seconds * kMillisecondsPerSecond},
            {"busy_cores", counters.busyCores()},
            {"page_faults", counters.page_faults},
            {"context_switches", optional(counters.context_switches)},
            {"cycles", optional(counters.cycles)},
            {"instructions", optional(counters.instructions)},
            {"llc_misses", optional(counters.llc_misses)},
            {"ipc", optional(counters.ipc())},
            {"ghz", optional(counters.ghz())},
            {"dram_bytes", optional(counters.dramBytes())}};
}

}  // namespace

std::string resultsToJson(const std::vector<BenchmarkResult>& results, const RunContext& context) {
    json benchmarks = json::array();
    for (std::size_t family = 0; family < results.size(); ++family) {
        const BenchmarkResult& r = results[family];
        if (!r.ok()) continue;
        const std::string run_name = r.point.name();
        for (int i = 0; i < r.stats.repetitions(); ++i) {
            json entry = timingEntry(run_name, family, r);
            const double ms = r.stats.samples[static_cast<std::size_t>(i)] * kMillisecondsPerSecond;
            entry.update({{"run_type", "iteration"},
                          {"repetition_index", i},
                          {"iterations", r.stats.calls_per_repetition},  // one block, timed as a whole
                          {"real_time", ms},
                          {"cpu_time", ms}});
            benchmarks.push_back(entry);
        }
        auto aggregate = [&](const char* aggregate_name, double value, const char* unit) {
            json entry = timingEntry(run_name, family, r);
            entry.update({{"name", run_name + "_" + aggregate_name},
                          {"run_type", "aggregate"},
                          {"aggregate_name", aggregate_name},
                          {"aggregate_unit", unit},
                          {"iterations", r.stats.repetitions()},
                          {"real_time", value},
                          {"cpu_time", value}});
            return entry;
        };
        benchmarks.push_back(aggregate("mean", r.stats.mean * kMillisecondsPerSecond, "time"));
        json median = aggregate("median", r.stats.median * kMillisecondsPerSecond, "time");
        const AttentionConfig& c = r.point.config;
        median.update(pointConfigJson(r.point.method, c));
        median.update({{"threads_used", c.resolvedThreads()},
                       {"calls_per_repetition", r.stats.calls_per_repetition},
                       {"min_time", r.stats.min * kMillisecondsPerSecond},
                       {"max_time", r.stats.max * kMillisecondsPerSecond},
                       {"q1_time", r.stats.q1 * kMillisecondsPerSecond},
                       {"q3_time", r.stats.q3 * kMillisecondsPerSecond},
                       {"iqr_time", r.stats.iqr() * kMillisecondsPerSecond},
                       {"flops", r.cost.flops},
                       {"gflops", r.gflops()},
                       {"extra_bytes", r.cost.extra_bytes},
                       {"workspace_bytes", r.cost.workspace_bytes},
                       {"peak_resident_growth_bytes",
                        r.peak_resident_growth ? json(*r.peak_resident_growth) : json()}});
        // The roofline's x: FLOPs per byte of the modelled DRAM traffic (docs/methods.md).
        const double dram_bytes = modelledDramBytes(r);
        median.update({{"modelled_dram_bytes", dram_bytes},
                       {"arithmetic_intensity", dram_bytes > 0 ? json(r.cost.flops / dram_bytes) : json()}});
        if (r.approximation) {
            median.update({{"output_error", r.approximation->output},
                           {"attention_error",
                            r.approximation->attention ? json(*r.approximation->attention) : json()}});
        }
        if (r.stages.calls > 0) {
            median.update({{"stages", stagesJson(r.stages)},
                           {"stage_call_time", r.stages.wall_seconds * kMillisecondsPerSecond},
                           {"stage_unattributed_time", r.stages.unattributed() * kMillisecondsPerSecond},
                           {"stage_calls", r.stages.calls}});
            if (r.stages.feature_draw_seconds > 0)
                median["feature_draw_time"] = r.stages.feature_draw_seconds * kMillisecondsPerSecond;
        }
        if (r.counters) median["counters"] = countersJson(*r.counters);
        benchmarks.push_back(median);
        benchmarks.push_back(aggregate("stddev", r.stats.stddev * kMillisecondsPerSecond, "time"));
        benchmarks.push_back(
            aggregate("cv", r.stats.mean > 0 ? r.stats.stddev / r.stats.mean : 0, "percentage"));
    }
    // attnscope peak's roofs for the threads used, when it has run: the points' % of roof can be read
    // from the file alone.
    const std::optional<MachineCeilings> ceilings =
        cachedCeilings(context.threads > 0 ? context.threads : hardwareThreads());
    const json root = {{"context",
                        {{"date", localIsoTime()},
                         {"host_name", hostName()},
                         {"executable", context.executable},
                         {"num_cpus", hardwareThreads()},
                         {"mhz_per_cpu", clockMhz(ceilings)},
                         {"cpu_scaling_enabled", false},
                         {"caches", cachesJson(machineTopology().caches)},
                         {"library_build_type", "release"},
                         {"attnscope",
                          {{"version", context.version},
                           {"engine", context.engine},
                           {"cpu_model", cpuModelName()},
                           {"threads", context.threads > 0 ? context.threads : hardwareThreads()},
                           {"compiler", compilerDescription()},
                           {"eigen", eigenVersion()},
                           {"blas", blasDescription()},
                           {"tbb", tbbVersion()},
                           {"simd", simdInstructionSets()},
                           {"kernel_isa", isaName(activeIsa())},
                           {"preset", context.preset},
                           {"ceilings", ceilings ? ceilingsToJson(*ceilings) : json(nullptr)}}}}},
                       {"benchmarks", benchmarks}};
    return root.dump(2) + "\n";
}

std::string resultsToCsv(const std::vector<BenchmarkResult>& results) {
    std::ostringstream csv;
    csv << "name,method,batch,n,d,heads,alpha,beta,features,threads,repetitions,calls_per_repetition,median_"
           "ms,min_ms,max_ms,"
           "q1_ms,q3_ms,iqr_ms,mean_ms,stddev_ms,gflops,flops,extra_bytes,workspace_bytes,peak_resident_"
           "growth_bytes,modelled_dram_bytes,arithmetic_intensity,";
    for (std::size_t s = 0; s < kStageCount; ++s)
        csv << "stage_" << stageName(static_cast<Stage>(s)) << "_ms,";
    csv << "stage_unattributed_ms,output_error,attention_error,task_clock_ms,busy_cores,page_faults,context_"
           "switches,cycles,instructions,llc_misses,ipc,ghz,dram_bytes,error\n";
    char number[64];
    auto field = [&](double value) {
        std::snprintf(number, sizeof number, "%.6g", value);
        return std::string(number);
    };
    auto optionalField = [&](const std::optional<double>& value) {
        return value ? field(*value) : std::string();
    };
    for (const BenchmarkResult& r : results) {
        const AttentionConfig& c = r.point.config;
        const double ms = kMillisecondsPerSecond;
        std::string error = r.error;
        for (char& ch : error) {
            if (ch == '"') ch = '\'';
        }
        csv << r.point.name() << ',' << methodName(r.point.method) << ',' << c.batch << ',' << c.n << ','
            << c.d << ',' << c.heads << ',' << c.alpha << ',' << c.beta << ','
            << (usesRandomFeatures(r.point.method) && r.ok() ? c.featureCount() : 0) << ','
            << c.resolvedThreads() << ',' << r.stats.repetitions() << ',' << r.stats.calls_per_repetition
            << ',' << field(r.stats.median * ms) << ',' << field(r.stats.min * ms) << ','
            << field(r.stats.max * ms) << ',' << field(r.stats.q1 * ms) << ',' << field(r.stats.q3 * ms)
            << ',' << field(r.stats.iqr() * ms) << ',' << field(r.stats.mean * ms) << ','
            << field(r.stats.stddev * ms) << ',' << field(r.gflops()) << ',' << field(r.cost.flops) << ','
            << field(r.cost.extra_bytes) << ',' << field(r.cost.workspace_bytes) << ','
            << (r.peak_resident_growth ? std::to_string(*r.peak_resident_growth) : std::string()) << ',';
        const double dram_bytes = modelledDramBytes(r);
        csv << (dram_bytes > 0 ? field(dram_bytes) : std::string()) << ','
            << (dram_bytes > 0 ? field(r.cost.flops / dram_bytes) : std::string()) << ',';
        // One column per stage, empty where the method has no such stage or was not profiled.
        std::array<std::string, kStageCount> stage_cells;
        for (const StageTime& stage : r.stages.stages) {
            stage_cells[static_cast<std::size_t>(stage.stage)] = field(stage.seconds * ms);
        }
        for (const std::string& cell : stage_cells) csv << cell << ',';
        csv << (r.stages.calls > 0 ? field(r.stages.unattributed() * ms) : std::string()) << ','
            << (r.approximation ? field(r.approximation->output) : std::string()) << ','
            << (r.approximation && r.approximation->attention ? field(*r.approximation->attention)
                                                              : std::string())
            << ',';
        // The counters per call, empty when not counted (and the hardware ones without a PMU).
        if (r.counters) {
            const CounterStats& k = *r.counters;
            csv << field(k.task_clock_seconds * ms) << ',' << field(k.busyCores()) << ','
                << field(k.page_faults) << ',' << optionalField(k.context_switches) << ','
                << optionalField(k.cycles) << ',' << optionalField(k.instructions) << ','
                << optionalField(k.llc_misses) << ',' << optionalField(k.ipc()) << ','
                << optionalField(k.ghz()) << ',' << optionalField(k.dramBytes());
        } else {
            csv << ",,,,,,,,,";
        }
        csv << ",\"" << error << "\"\n";
    }
    return csv.str();
}

SavedResults savedFromResults(const std::vector<BenchmarkResult>& results, const std::string& engine) {
    SavedResults saved;
    saved.engine = engine;
    for (const BenchmarkResult& r : results) {
        if (!r.ok()) continue;
        SavedBenchmark benchmark;
        benchmark.name = r.point.name();
        benchmark.median_ms = r.stats.median * kMillisecondsPerSecond;
        benchmark.q1_ms = r.stats.q1 * kMillisecondsPerSecond;
        benchmark.q3_ms = r.stats.q3 * kMillisecondsPerSecond;
        benchmark.gflops = r.gflops();
        for (double seconds : r.stats.samples)
            benchmark.samples_ms.push_back(seconds * kMillisecondsPerSecond);
        saved.benchmarks.push_back(std::move(benchmark));
    }
    return saved;
}

const SavedBenchmark* SavedResults::find(const std::string& name) const {
    for (const SavedBenchmark& benchmark : benchmarks) {
        if (benchmark.name == name) return &benchmark;
    }
    return nullptr;
}

namespace {

double toMilliseconds(double value, const std::string& unit) {
    if (unit == "ns") return value * 1e-6;
    if (unit == "us") return value * 1e-3;
    if (unit == "s") return value * 1e3;
    return value;
}

}  // namespace

nlohmann::json parseJsonDocument(const std::string& json_text, const std::string& file_name) {
    try {
        return json::parse(json_text);
    } catch (const json::exception& error) {  // parse_error, and out_of_range for a huge number
        throw ResultsFileError(file_name + ": not valid JSON: " + error.what());
    }
}

SavedResults parseResultsJson(const std::string& json_text, const std::string& file_name) {
    return parseResultsDocument(parseJsonDocument(json_text, file_name), file_name);
}

SavedResults parseResultsDocument(const nlohmann::json& root, const std::string& file_name) {
    SavedResults saved;
    saved.file = file_name;
    saved.engine = "unknown";
    if (!root.is_object() || !root.contains("benchmarks") || !root["benchmarks"].is_array()) {
        throw ResultsFileError(file_name + ": not a benchmark results file (no \"benchmarks\" list)");
    }
    try {
        if (root.contains("context") && root["context"].contains("attnscope")) {
            saved.engine = root["context"]["attnscope"].value("engine", "unknown");
        }
        std::map<std::string, SavedBenchmark> by_name;
        std::vector<std::string> order;
        for (const json& entry : root["benchmarks"]) {
            if (!entry.is_object() || !entry.contains("real_time")) continue;
            const std::string run_name = entry.value("run_name", entry.value("name", ""));
            if (run_name.empty()) continue;
            if (!by_name.count(run_name)) {
                order.push_back(run_name);
                by_name[run_name].name = run_name;
            }
            SavedBenchmark& benchmark = by_name[run_name];
            const std::string unit = entry.value("time_unit", "ns");
            const double ms = toMilliseconds(entry["real_time"].get<double>(), unit);
            const std::string type = entry.value("run_type", "iteration");
            if (type == "iteration") {
                // real_time is already per iteration (Google Benchmark divides the block by its iterations).
                benchmark.samples_ms.push_back(ms);
            } else if (entry.value("aggregate_name", "") == "median") {
                benchmark.median_ms = ms;
                benchmark.q1_ms = toMilliseconds(entry.value("q1_time", 0.0), unit);
                benchmark.q3_ms = toMilliseconds(entry.value("q3_time", 0.0), unit);
                benchmark.gflops = entry.value("gflops", 0.0);
            }
        }
        for (const std::string& name : order) {
            SavedBenchmark& benchmark = by_name[name];
            if (benchmark.median_ms == 0 && !benchmark.samples_ms.empty()) {
                std::vector<double> samples = benchmark.samples_ms;
                const TimingStats stats = summarize(samples);
                benchmark.median_ms = stats.median;
                benchmark.q1_ms = stats.q1;
                benchmark.q3_ms = stats.q3;
            }
            saved.benchmarks.push_back(benchmark);
        }
    } catch (const json::exception& error) {
        throw ResultsFileError(file_name + ": unexpected content: " + error.what());
    }
    return saved;
}

}  // namespace attnscope
