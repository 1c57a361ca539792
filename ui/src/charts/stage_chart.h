#pragma once
#include <QCoreApplication>
#include <QPoint>
#include <QString>
#include <QWidget>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

class QCustomPlot;

namespace attnscope {

// The Breakdown figure drawn on a plot, shown (the tab) or bare (the report): one stacked bar per measured
// point (method and n), each stage's share of a call in its own colour, the unattributed rest in grey on top.
class StagePlot {
    Q_DECLARE_TR_FUNCTIONS(attnscope::StageChart)
public:
    explicit StagePlot(QCustomPlot& plot);
    void setResults(const std::vector<BenchmarkResult>& results);
    // The hover text for a pixel of the plot; empty off the bars.
    QString toolTipAt(const QPoint& pixel) const;
    int barCount() const { return static_cast<int>(profiled_.size()); }

private:
    void rebuild();
    QCustomPlot* plot_;
    std::vector<BenchmarkResult> profiled_;  // the points with a stage breakdown, in the order shown
};

// The Breakdown tab: the stage plot, and hovering a segment tells its ms and GFLOP/s.
class StageChart : public QWidget {
    Q_OBJECT
public:
    explicit StageChart(QWidget* parent = nullptr);
    void setResults(const std::vector<BenchmarkResult>& results) { stages_.setResults(results); }
    QCustomPlot* plot() const { return plot_; }
    Q_INVOKABLE QString toolTipAt(const QPoint& pixel) const { return stages_.toolTipAt(pixel); }
    int barCount() const { return stages_.barCount(); }

private:
    QCustomPlot* plot_;
    StagePlot stages_;
};

}  // namespace attnscope
