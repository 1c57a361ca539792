#include "charts/favor_error_chart.h"

#include <QSharedPointer>
#include <QVBoxLayout>
#include <algorithm>

#include "attnscope/analysis/comparison.h"
#include "charts/method_style.h"
#include "charts/plot_theme.h"
#include "qcustomplot.h"

namespace attnscope {

FavorErrorPlot::FavorErrorPlot(QCustomPlot& plot) : plot_(&plot) {
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0,
                                    new QCPTextElement(plot_,
                                                       tr("FAVOR+ against exact softmax: error and time per "
                                                          "number of random features m"),
                                                       QFont(QString(), 11, QFont::Bold)));
    auto log2 = QSharedPointer<QCPAxisTickerLog>::create();
    log2->setLogBase(2);
    log2->setSubTickCount(0);
    plot_->xAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->xAxis->setTicker(log2);
    plot_->xAxis->setLabel(tr("random features m per head (log scale)"));
    for (QCPAxis* axis : {plot_->yAxis, plot_->yAxis2}) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        axis->setNumberFormat(QStringLiteral("gb"));
    }
    plot_->yAxis->setLabel(tr("relative Frobenius error (log)"));
    plot_->yAxis2->setLabel(tr("median time per call (ms, log)"));
    plot_->yAxis2->setVisible(true);
    plot_->legend->setVisible(true);
    // Left middle: the error curves run along the bottom and top, the time curve rises to the right.
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignLeft | Qt::AlignVCenter);
    setResults({});
}

void FavorErrorPlot::setResults(const std::vector<BenchmarkResult>& results) {
    plot_->clearGraphs();
    plot_->clearItems();
    // The shape of the latest performer point with an error; its other feature counts make the curve.
    const BenchmarkResult* latest = nullptr;
    for (const BenchmarkResult& r : results) {
        if (r.ok() && r.point.method == Method::performer && r.approximation) latest = &r;
    }
    std::vector<const BenchmarkResult*> curve;
    const BenchmarkResult* exact = nullptr;
    if (latest) {
        for (const BenchmarkResult& r : results) {
            if (!r.ok() || !comparablePoints(r.point, latest->point)) continue;
            if (r.point.method == Method::performer && r.approximation) curve.push_back(&r);
            if (r.point.method == Method::softmax) exact = &r;
        }
    }
    std::sort(curve.begin(), curve.end(), [](const BenchmarkResult* a, const BenchmarkResult* b) {
        return a->point.config.featureCount() < b->point.config.featureCount();
    });
    points_ = static_cast<int>(curve.size());

    QVector<double> m, output, attention, attention_m, time;
    for (const BenchmarkResult* r : curve) {
        m << static_cast<double>(r->point.config.featureCount());
        output << r->approximation->output;
        time << r->stats.median * 1e3;
        if (r->approximation->attention) {
            attention_m << m.back();
            attention << *r->approximation->attention;
        }
    }
    const QColor favor = methodColor(Method::performer);
    QCPGraph* outputGraph = plot_->addGraph();
    outputGraph->setName(tr("output error"));
    outputGraph->setPen(QPen(favor, 2));
    outputGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, favor, Qt::white, 7));
    outputGraph->setData(m, output, true);
    QCPGraph* attentionGraph = plot_->addGraph();
    attentionGraph->setName(tr("attention-matrix error (batch 0, head 0)"));
    attentionGraph->setPen(QPen(favor.darker(150), 2, Qt::DashLine));
    attentionGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDiamond, favor.darker(150), Qt::white, 8));
    attentionGraph->setData(attention_m, attention, true);
    QCPGraph* timeGraph = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
    timeGraph->setName(tr("FAVOR+ time (right axis)"));
    timeGraph->setPen(QPen(QColor(0x55, 0x55, 0x55), 2));
    timeGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssSquare, QColor(0x55, 0x55, 0x55), Qt::white, 7));
    timeGraph->setData(m, time, true);

    double timeLow = time.isEmpty() ? 0.1 : *std::min_element(time.begin(), time.end());
    double timeHigh = time.isEmpty() ? 10 : *std::max_element(time.begin(), time.end());
    if (exact && !m.isEmpty()) {
        const double softmaxMs = exact->stats.median * 1e3;
        QCPGraph* exactGraph = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
        exactGraph->setName(tr("exact softmax time (right axis)"));
        exactGraph->setPen(QPen(methodColor(Method::softmax), 2, Qt::DotLine));
        exactGraph->setData({m.front() / 1.4, m.back() * 1.4}, {softmaxMs, softmaxMs}, true);
        timeLow = std::min(timeLow, softmaxMs);
        timeHigh = std::max(timeHigh, softmaxMs);
    }
    double errorLow = 1e-3, errorHigh = 1;
    if (!output.isEmpty()) {
        errorLow = *std::min_element(output.begin(), output.end());
        errorHigh = *std::max_element(output.begin(), output.end());
        for (double a : attention) {
            errorLow = std::min(errorLow, a);
            errorHigh = std::max(errorHigh, a);
        }
    }
    plot_->xAxis->setRange(m.isEmpty() ? 4 : m.front() / 1.5, m.isEmpty() ? 512 : m.back() * 1.5);
    plot_->yAxis->setRange(std::max(errorLow, 1e-9) / 2, errorHigh * 2);
    plot_->yAxis2->setRange(std::max(timeLow, 1e-6) / 2, timeHigh * 2);
    if (curve.empty()) {
        auto* hint = new QCPItemText(plot_);
        hint->position->setType(QCPItemPosition::ptAxisRectRatio);
        hint->position->setCoords(0.5, 0.5);
        hint->setText(
            tr("No FAVOR+ points yet: choose the favor-error preset in the toolbar, or measure\n"
               "performer at several feature counts m (features in the parameter panel)."));
        setPlotInk(hint, PlotInk::muted);
    }
    plot_->legend->setVisible(!curve.empty());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

FavorErrorChart::FavorErrorChart(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), favor_(*plot_) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    plot_->setObjectName(QStringLiteral("favorErrorPlot"));
    plot_->setMinimumSize(400, 300);
    layout->addWidget(plot_);
    followPalette(*plot_);
}

}  // namespace attnscope
