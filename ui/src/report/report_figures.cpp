#include "report/report_figures.h"

#include <qcustomplot.h>
#include <QPainter>
#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "charts/favor_error_chart.h"
#include "charts/heatmap_plot.h"
#include "charts/plot_theme.h"
#include "charts/stage_chart.h"
#include "charts/timing_plots.h"

namespace attnscope {

namespace {

// A figure of `plot` at `size` (logical pixels, drawn at 1.5×) on white.
QImage drawn(QCustomPlot& plot, const QSize& size) {
    const ExportStyleScope style(plot);
    return plot.toPixmap(size.width(), size.height(), 1.5).toImage();
}

struct SweepExtent {
    std::vector<Method> methods;
    std::int64_t low = std::numeric_limits<std::int64_t>::max();
    std::int64_t high = 0;
};

SweepExtent extentOf(const std::vector<BenchmarkResult>& results) {
    SweepExtent extent;
    for (const BenchmarkResult& r : results) {
        if (std::find(extent.methods.begin(), extent.methods.end(), r.point.method) == extent.methods.end())
            extent.methods.push_back(r.point.method);
        extent.low = std::min(extent.low, r.point.config.n);
        extent.high = std::max(extent.high, r.point.config.n);
    }
    return extent;
}

}  // namespace

std::optional<QImage> timingFigure(const std::vector<BenchmarkResult>& results) {
    std::map<std::string, std::set<std::int64_t>> lengths;
    std::vector<BenchmarkResult> measured;
    for (const BenchmarkResult& r : results) {
        if (!r.ok()) continue;
        lengths[r.point.seriesName()].insert(r.point.config.n);
        measured.push_back(r);
    }
    const bool swept = std::any_of(lengths.begin(), lengths.end(),
                                   [](const auto& entry) { return entry.second.size() > 1; });
    if (!swept) return std::nullopt;
    const SweepExtent extent = extentOf(measured);
    QCustomPlot timePlot, lowerPlot;
    TimingPlots plots(timePlot, lowerPlot);
    plots.setSweep(results.front().point.config, extent.methods, extent.low, extent.high);
    plots.setResults(results);
    // The two plots stacked, as on the Timing tab.
    const QImage time = drawn(timePlot, QSize(1200, 620));
    const QImage lower = drawn(lowerPlot, QSize(1200, 380));
    QImage figure(time.width(), time.height() + lower.height(), QImage::Format_RGB32);
    figure.fill(Qt::white);
    QPainter painter(&figure);
    painter.drawImage(0, 0, time);
    painter.drawImage(0, time.height(), lower);
    return figure;
}

std::optional<QImage> memoryFigure(const std::vector<BenchmarkResult>& results) {
    const bool measured = std::any_of(results.begin(), results.end(), [](const BenchmarkResult& r) {
        return r.ok() && r.peak_resident_growth && *r.peak_resident_growth > 0;
    });
    if (!measured) return std::nullopt;
    const SweepExtent extent = extentOf(results);
    QCustomPlot timePlot, lowerPlot;
    TimingPlots plots(timePlot, lowerPlot);
    plots.setSweep(results.front().point.config, extent.methods, extent.low, extent.high);
    plots.setResults(results);
    plots.setLowerView(TimingLowerView::memory);
    return drawn(lowerPlot, QSize(1200, 480));
}

std::optional<QImage> stageFigure(const std::vector<BenchmarkResult>& results) {
    QCustomPlot plot;
    StagePlot stages(plot);
    stages.setResults(results);
    if (stages.barCount() == 0) return std::nullopt;
    return drawn(plot, QSize(1200, 700));
}

std::optional<QImage> favorFigure(const std::vector<BenchmarkResult>& results) {
    QCustomPlot plot;
    FavorErrorPlot favor(plot);
    favor.setResults(results);
    if (favor.pointCount() < 2) return std::nullopt;
    return drawn(plot, QSize(1200, 620));
}

QImage heatmapFigure(const HeatmapData& data) {
    const QSize size(1200, 900);
    QCustomPlot plot;
    HeatmapPlot maps(plot);
    // Uniform inputs make softmax nearly flat; the log scale shows the structure a linear scale hides.
    maps.show(data, true);
    // Lay the maps out at the figure's size once, so the Xformer map gets its n × m width.
    plot.setViewport(QRect(QPoint(0, 0), size));
    plot.replot(QCustomPlot::rpImmediateRefresh);
    maps.fitXformerWidth(data);
    return drawn(plot, size);
}

}  // namespace attnscope
