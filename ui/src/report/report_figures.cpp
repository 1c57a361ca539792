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
#include "charts/roofline_chart.h"
#include "charts/stage_chart.h"
#include "charts/timing_plots.h"

namespace attnscope {

namespace {

// A figure of `plot` at `size` (logical pixels, drawn at 1.5×) on white.
QImage drawn(QCustomPlot& plot, const QSize& size) {
    const ExportStyleScope style(plot);
    return plot.toPixmap(size.width(), size.height(), 1.5).toImage();
}

// The Timing tab's two plots, bare, drawing `results` over the lengths and methods of `span` (the results
// that set the axes).
struct BareTimingPlots {
    QCustomPlot time;
    QCustomPlot lower;
    TimingPlots plots{time, lower};

    BareTimingPlots(const std::vector<BenchmarkResult>& results, const std::vector<BenchmarkResult>& span) {
        std::vector<Method> methods;
        std::int64_t low = std::numeric_limits<std::int64_t>::max(), high = 0;
        for (const BenchmarkResult& r : span) {
            if (std::find(methods.begin(), methods.end(), r.point.method) == methods.end())
                methods.push_back(r.point.method);
            low = std::min(low, r.point.config.n);
            high = std::max(high, r.point.config.n);
        }
        plots.setSweep(results.front().point.config, methods, low, high);
        plots.setResults(results);
    }
};

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
    BareTimingPlots plots(results, measured);
    // The two plots stacked, as on the Timing tab.
    const QImage time = drawn(plots.time, QSize(1200, 620));
    const QImage lower = drawn(plots.lower, QSize(1200, 380));
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
    BareTimingPlots plots(results, results);
    plots.plots.setLowerView(TimingLowerView::memory);
    return drawn(plots.lower, QSize(1200, 480));
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

std::optional<QImage> rooflineFigure(const std::vector<BenchmarkResult>& results,
                                     const std::optional<MachineCeilings>& ceilings) {
    if (std::none_of(results.begin(), results.end(), [](const BenchmarkResult& r) { return r.ok(); }))
        return std::nullopt;
    RooflineChart chart;
    chart.setCeilingsSource([ceilings](int) { return ceilings; });
    chart.setResults(results);
    return drawn(*chart.plot(), QSize(720, 440));
}

}  // namespace attnscope
