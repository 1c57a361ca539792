#pragma once
#include <QCoreApplication>
#include <QWidget>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

class QCustomPlot;

namespace attnscope {

// The FAVOR+ figure drawn on a plot, shown (the tab) or bare (the report): error against exact softmax
// (output and attention matrix, left axis) and time (right axis) against the number of random features m, for
// the performer points of one shape, with exact softmax's time as a line when it was measured too.
class FavorErrorPlot {
    Q_DECLARE_TR_FUNCTIONS(attnscope::FavorErrorChart)
public:
    explicit FavorErrorPlot(QCustomPlot& plot);
    void setResults(const std::vector<BenchmarkResult>& results);
    int pointCount() const { return points_; }

private:
    QCustomPlot* plot_;
    int points_ = 0;
};

// The FAVOR+ error tab: the accuracy / speed trade-off in one picture.
class FavorErrorChart : public QWidget {
    Q_OBJECT
public:
    explicit FavorErrorChart(QWidget* parent = nullptr);
    void setResults(const std::vector<BenchmarkResult>& results) { favor_.setResults(results); }
    QCustomPlot* plot() const { return plot_; }
    int pointCount() const { return favor_.pointCount(); }

private:
    QCustomPlot* plot_;
    FavorErrorPlot favor_;
};

}  // namespace attnscope
