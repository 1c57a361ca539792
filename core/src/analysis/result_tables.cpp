#include "attnscope/analysis/result_tables.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "attnscope/analysis/comparison.h"
#include "attnscope/analysis/model_curve.h"
#include "attnscope/analysis/text_table.h"
#include "attnscope/measuring/benchmark_name.h"
#include "attnscope/measuring/statistics.h"
#include "attnscope/measuring/timing_stats.h"

namespace attnscope {

namespace {

const BenchmarkResult* findResult(const std::vector<BenchmarkResult>& results, Method method,
                                  const std::function<bool(const AttentionConfig&)>& matches) {
    for (const BenchmarkResult& r : results) {
        if (r.point.method == method && matches(r.point.config)) return &r;
    }
    return nullptr;
}

// The first point of `method` comparable with `point` (comparison.h).
const BenchmarkResult* findComparable(const std::vector<BenchmarkResult>& results, Method method,
                                      const BenchmarkPoint& point) {
    for (const BenchmarkResult& r : results) {
        if (r.point.method == method && comparablePoints(r.point, point)) return &r;
    }
    return nullptr;
}

double medianMs(const BenchmarkResult* r) {
    return r && r->ok() ? r->stats.median * kMillisecondsPerSecond : 0;
}

// Counter columns only when counted, and the hardware ones only where the machine has a PMU.
struct CounterColumns {
    bool counted = false;
    bool hardware = false;
};

CounterColumns counterColumns(const std::vector<BenchmarkResult>& results) {
    CounterColumns columns;
    for (const BenchmarkResult& r : results) {
        columns.counted |= r.ok() && r.counters.has_value();
        columns.hardware |= r.ok() && r.counters && r.counters->cycles.has_value();
    }
    return columns;
}

std::vector<std::string> counterHeader(const CounterColumns& columns) {
    std::vector<std::string> header;
    if (columns.counted) header = {"faults/call", "ctx sw/call", "busy cores"};
    if (columns.hardware) header.insert(header.end(), {"IPC", "GHz"});
    return header;
}

std::vector<std::string> counterCells(const std::optional<CounterStats>& k, const CounterColumns& columns) {
    auto optionalCell = [](const std::optional<double>& value, int decimals) {
        return value ? formatFixed(*value, decimals) : std::string("-");
    };
    std::vector<std::string> cells;
    if (columns.counted) {
        cells = {k ? formatFixed(k->page_faults, 1) : "-", k ? optionalCell(k->context_switches, 2) : "-",
                 k ? formatFixed(k->busyCores(), 2) : "-"};
    }
    if (columns.hardware) {
        cells.insert(cells.end(), {k ? optionalCell(k->ipc(), 2) : "-", k ? optionalCell(k->ghz(), 2) : "-"});
    }
    return cells;
}

// The point's name without the method and the thread count, e.g. "batch 32, n 2048, d 64, heads 1".
std::string shapeText(const BenchmarkPoint& point) {
    std::string text;
    const BenchmarkName name = point.benchmarkName();
    for (const BenchmarkName::Part& part : name.parts()) {
        if (part.key == "threads") continue;
        text += (text.empty() ? "" : ", ") + part.key + " " + std::to_string(part.value);
    }
    return text;
}

std::string spreadBadge(const BenchmarkResult& r) {
    return formatFixed(r.stats.relativeSpread() * 100, 1) + "%" + (r.stats.noisy() ? " !" : "");
}

TableData notebookTable(const Preset& preset, const std::vector<BenchmarkResult>& results) {
    TableData table{{"shape (b, n, d)", "quadratic ms", "linear ms", "ours: linear vs quadratic",
                     "notebook (seed)", "cost model (n/d)"},
                    {}};
    std::vector<std::string> seen;
    for (const BenchmarkResult& r : results) {
        const AttentionConfig& c = r.point.config;
        const std::string shape = formatShape({c.batch, c.n, c.d});
        if (std::find(seen.begin(), seen.end(), shape) != seen.end()) continue;
        seen.push_back(shape);
        const BenchmarkResult* quadratic = findComparable(results, Method::quadratic, r.point);
        const BenchmarkResult* linear = findComparable(results, Method::linear, r.point);
        auto describe = [](double quadratic_time, double linear_time) -> std::string {
            if (quadratic_time <= 0 || linear_time <= 0) return "-";
            const double ratio = quadratic_time / linear_time;
            return ratio >= 1 ? formatRatio(ratio) + " faster" : formatRatio(1 / ratio) + " slower";
        };
        const ReferenceTiming* ref_q = quadratic ? preset.referenceFor(quadratic->point) : nullptr;
        const ReferenceTiming* ref_l = linear ? preset.referenceFor(linear->point) : nullptr;
        table.rows.push_back({shape, formatMilliseconds(medianMs(quadratic)),
                              formatMilliseconds(medianMs(linear)),
                              describe(medianMs(quadratic), medianMs(linear)),
                              ref_q && ref_l ? describe(ref_q->seconds, ref_l->seconds) : "-",
                              describe(static_cast<double>(c.n), static_cast<double>(c.d))});
    }
    return table;
}

TableData xformerTable(const Preset& preset, const std::vector<BenchmarkResult>& results) {
    std::vector<std::int64_t> lengths, strides;
    for (const BenchmarkResult& r : results) {
        if (std::find(lengths.begin(), lengths.end(), r.point.config.n) == lengths.end()) {
            lengths.push_back(r.point.config.n);
        }
        if (r.point.method == Method::xformer &&
            std::find(strides.begin(), strides.end(), r.point.config.alpha) == strides.end()) {
            strides.push_back(r.point.config.alpha);
        }
    }
    std::vector<std::string> header{"n"};
    for (std::int64_t s : strides) header.push_back("s=" + std::to_string(s) + " ms (speed-up | README)");
    header.push_back("mha ms");
    TableData table{header, {}};
    for (std::int64_t n : lengths) {
        const BenchmarkResult* mha =
            findResult(results, Method::mha, [&](const AttentionConfig& c) { return c.n == n; });
        const ReferenceTiming* mha_ref = mha ? preset.referenceFor(mha->point) : nullptr;
        std::vector<std::string> row{std::to_string(n)};
        for (std::int64_t s : strides) {
            const BenchmarkResult* x = findResult(results, Method::xformer, [&](const AttentionConfig& c) {
                return c.n == n && c.alpha == s && c.beta == s;
            });
            const ReferenceTiming* x_ref = x ? preset.referenceFor(x->point) : nullptr;
            const double ours = medianMs(mha) > 0 && medianMs(x) > 0 ? medianMs(mha) / medianMs(x) : 0;
            const double theirs = mha_ref && x_ref ? mha_ref->seconds / x_ref->seconds : 0;
            row.push_back(formatMilliseconds(medianMs(x)) + " (" + formatRatio(ours) + " | " +
                          formatRatio(theirs) + ")");
        }
        row.push_back(formatMilliseconds(medianMs(mha)));
        table.rows.push_back(row);
    }
    return table;
}

// FAVOR+ against m: the errors and the time of each feature count, and exact softmax's time for scale.
TableData featureErrorTable(const std::vector<BenchmarkResult>& results) {
    const BenchmarkResult* exact =
        findResult(results, Method::softmax, [](const AttentionConfig&) { return true; });
    TableData table{{"features m", "output error", "attention error (b 0, h 0)", "ms", "time vs softmax"},
                    {}};
    auto scientific = [](double value) {
        char text[32];
        std::snprintf(text, sizeof text, "%.3g", value);
        return std::string(text);
    };
    for (const BenchmarkResult& r : results) {
        if (r.point.method != Method::performer || !r.ok()) continue;
        const auto& error = r.approximation;
        table.rows.push_back(
            {std::to_string(r.point.config.featureCount()), error ? scientific(error->output) : "-",
             error && error->attention ? scientific(*error->attention) : "-",
             formatMilliseconds(medianMs(&r)),
             medianMs(exact) > 0 ? formatFixed(medianMs(&r) / medianMs(exact), 2) + "×" : "-"});
    }
    if (medianMs(exact) > 0)
        table.rows.push_back({"softmax (exact)", "0", "0", formatMilliseconds(medianMs(exact)), "1.00×"});
    return table;
}

}  // namespace

std::string renderText(const TableData& data) {
    TextTable table(data.header);
    for (const auto& row : data.rows) table.addRow(row);
    return table.render();
}

TableData resultTableData(const std::vector<BenchmarkResult>& results) {
    TableData table{{"benchmark", "median ms", "IQR ms", "IQR/median", "GFLOP/s", "measured/model", "reps",
                     "extra memory", "peak RSS +"},
                    {}};
    const CounterColumns counters = counterColumns(results);
    for (std::string& name : counterHeader(counters)) table.header.push_back(std::move(name));
    const std::vector<std::optional<double>> model_ratios = measuredOverModel(results);
    for (std::size_t i = 0; i < results.size(); ++i) {
        const BenchmarkResult& r = results[i];
        if (!r.ok()) {
            table.rows.push_back({r.point.name(), "failed: " + r.error});
            continue;
        }
        std::string reps = std::to_string(r.stats.repetitions());
        if (r.stats.calls_per_repetition > 1) reps += " × " + std::to_string(r.stats.calls_per_repetition);
        table.rows.push_back({r.point.name(), formatMilliseconds(r.stats.median * kMillisecondsPerSecond),
                              formatMilliseconds(r.stats.iqr() * kMillisecondsPerSecond), spreadBadge(r),
                              formatFixed(r.gflops(), 1),
                              model_ratios[i] ? formatFixed(*model_ratios[i], 2) : std::string("-"), reps,
                              formatBytes(r.cost.extra_bytes),
                              r.peak_resident_growth
                                  ? formatBytes(static_cast<double>(*r.peak_resident_growth))
                                  : std::string("-")});
        for (std::string& cell : counterCells(r.counters, counters))
            table.rows.back().push_back(std::move(cell));
    }
    return table;
}

TableData counterTableData(const std::vector<BenchmarkResult>& results) {
    const CounterColumns counters = counterColumns(results);
    TableData table{{"method", "shape"}, {}};
    for (std::string& name : counterHeader(counters)) table.header.push_back(std::move(name));
    for (const BenchmarkResult& r : results) {
        if (!r.ok() || !r.counters) continue;
        table.rows.push_back({std::string(methodName(r.point.method)), shapeText(r.point)});
        for (std::string& cell : counterCells(r.counters, counters))
            table.rows.back().push_back(std::move(cell));
    }
    return table;
}

std::string counterAvailabilityLine(const std::vector<BenchmarkResult>& results, const std::string& notice) {
    std::vector<CounterEvent> read;
    for (const BenchmarkResult& r : results) {
        if (!r.ok() || !r.counters) continue;
        const CounterStats& k = *r.counters;
        // task-clock and page faults have no "absent": every counted point has them.
        const std::pair<CounterEvent, bool> events[] = {
            {CounterEvent::task_clock, true},
            {CounterEvent::page_faults, true},
            {CounterEvent::context_switches, k.context_switches.has_value()},
            {CounterEvent::cycles, k.cycles.has_value()},
            {CounterEvent::instructions, k.instructions.has_value()},
            {CounterEvent::llc_misses, k.llc_misses.has_value()}};
        for (const auto& [event, present] : events) {
            if (present && std::find(read.begin(), read.end(), event) == read.end()) read.push_back(event);
        }
    }
    std::string line;
    if (read.empty()) {
        line = "No point was counted";
    } else {
        std::sort(read.begin(), read.end());
        line = "Counted: ";
        for (std::size_t i = 0; i < read.size(); ++i)
            line += (i ? ", " : "") + std::string(counterEventName(read[i]));
    }
    if (!notice.empty()) line += "; " + notice;
    return line + ".";
}

std::string formatResultTable(const std::vector<BenchmarkResult>& results) {
    return renderText(resultTableData(results));
}

TableData presetTableData(const Preset& preset, const std::vector<BenchmarkResult>& results) {
    switch (preset.layout) {
        case PresetLayout::notebook:
            return notebookTable(preset, results);
        case PresetLayout::xformer_table:
            return xformerTable(preset, results);
        case PresetLayout::feature_error:
            return featureErrorTable(results);
        case PresetLayout::generic:
            break;
    }
    return resultTableData(results);
}

std::string formatPresetTable(const Preset& preset, const std::vector<BenchmarkResult>& results) {
    return renderText(presetTableData(preset, results));
}

TableData modelComparisonData(const std::vector<BenchmarkResult>& results) {
    const Method baseline = speedupBaseline(results).value_or(Method::quadratic);
    const std::string base_name(methodName(baseline));
    TableData table{
        {"benchmark", "measured speed-up over " + base_name, "cost model's speed-up", "measured / model"},
        {}};
    for (const BenchmarkResult& r : results) {
        if (r.point.method == baseline || !r.ok()) continue;
        const BenchmarkResult* base = findComparable(results, baseline, r.point);
        if (!base || !base->ok()) continue;
        const double measured = base->stats.median / r.stats.median;
        const double model = base->cost.flops / r.cost.flops;
        table.rows.push_back(
            {r.point.name(), formatRatio(measured), formatRatio(model), formatFixed(measured / model, 2)});
    }
    return table;
}

TableData stageTableData(const std::vector<BenchmarkResult>& results) {
    TableData table{{"benchmark", "stage", "ms per call", "share", "GFLOP/s"}, {}};
    for (const BenchmarkResult& r : results) {
        if (!r.ok() || r.stages.calls == 0) continue;
        const double call = r.stages.wall_seconds;
        auto share = [&](double seconds) {
            return call > 0 ? formatFixed(seconds / call * 100, 1) + "%" : "-";
        };
        bool first = true;
        for (const StageTime& stage : r.stages.stages) {
            table.rows.push_back({first ? r.point.name() : "", std::string(stageLabel(stage.stage)),
                                  formatMilliseconds(stage.seconds * kMillisecondsPerSecond),
                                  share(stage.seconds),
                                  stage.flops > 0 ? formatFixed(stage.gflops(), 1) : "-"});
            first = false;
        }
        table.rows.push_back({"", "other (idle threads, scheduling)",
                              formatMilliseconds(r.stages.unattributed() * kMillisecondsPerSecond),
                              share(r.stages.unattributed()), "-"});
        if (r.stages.feature_draw_seconds > 0) {
            table.rows.push_back({"", "feature draw (once per problem, before the calls)",
                                  formatMilliseconds(r.stages.feature_draw_seconds * kMillisecondsPerSecond),
                                  "-", "-"});
        }
    }
    return table;
}

TableData slopeTableData(const std::vector<BenchmarkResult>& results) {
    TableData table{{"series (n swept)", "lengths", "measured slope", "cost model slope"}, {}};
    for (const SlopeFit& fit : fitSlopesAgainstN(results)) {
        table.rows.push_back({fit.series, std::to_string(fit.points), formatFixed(fit.measured, 2),
                              formatFixed(fit.model, 2)});
    }
    return table;
}

std::vector<ComparisonRow> compareSaved(const SavedResults& baseline, const SavedResults& contender) {
    std::vector<ComparisonRow> rows;
    for (const SavedBenchmark& base : baseline.benchmarks) {
        const SavedBenchmark* other = contender.find(base.name);
        if (!other) continue;
        rows.push_back({base.name, base.median_ms, other->median_ms,
                        other->median_ms > 0 ? base.median_ms / other->median_ms : 0,
                        mannWhitneyPValue(base.samples_ms, other->samples_ms)});
    }
    return rows;
}

std::string formatComparison(const SavedResults& baseline, const SavedResults& contender) {
    return formatComparisons({{baseline.engine, baseline}, {contender.engine, contender}});
}

namespace {

// "▲ 1.52×" faster, "▼ 0.66×" slower, "1.00×" within 1 %.
std::string markedRatio(double speedup) {
    if (speedup <= 0) return "-";
    const char* mark = speedup > 1.01 ? "▲ " : speedup < 1 / 1.01 ? "▼ " : "";
    return mark + formatRatio(speedup);
}

}  // namespace

std::string formatComparisons(const std::vector<LabelledRun>& runs) {
    if (runs.size() < 2) return "";
    const LabelledRun& baseline = runs.front();
    std::vector<std::string> header = {"benchmark", baseline.label + " ms"};
    for (std::size_t i = 1; i < runs.size(); ++i) {
        header.insert(header.end(), {runs[i].label + " ms", runs[i].label + " speed-up", "U test p"});
    }
    TextTable table(header);
    std::vector<std::size_t> paired(runs.size(), 0);
    for (const SavedBenchmark& base : baseline.results.benchmarks) {
        std::vector<std::string> row = {base.name, formatMilliseconds(base.median_ms)};
        bool any = false;
        for (std::size_t i = 1; i < runs.size(); ++i) {
            const SavedBenchmark* other = runs[i].results.find(base.name);
            if (!other) {
                row.insert(row.end(), {"-", "-", "-"});
                continue;
            }
            any = true;
            ++paired[i];
            const double speedup = other->median_ms > 0 ? base.median_ms / other->median_ms : 0;
            const std::optional<double> p = mannWhitneyPValue(base.samples_ms, other->samples_ms);
            row.insert(row.end(), {formatMilliseconds(other->median_ms), markedRatio(speedup),
                                   p ? formatFixed(*p, 4) + (*p < 0.05 ? "" : " ~") : "-"});
        }
        if (any) table.addRow(row);
    }
    std::string text = table.render();
    for (std::size_t i = 1; i < runs.size(); ++i) {
        text += std::to_string(paired[i]) + " benchmarks paired by name with " + runs[i].label +
                "; speed-up = " + baseline.label + " time / " + runs[i].label +
                " time (▲ above 1×: faster than " + baseline.label + ", ▼ slower)\n";
    }
    text +=
        "U test p: two-sided Mann-Whitney U over the repetitions, as Google Benchmark's compare.py; "
        "~ marks p >= 0.05, a difference the repetitions cannot tell from noise\n";
    return text;
}

}  // namespace attnscope
