#include "charts/timing_lower_plot.h"

#include <qcustomplot.h>
#include <algorithm>
#include <limits>

#include "attnscope/analysis/comparison.h"
#include "charts/method_style.h"
#include "charts/plot_theme.h"
#include "charts/series_plot_style.h"

namespace attnscope {

TimingLowerPlot::TimingLowerPlot(QCustomPlot* plot) : plot_(plot) {
    setUpLengthAxis(plot_->xAxis);
    plot_->yAxis->grid()->setSubGridVisible(true);
    unityLine_ = new QCPItemStraightLine(plot_);
    unityLine_->setPen(QPen(plot_->palette().color(QPalette::Dark), 1, Qt::DashLine));
    setPlotInk(unityLine_, PlotInk::guide);
    unityLine_->point1->setCoords(1, 1);
    unityLine_->point2->setCoords(2, 1);
}

void TimingLowerPlot::rebuild(const std::vector<ResultSeries>& series, TimingLowerView view,
                              Method baseline) {
    plot_->clearGraphs();
    hovers_.clear();
    switch (view) {
        case TimingLowerView::speedup:
            showSpeedups(series, baseline);
            break;
        case TimingLowerView::memory:
            showMemory(series);
            break;
        case TimingLowerView::gflops:
            showThroughput(series);
            break;
    }
}

void TimingLowerPlot::resetValueRange() {
    plot_->yAxis->setRange(low_, high_);
}

void TimingLowerPlot::showSpeedups(const std::vector<ResultSeries>& series, Method baseline) {
    std::vector<const BenchmarkResult*> base;
    for (const ResultSeries& s : series) {
        if (s.method == baseline) base.insert(base.end(), s.points.begin(), s.points.end());
    }
    double low = std::numeric_limits<double>::infinity();
    double high = 0;
    for (const ResultSeries& s : series) {
        if (s.method == baseline && s.index == 0) continue;
        const QString label = QString::fromStdString(s.label);
        QVector<double> n, speedup;
        for (const BenchmarkResult* r : s.points) {
            const auto b = std::find_if(base.begin(), base.end(), [r](const BenchmarkResult* candidate) {
                return comparablePoints(candidate->point, r->point);
            });
            if (b == base.end() || r->stats.median <= 0) continue;
            n << static_cast<double>(r->point.config.n);
            speedup << (*b)->stats.median / r->stats.median;
            low = std::min(low, speedup.back());
            high = std::max(high, speedup.back());
            hovers_.push_back(
                {n.back(), speedup.back(), r, label,
                 tr("%1× faster than %2").arg(speedup.back(), 0, 'g', 3).arg(methodLabel(baseline))});
        }
        QCPGraph* graph = plot_->addGraph();
        graph->setObjectName(QStringLiteral("speedup:") + QString::fromStdString(s.key));
        graph->setName(label);
        graph->setPen(QPen(seriesColor(s.method, s.index), 2));
        graph->setScatterStyle(
            QCPScatterStyle(seriesShape(s.index), seriesColor(s.method, s.index), Qt::white, 7));
        graph->setData(n, speedup, true);
    }
    auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
    ticker->setLogBase(2);
    ticker->setSubTickCount(0);
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(ticker);
    plot_->yAxis->setNumberFormat(QStringLiteral("g"));
    plot_->yAxis->setNumberPrecision(3);
    plot_->yAxis->setLabel(tr("speed-up over %1 (×)").arg(methodLabel(baseline)));
    unityLine_->setVisible(true);
    if (!(high > 0)) {
        low = 0.5;
        high = 2;
    }
    low_ = std::min(low, 1.0) / 1.5;
    high_ = std::max(high, 1.0) * 1.5;
}

// Measured peak resident growth (solid) against the cost model's bytes for inputs, output and our
// workspaces (dashed): where they part, something allocates that the model does not know about.
void TimingLowerPlot::showMemory(const std::vector<ResultSeries>& series) {
    constexpr double kMiB = 1024.0 * 1024.0;
    double low = std::numeric_limits<double>::infinity();
    double high = 0;
    for (const ResultSeries& s : series) {
        const QString label = QString::fromStdString(s.label);
        QVector<double> n, measured, modelN, model;
        for (const BenchmarkResult* r : s.points) {
            const double x = static_cast<double>(r->point.config.n);
            const double modelled = r->cost.runBytes() / kMiB;
            modelN << x;
            model << modelled;
            low = std::min(low, modelled);
            high = std::max(high, modelled);
            QString extra = tr("model: %1 MiB (inputs, output, workspaces)").arg(modelled, 0, 'g', 4);
            if (r->peak_resident_growth && *r->peak_resident_growth > 0) {
                n << x;
                measured << static_cast<double>(*r->peak_resident_growth) / kMiB;
                low = std::min(low, measured.back());
                high = std::max(high, measured.back());
                hovers_.push_back({x, measured.back(), r, label,
                                   tr("measured peak resident growth %1 MiB; %2")
                                       .arg(measured.back(), 0, 'g', 4)
                                       .arg(extra)});
            } else {
                hovers_.push_back({x, modelled, r, label, extra});
            }
        }
        const QColor color = seriesColor(s.method, s.index);
        const QString key = QString::fromStdString(s.key);
        QCPGraph* graph = plot_->addGraph();
        graph->setObjectName(QStringLiteral("memory:") + key);
        graph->setName(label);
        graph->setPen(QPen(color, 2));
        graph->setScatterStyle(QCPScatterStyle(seriesShape(s.index), color, Qt::white, 7));
        graph->setData(n, measured, true);
        QCPGraph* modelGraph = plot_->addGraph();
        modelGraph->setObjectName(QStringLiteral("memoryModel:") + key);
        modelGraph->setName(tr("%1 (model)").arg(label));
        modelGraph->setPen(QPen(color, 1.5, Qt::DashLine));
        modelGraph->setData(modelN, model, true);
    }
    auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(ticker);
    plot_->yAxis->setNumberFormat(QStringLiteral("gb"));
    plot_->yAxis->setNumberPrecision(3);
    plot_->yAxis->setLabel(tr("memory (MiB): measured ━  model ┅"));
    unityLine_->setVisible(false);
    if (!(high > 0)) {
        low = 1;
        high = 10;
    }
    low_ = std::max(low, 1e-3) / 2;
    high_ = high * 2;
}

void TimingLowerPlot::showThroughput(const std::vector<ResultSeries>& series) {
    double high = 0;
    for (const ResultSeries& s : series) {
        const QString label = QString::fromStdString(s.label);
        QVector<double> n, gflops;
        for (const BenchmarkResult* r : s.points) {
            n << static_cast<double>(r->point.config.n);
            gflops << r->gflops();
            high = std::max(high, gflops.back());
            hovers_.push_back({n.back(), gflops.back(), r, label, {}});
        }
        QCPGraph* graph = plot_->addGraph();
        graph->setObjectName(QStringLiteral("gflops:") + QString::fromStdString(s.key));
        graph->setName(label);
        graph->setPen(QPen(seriesColor(s.method, s.index), 2));
        graph->setScatterStyle(
            QCPScatterStyle(seriesShape(s.index), seriesColor(s.method, s.index), Qt::white, 7));
        graph->setData(n, gflops, true);
    }
    plot_->yAxis->setScaleType(QCPAxis::stLinear);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    plot_->yAxis->setNumberFormat(QStringLiteral("g"));
    plot_->yAxis->setNumberPrecision(4);
    plot_->yAxis->setLabel(tr("throughput (GFLOP/s)"));
    unityLine_->setVisible(false);
    low_ = 0;
    high_ = high > 0 ? high * 1.15 : 1;
}

}  // namespace attnscope
