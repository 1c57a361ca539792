#pragma once
#include <QWidget>
#include <vector>

#include "attnscope/benchmark_runner.h"

class QCustomPlot;

namespace attnscope {

// The FAVOR+ tab: error against exact softmax (output and attention matrix, left axis) and time (right
// axis) against the number of random features m, for the performer points of one shape, with exact
// softmax's time as a line when it was measured too: the accuracy / speed trade-off in one picture.
class FavorErrorChart : public QWidget {
    Q_OBJECT
public:
    explicit FavorErrorChart(QWidget* parent = nullptr);

    void setResults(const std::vector<BenchmarkResult>& results);
    QCustomPlot* plot() const { return plot_; }
    int pointCount() const { return points_; }

private:
    QCustomPlot* plot_ = nullptr;
    int points_ = 0;
};

}  // namespace attnscope
