#pragma once
#include <QWidget>
#include <functional>
#include <optional>
#include <vector>

#include "attnscope/io/ceilings_file.h"
#include "attnscope/measuring/benchmark_runner.h"
#include "attnscope/measuring/machine_ceilings.h"
#include "charts/chart_hover.h"
#include "charts/roofline_points.h"

class QCustomPlot;
class QMouseEvent;

namespace attnscope {

// The Roofline tab: each measured point at its arithmetic intensity (estimateTraffic's DRAM bytes) and its
// attained GFLOP/s, under the machine's measured compute roof and DRAM and L2 bandwidth diagonals.
class RooflineChart : public QWidget {
    Q_OBJECT
public:
    using CeilingsSource = std::function<std::optional<MachineCeilings>(int threads)>;

    explicit RooflineChart(QWidget* parent = nullptr);
    void setResults(const std::vector<BenchmarkResult>& results);
    // Where the ceilings come from (cachedCeilings unless a test says otherwise); read at the next
    // setResults.
    void setCeilingsSource(CeilingsSource source);
    // The ceilings are read once per thread count, not at every redraw (a streamed result redraws the tab
    // ten times a second); this makes the next setResults read them again, e.g. once `attnscope peak` ran.
    void forgetCeilings() { ceilingsThreads_ = 0; }

    QCustomPlot* plot() const { return plot_; }
    const std::vector<ChartHover>& hovers() const { return hovers_; }
    // The points drawn, series by series, as their hovers describe them.
    const std::vector<RooflinePoint>& points() const { return points_; }
    const std::optional<Roofs>& roofs() const { return roofs_; }
    // Why no roofs are drawn (with the command that measures them), or empty when they are.
    const QString& notice() const { return notice_; }
    QString toolTipAt(const QPoint& pixel) const;

private:
    void drawRoofs(double low, double high);
    static QString hoverLine(const RooflinePoint& point, const std::optional<Roofs>& roofs);
    void showToolTip(QMouseEvent* event);

    QCustomPlot* plot_;
    CeilingsSource ceilingsSource_;
    int ceilingsThreads_ = 0;  // whose ceilings_ are read; 0 = none read yet
    std::optional<MachineCeilings> ceilings_;
    std::optional<Roofs> roofs_;
    QString notice_;
    std::vector<BenchmarkResult> results_;  // what hovers_ and points_ point into
    std::vector<ChartHover> hovers_;
    std::vector<RooflinePoint> points_;
};

}  // namespace attnscope
