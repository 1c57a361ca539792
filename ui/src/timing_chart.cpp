#include "timing_chart.h"

#include <qcustomplot.h>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "attnscope/cost_model.h"
#include "method_style.h"

namespace attnscope {

namespace {

// Four points per octave keep the kinks of ceil(n / beta) visible without a jagged look.
constexpr int kSamplesPerOctave = 4;

double predictedMilliseconds(Method method, const AttentionConfig& config) {
    return estimateCost(method, config).flops / (TimingChart::kAssumedGflops * 1e9) * 1e3;
}

}  // namespace

TimingChart::TimingChart(QWidget* parent) : QWidget(parent) {
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("timingPlot"));
    plot_->setAccessibleName(tr("Time per forward pass against sequence length"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);

    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    plot_->plotLayout()->insertRow(0);
    auto* title = new QCPTextElement(
        plot_, tr("Time per forward pass: model prediction at %1 GFLOP/s").arg(kAssumedGflops), titleFont);
    title->setObjectName(QStringLiteral("timingTitle"));
    plot_->plotLayout()->addElement(0, 0, title);
    plot_->plotLayout()->insertRow(1);
    subtitle_ = new QCPTextElement(plot_, QString(), font());
    subtitle_->setTextColor(palette().color(QPalette::PlaceholderText));
    plot_->plotLayout()->addElement(1, 0, subtitle_);

    // Powers of two on n: the values users pick, and every label is an exact integer.
    auto nTicker = QSharedPointer<QCPAxisTickerLog>::create();
    nTicker->setLogBase(2);
    nTicker->setSubTickCount(0);
    nTicker->setTickCount(11);
    plot_->xAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->xAxis->setTicker(nTicker);
    plot_->xAxis->setNumberFormat(QStringLiteral("f"));
    plot_->xAxis->setNumberPrecision(0);
    // A little room beyond the sampled range keeps the end ticks and their labels inside the axis rect.
    plot_->xAxis->setRange(static_cast<double>(kMinN) / 1.2, static_cast<double>(kMaxN) * 1.2);
    plot_->xAxis->setLabel(tr("sequence length n"));

    auto timeTicker = QSharedPointer<QCPAxisTickerLog>::create();
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(timeTicker);
    plot_->yAxis->setNumberFormat(QStringLiteral("eb"));
    plot_->yAxis->setNumberPrecision(0);
    plot_->yAxis->setLabel(tr("time per forward (ms)"));
    plot_->yAxis->grid()->setSubGridVisible(true);

    plot_->legend->setVisible(true);
    plot_->legend->setBrush(QColor(255, 255, 255, 220));
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);

    currentNLine_ = new QCPItemStraightLine(plot_);
    currentNLine_->setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DotLine));
    currentNLabel_ = new QCPItemText(plot_);
    currentNLabel_->position->setTypeX(QCPItemPosition::ptPlotCoords);
    currentNLabel_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    currentNLabel_->setPositionAlignment(Qt::AlignBottom | Qt::AlignLeft);
    currentNLabel_->setPadding(QMargins(4, 0, 0, 4));
    currentNLabel_->setColor(palette().color(QPalette::Text));

    emptyHint_ = new QCPItemText(plot_);
    emptyHint_->position->setType(QCPItemPosition::ptAxisRectRatio);
    emptyHint_->position->setCoords(0.5, 0.5);
    emptyHint_->setText(tr("Select a method to see its predicted cost."));
    emptyHint_->setColor(palette().color(QPalette::PlaceholderText));
}

void TimingChart::showPrediction(const AttentionConfig& config, const std::vector<Method>& methods) {
    plot_->clearGraphs();
    double lowest = std::numeric_limits<double>::infinity();
    double highest = 0;
    const int firstSample = static_cast<int>(std::log2(static_cast<double>(kMinN))) * kSamplesPerOctave;
    const int lastSample = static_cast<int>(std::log2(static_cast<double>(kMaxN))) * kSamplesPerOctave;
    struct Curve {
        Method method;
        QVector<double> n;
        QVector<double> milliseconds;
    };
    std::vector<Curve> curves;
    for (Method method : methods) {
        Curve curve{method, {}, {}};
        AttentionConfig sample = config;
        for (int k = firstSample; k <= lastSample; ++k) {
            sample.n = std::llround(std::exp2(static_cast<double>(k) / kSamplesPerOctave));
            const double ms = predictedMilliseconds(method, sample);
            curve.n << static_cast<double>(sample.n);
            curve.milliseconds << ms;
            lowest = std::min(lowest, ms);
            highest = std::max(highest, ms);
        }
        curves.push_back(std::move(curve));
    }
    for (std::size_t i = 0; i < curves.size(); ++i) {
        // Methods with the same FLOPs (quadratic and softmax) give the same curve; interleaving their dashes
        // (keeping gaps, the mark of a model curve) shows every colour instead of letting the last one drawn
        // hide the others.
        int sameBefore = 0;
        int same = 0;
        for (std::size_t j = 0; j < curves.size(); ++j) {
            if (curves[j].milliseconds != curves[i].milliseconds) continue;
            ++same;
            if (j < i) ++sameBefore;
        }
        constexpr double kDash = 3;  // in pen widths
        QPen pen(methodColor(curves[i].method), 2);
        pen.setDashPattern({kDash, kDash * (2 * same - 1)});
        pen.setDashOffset(2 * kDash * sameBefore);

        QCPGraph* graph = plot_->addGraph();
        graph->setName(tr("%1 (model)").arg(methodLabel(curves[i].method)));
        graph->setPen(pen);
        graph->setData(curves[i].n, curves[i].milliseconds, true);
    }

    const bool empty = methods.empty() || !(highest > 0);
    if (!empty) plot_->yAxis->setRange(lowest / 2, highest * 2);
    plot_->legend->setVisible(!empty);
    emptyHint_->setVisible(empty);

    subtitle_->setText(tr("FLOPs of the cost model for batch %1, d %2, heads %3; measured times arrive with "
                          "the measuring engine")
                           .arg(config.batch)
                           .arg(config.d)
                           .arg(config.heads));

    const bool showN = !empty && config.n >= kMinN && config.n <= kMaxN;
    currentNLine_->setVisible(showN);
    currentNLabel_->setVisible(showN);
    if (showN) {
        const double n = static_cast<double>(config.n);
        currentNLine_->point1->setCoords(n, lowest);
        currentNLine_->point2->setCoords(n, highest);
        currentNLabel_->position->setCoords(n, 1.0);
        currentNLabel_->setText(tr("n = %1").arg(config.n));
    }
    plot_->replot();
}

}  // namespace attnscope
