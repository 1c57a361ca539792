#pragma once
#include <QDateTime>
#include <QString>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attnscope/config/user_inputs.h"
#include "attnscope/io/preset.h"
#include "attnscope/measuring/benchmark_runner.h"
#include "attnscope/measuring/machine_ceilings.h"

namespace attnscope {

// One block of results in a report: a preset's run (with its seed figures) or the GUI's current sweep.
struct ReportSection {
    QString title;
    QString description;
    std::optional<Preset> preset;  // its layout table and reference figures appear when set
    std::vector<BenchmarkResult> results;
};

struct HeatmapData;

// The report's heatmaps, computed by core before the figures are drawn: the maps, or why there are none.
struct ReportHeatmaps {
    std::shared_ptr<const HeatmapData> data;
    QString failure;
};

struct ReportInput {
    QString title = QStringLiteral("AttnScope report");
    QDateTime created = QDateTime::currentDateTime();
    int threads = 0;  // threads used; 0 = all
    // `attnscope peak`'s ceilings on that many threads: the machine table's roofs and the roofline figures.
    // Empty where they were never measured (the window only reads the cache; `attnscope report` measures).
    std::optional<MachineCeilings> ceilings;
    // ProcessCounters::notice() where the sections were measured: which event counters are missing and why,
    // empty when none is (or nobody asked). Each section's Counters table quotes it.
    std::string counters_notice;
    std::vector<ReportSection> sections;
    // Heatmaps for this config (softmax, FAVOR+, Xformer, |difference|) with their approximation errors.
    std::optional<AttentionConfig> heatmap_config;
    std::shared_ptr<const UserInputs> heatmap_inputs;
    // The maps for heatmap_config when already computed (the window computes them off the GUI thread);
    // writeReport() computes them itself when this is empty.
    std::optional<ReportHeatmaps> heatmaps;
};

// Computes the heatmaps of input.heatmap_config by calling core; safe off the GUI thread.
ReportHeatmaps reportHeatmaps(const ReportInput& input, const std::atomic<bool>* cancel = nullptr);

struct ReportFiles {
    QString html;  // self-contained: images embedded as data URIs, opens offline
    QString pdf;   // the same content, A4
};

// Writes report.html and report.pdf into `directory` (created if missing) through QSaveFile. Needs a
// QGuiApplication (plots are rendered with QCustomPlot; offscreen is fine). Existing files are replaced only
// with `overwrite`. Returns the files, or throws std::runtime_error naming the path and the cause.
ReportFiles writeReport(const ReportInput& input, const QString& directory, bool overwrite);

}  // namespace attnscope
