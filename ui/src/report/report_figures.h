#pragma once
#include <QImage>
#include <QString>
#include <optional>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

struct HeatmapData;

// The report's figures, drawn on plots that are never shown, through the same painters as the tabs, and
// printed on white whatever the theme. Each is empty when the results have nothing for it to show.
std::optional<QImage> timingFigure(const std::vector<BenchmarkResult>& results);
std::optional<QImage> memoryFigure(const std::vector<BenchmarkResult>& results);
std::optional<QImage> stageFigure(const std::vector<BenchmarkResult>& results);
std::optional<QImage> favorFigure(const std::vector<BenchmarkResult>& results);
QImage heatmapFigure(const HeatmapData& data);

}  // namespace attnscope
