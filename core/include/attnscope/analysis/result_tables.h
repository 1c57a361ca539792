#pragma once
#include <optional>
#include <string>
#include <vector>

#include "attnscope/io/preset.h"
#include "attnscope/io/results_io.h"
#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

// A table as plain cells, so the terminal (TextTable) and the HTML/PDF report draw the same content.
struct TableData {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

std::string renderText(const TableData& table);

TableData resultTableData(const std::vector<BenchmarkResult>& results);
TableData presetTableData(const Preset& preset, const std::vector<BenchmarkResult>& results);
// For every point of a method other than the baseline (speedupBaseline, comparison.h) that has a comparable
// baseline point (comparablePoints): the measured speed-up over the baseline beside the cost model's (the
// ratio of their FLOPs). No rows when there is no such pair.
TableData modelComparisonData(const std::vector<BenchmarkResult>& results);

// Per series swept over n (three lengths or more): the fitted log–log slope of time against n beside the
// cost model's (statistics.h). Empty when nothing was swept.
TableData slopeTableData(const std::vector<BenchmarkResult>& results);

// Where the time of each profiled point goes: one row per stage (ms per call, share of the call, GFLOP/s
// where the stage has FLOPs), then the unattributed rest.
TableData stageTableData(const std::vector<BenchmarkResult>& results);

// One row per counted point (RunnerOptions::counters): method, shape (the name's fields but threads), page
// faults and context switches per call and busy cores, and IPC and GHz where the machine has a PMU; the same
// cells as formatResultTable's. No rows when no point was counted.
TableData counterTableData(const std::vector<BenchmarkResult>& results);
// One line saying which counters the points have ("Counted: task-clock, page-faults, context-switches"), or
// that none was counted, followed by `notice` (ProcessCounters::notice(): what is missing and why) when set.
std::string counterAvailabilityLine(const std::vector<BenchmarkResult>& results, const std::string& notice);

// One row per point: name, median, IQR, spread, GFLOP/s, measured / model time (measuredOverModel),
// repetitions (× calls per repetition when blocked), the model's extra memory and the measured peak resident
// growth; failures show the message. Counted points (RunnerOptions::counters) add page faults and context
// switches per call and busy cores, and IPC and GHz where the machine has a PMU.
std::string formatResultTable(const std::vector<BenchmarkResult>& results);

// The preset's own layout: the notebook's per-shape ratios, or the Xformer README's n x s grid with
// speed-ups over mha, each beside the seed document's numbers. Generic presets get formatResultTable.
std::string formatPresetTable(const Preset& preset, const std::vector<BenchmarkResult>& results);

// One benchmark present in two result sets, paired by name.
struct ComparisonRow {
    std::string name;
    double baseline_ms = 0, contender_ms = 0;
    double speedup = 0;       // baseline / contender: above 1 the contender is faster
    std::optional<double> p;  // two-sided Mann–Whitney U over the repetitions, when both have them
    bool significant() const { return p && *p < 0.05; }
};
std::vector<ComparisonRow> compareSaved(const SavedResults& baseline, const SavedResults& contender);

// Per benchmark name present in both: baseline time, contender time, baseline / contender (how many times
// faster the contender is) and the U test's p over the repetitions, like Google Benchmark's compare.py.
std::string formatComparison(const SavedResults& baseline, const SavedResults& contender);

// A run in a comparison of several, under the name its columns carry (a file name, or --label's).
struct LabelledRun {
    std::string label;
    SavedResults results;
};

// Per benchmark of the first run (the baseline) that at least one other run has: the baseline's time, then
// per other run its time, speed-up over the baseline and U test p ("-" where that run lacks the benchmark),
// with ▲ on a speed-up above 1.01× and ▼ below 1/1.01×, so the direction reads without colour. Then one line
// per other run saying how many benchmarks paired. Needs two runs or more.
std::string formatComparisons(const std::vector<LabelledRun>& runs);

}  // namespace attnscope
