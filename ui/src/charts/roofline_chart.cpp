#include "charts/roofline_chart.h"

#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

#include "attnscope/analysis/result_series.h"
#include "attnscope/io/ceilings_file.h"
#include "attnscope/measuring/system_info.h"
#include "charts/method_style.h"
#include "charts/plot_theme.h"
#include "charts/series_plot_style.h"
#include "qcustomplot.h"

namespace attnscope {

namespace {

QCPGraph* addRoof(QCustomPlot& plot, const QVector<double>& x, const QVector<double>& y, Qt::PenStyle style) {
    QCPGraph* graph = plot.addGraph();
    graph->setPen(QPen(Qt::gray, 2, style));
    graph->setData(x, y, true);
    graph->removeFromLegend();
    setPlotInk(graph, PlotInk::guide);
    return graph;
}

void addRoofLabel(QCustomPlot& plot, double x, double y, Qt::Alignment alignment, const QString& text) {
    auto* label = new QCPItemText(&plot);
    label->position->setCoords(x, y);
    label->setPositionAlignment(alignment);
    label->setPadding(QMargins(4, 2, 4, 2));
    label->setText(text);
    setPlotInk(label, PlotInk::text);
}

}  // namespace

RooflineChart::RooflineChart(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), ceilingsSource_(cachedCeilings) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    plot_->setObjectName(QStringLiteral("rooflinePlot"));
    plot_->setMinimumSize(400, 300);
    layout->addWidget(plot_);
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(
        0, 0,
        new QCPTextElement(plot_,
                           tr("Roofline: attained GFLOP/s against FLOPs per byte moved to and from DRAM"),
                           QFont(QString(), 11, QFont::Bold)));
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        axis->setNumberFormat(QStringLiteral("gb"));
    }
    plot_->xAxis->setLabel(tr("arithmetic intensity (FLOP/byte of modelled DRAM traffic, log)"));
    plot_->yAxis->setLabel(tr("attained GFLOP/s (log)"));
    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignRight | Qt::AlignBottom);
    plot_->setMouseTracking(true);
    connect(plot_, &QCustomPlot::mouseMove, this, &RooflineChart::showToolTip);
    followPalette(*plot_);
    setResults({});
}

void RooflineChart::setCeilingsSource(CeilingsSource source) {
    ceilingsSource_ = std::move(source);
    forgetCeilings();
}

void RooflineChart::setResults(const std::vector<BenchmarkResult>& shown) {
    // A copy of its own: the hovers point into it, and the caller's vector may go or grow.
    results_ = shown;
    const std::vector<BenchmarkResult>& results = results_;
    plot_->clearGraphs();
    plot_->clearItems();
    hovers_.clear();
    points_.clear();
    roofs_.reset();
    notice_.clear();

    // The roofs of the latest point's thread count: points of other counts sit under the wrong roof.
    int threads = 0;
    for (const BenchmarkResult& r : results) {
        if (r.ok()) threads = r.point.config.resolvedThreads();
    }
    if (threads > 0) {
        if (threads != ceilingsThreads_) {
            ceilings_ = ceilingsSource_(threads);
            ceilingsThreads_ = threads;
        }
        if (ceilings_) roofs_ = roofsAt(*ceilings_, threads);
        if (!roofs_ || roofs_->gflops <= 0) {
            roofs_.reset();
            notice_ =
                tr("No measured ceilings for this CPU on %n thread(s): run `attnscope peak --threads %1`\n"
                   "(it takes a few seconds, with nothing else running) to draw the roofs.",
                   nullptr, threads)
                    .arg(threads);
        }
    }

    double xLow = std::numeric_limits<double>::infinity(), xHigh = 0;
    double yLow = std::numeric_limits<double>::infinity(), yHigh = 0;
    for (const ResultSeries& s : groupSeries(results)) {
        QVector<double> x, y;
        const QString label = QString::fromStdString(s.label);
        for (const BenchmarkResult* r : s.points) {
            const std::optional<RooflinePoint> point = rooflinePoint(*r, roofs_);
            if (!point) continue;
            x << point->intensity;
            y << point->gflops;
            hovers_.push_back({point->intensity, point->gflops, r, label, hoverLine(*point, roofs_)});
            points_.push_back(*point);
        }
        if (x.isEmpty()) continue;
        xLow = std::min(xLow, *std::min_element(x.begin(), x.end()));
        xHigh = std::max(xHigh, *std::max_element(x.begin(), x.end()));
        yLow = std::min(yLow, *std::min_element(y.begin(), y.end()));
        yHigh = std::max(yHigh, *std::max_element(y.begin(), y.end()));
        const QColor color = seriesColor(s.method, s.index);
        QCPGraph* graph = plot_->addGraph();
        graph->setName(label);
        graph->setLineStyle(QCPGraph::lsNone);
        // Hollow: points of different series often coincide (the notebook's mirrored shapes do).
        graph->setScatterStyle(QCPScatterStyle(seriesShape(s.index), QPen(color, 2), Qt::NoBrush, 10));
        graph->setData(x, y);
    }
    if (hovers_.empty()) {
        xLow = 1;
        xHigh = 100;
        yLow = 1;
        yHigh = 100;
    }
    if (roofs_) {
        // The ridge points, where a diagonal meets the compute roof, belong in view.
        for (double gbs : {roofs_->dram_gbs, roofs_->l2_gbs}) {
            if (gbs > 0) {
                xLow = std::min(xLow, roofs_->gflops / gbs);
                xHigh = std::max(xHigh, roofs_->gflops / gbs);
            }
        }
        yHigh = std::max(yHigh, roofs_->gflops);
        if (roofs_->dram_gbs > 0) yLow = std::min(yLow, roofs_->dram_gbs * xLow / 4);
    }
    xLow /= 4;
    xHigh *= 4;
    plot_->xAxis->setRange(xLow, xHigh);
    plot_->yAxis->setRange(yLow / 3, yHigh * 3);
    if (roofs_) drawRoofs(xLow, xHigh);

    QString hint = notice_;
    if (hovers_.empty()) {
        if (!hint.isEmpty()) hint += QLatin1Char('\n');
        hint += tr("No measured points yet: run a sweep or a preset; each point lands here as it is timed.");
    }
    if (!hint.isEmpty()) {
        auto* text = new QCPItemText(plot_);
        text->position->setType(QCPItemPosition::ptAxisRectRatio);
        text->position->setCoords(0.5, 0.04);
        text->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
        text->setText(hint);
        setPlotInk(text, PlotInk::muted);
    }
    plot_->legend->setVisible(!hovers_.empty());
    applyPlotPalette(*plot_, plot_->palette());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void RooflineChart::drawRoofs(double low, double high) {
    const Roofs& r = *roofs_;
    addRoof(*plot_, {low, high}, {r.gflops, r.gflops}, Qt::SolidLine);
    addRoofLabel(*plot_, high, r.gflops, Qt::AlignRight | Qt::AlignBottom,
                 tr("FMA %1 %2 GFLOP/s").arg(r.isa).arg(r.gflops, 0, 'f', 0));
    // Each diagonal up to its ridge point, labelled near the left edge under its line: the line rises away
    // from the text, and the next diagonal down is a bandwidth ratio (several times) lower.
    if (r.dram_gbs > 0) {
        addRoof(*plot_, {low, r.gflops / r.dram_gbs}, {r.dram_gbs * low, r.gflops}, Qt::SolidLine);
        addRoofLabel(*plot_, low * 1.3, r.dram_gbs * low * 1.3, Qt::AlignLeft | Qt::AlignTop,
                     tr("DRAM %1 GB/s").arg(r.dram_gbs, 0, 'f', 0));
    }
    if (r.l2_gbs > 0) {
        addRoof(*plot_, {low, r.gflops / r.l2_gbs}, {r.l2_gbs * low, r.gflops}, Qt::DashLine);
        addRoofLabel(*plot_, low * 1.3, r.l2_gbs * low * 1.3, Qt::AlignLeft | Qt::AlignTop,
                     tr("L2 %1 GB/s").arg(r.l2_gbs, 0, 'f', 0));
    }
}

QString RooflineChart::hoverLine(const RooflinePoint& point, const std::optional<Roofs>& roofs) {
    const QString at = tr("%1 FLOP/byte").arg(point.intensity, 0, 'g', 3);
    if (!roofs || !point.percent_of_compute_roof || !point.nearest_roof) return at;
    return tr("%1 · %2% of the %3 FMA roof · %4-bound")
        .arg(at)
        .arg(*point.percent_of_compute_roof, 0, 'f', 1)
        .arg(roofs->isa, roofName(*point.nearest_roof));
}

QString RooflineChart::toolTipAt(const QPoint& pixel) const {
    return chartHoverText(hovers_, *plot_, pixel);
}

void RooflineChart::showToolTip(QMouseEvent* event) {
    const QString text = toolTipAt(event->pos());
    if (text.isEmpty()) {
        QToolTip::hideText();
    } else {
        QToolTip::showText(plot_->mapToGlobal(event->pos()), text, plot_);
    }
}

}  // namespace attnscope
