#pragma once
#include <QCoreApplication>
#include <QPoint>
#include <QString>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

class QCustomPlot;

namespace attnscope {

// A measured point where it is drawn on a plot, with what its tooltip says about it.
struct ChartHover {
    double n = 0;
    double value = 0;  // in the plot's value coordinates
    const BenchmarkResult* result = nullptr;
    QString label;  // the series'
    QString extra;  // a line about the plotted value, e.g. the speed-up; empty for none
};

// The tooltip (rich text) of the hover nearest to `pixel` on `plot`, within a few pixels; empty when none
// is that near.
QString chartHoverText(const std::vector<ChartHover>& hovers, const QCustomPlot& plot, const QPoint& pixel);

}  // namespace attnscope
