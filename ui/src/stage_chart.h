#pragma once
#include <QPoint>
#include <QString>
#include <QWidget>
#include <vector>

#include "attnscope/benchmark_runner.h"

class QCustomPlot;

namespace attnscope {

// The Breakdown tab: one stacked bar per measured point (method and n), each stage's share of a call in its
// own colour, the unattributed rest in grey on top; hovering a segment tells its ms and GFLOP/s.
class StageChart : public QWidget {
    Q_OBJECT
public:
    explicit StageChart(QWidget* parent = nullptr);

    void setResults(const std::vector<BenchmarkResult>& results);
    QCustomPlot* plot() const { return plot_; }
    // The hover text for a pixel of the plot; empty off the bars.
    Q_INVOKABLE QString toolTipAt(const QPoint& pixel) const;
    int barCount() const { return static_cast<int>(profiled_.size()); }

private:
    void rebuild();

    QCustomPlot* plot_ = nullptr;
    std::vector<BenchmarkResult> profiled_;  // the points with a stage breakdown, in the order shown
};

}  // namespace attnscope
