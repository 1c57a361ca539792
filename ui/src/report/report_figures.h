#pragma once
#include <QImage>
#include <QString>
#include <optional>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"
#include "attnscope/measuring/machine_ceilings.h"

namespace attnscope {

struct HeatmapData;

// The report's figures, drawn on plots that are never shown, through the same painters as the tabs, and
// printed on white whatever the theme. Each is empty when the results have nothing for it to show.
std::optional<QImage> timingFigure(const std::vector<BenchmarkResult>& results);
std::optional<QImage> memoryFigure(const std::vector<BenchmarkResult>& results);
std::optional<QImage> stageFigure(const std::vector<BenchmarkResult>& results);
std::optional<QImage> favorFigure(const std::vector<BenchmarkResult>& results);
QImage heatmapFigure(const HeatmapData& data);
// The Roofline tab's plot of `results` under `ceilings`' roofs (none when empty).
std::optional<QImage> rooflineFigure(const std::vector<BenchmarkResult>& results,
                                     const std::optional<MachineCeilings>& ceilings);

}  // namespace attnscope
