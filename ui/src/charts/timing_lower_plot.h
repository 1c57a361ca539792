#pragma once
#include <QCoreApplication>
#include <vector>

#include "attnscope/analysis/result_series.h"
#include "attnscope/config/method.h"
#include "charts/chart_hover.h"

class QCustomPlot;
class QCPItemStraightLine;

namespace attnscope {

// What the plot under the timing chart's time plot shows (the combo box's order).
enum class TimingLowerView { speedup, gflops, memory };

// The timing chart's lower plot, on the same n axis as the time plot: each series' speed-up over the
// baseline method, its throughput, or its measured memory beside the cost model's. It draws the series
// core grouped (result_series.h) and nothing else.
class TimingLowerPlot {
    Q_DECLARE_TR_FUNCTIONS(attnscope::TimingChart)

public:
    // Sets up `plot`'s axes and guide line; the plot stays owned by its widget.
    explicit TimingLowerPlot(QCustomPlot* plot);

    // Redraws the graphs (not the plot: resetRange() does) from `series`, whose points must outlive the
    // hovers. `baseline` is the speed-up view's reference method (speedupBaseline, comparison.h).
    void rebuild(const std::vector<ResultSeries>& series, TimingLowerView view, Method baseline);
    // The value axis range that shows every drawn point.
    void resetValueRange();
    const std::vector<ChartHover>& hovers() const { return hovers_; }

private:
    void showSpeedups(const std::vector<ResultSeries>& series, Method baseline);
    void showMemory(const std::vector<ResultSeries>& series);
    void showThroughput(const std::vector<ResultSeries>& series);

    QCustomPlot* plot_;
    QCPItemStraightLine* unityLine_ = nullptr;
    std::vector<ChartHover> hovers_;
    double low_ = 0.5, high_ = 2;
};

}  // namespace attnscope
