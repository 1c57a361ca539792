#include "charts/stage_chart.h"

#include <QMouseEvent>
#include <QSharedPointer>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>

#include "charts/method_style.h"
#include "charts/plot_theme.h"
#include "qcustomplot.h"

namespace attnscope {

namespace {

// One colour per stage, picked so that neighbouring stages in any method's order differ in hue.
QColor stageColor(Stage stage) {
    switch (stage) {
        case Stage::projection:
            return QColor(0x4e, 0x79, 0xa7);
        case Stage::pooling:
            return QColor(0x76, 0xb7, 0xb2);
        case Stage::feature_map:
            return QColor(0xb0, 0x7a, 0xa1);
        case Stage::scores:
            return QColor(0xf2, 0x8e, 0x2b);
        case Stage::softmax:
            return QColor(0xe1, 0x57, 0x59);
        case Stage::weighted_sum:
            return QColor(0x59, 0xa1, 0x4f);
        case Stage::key_values:
            return QColor(0xed, 0xc9, 0x48);
        case Stage::query_product:
            return QColor(0x9c, 0x75, 0x5f);
        case Stage::output_projection:
            return QColor(0x2f, 0x4b, 0x7c);
    }
    return Qt::gray;
}

const QColor kOtherColor(0xba, 0xb0, 0xac);

// Few bars get three lines under them; many get one line, drawn slanted.
QString barLabel(const BenchmarkResult& r, bool show_d, bool compact) {
    const AttentionConfig& c = r.point.config;
    const QString separator = compact ? QStringLiteral(" ") : QStringLiteral("\n");
    QString label = methodLabel(r.point.method) + separator + QStringLiteral("n=%1").arg(c.n);
    if (show_d) label += QStringLiteral(" d=%1").arg(c.d);
    if (usesAlphaBeta(r.point.method)) label += QStringLiteral(" α%1 β%2").arg(c.alpha).arg(c.beta);
    if (usesRandomFeatures(r.point.method)) label += QStringLiteral(" m=%1").arg(c.featureCount());
    return label + separator + QStringLiteral("%1 ms").arg(r.stages.wall_seconds * 1e3, 0, 'g', 3);
}

}  // namespace

StagePlot::StagePlot(QCustomPlot& plot) : plot_(&plot) {
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(
        0, 0,
        new QCPTextElement(plot_, tr("Where the time goes: each stage's share of a call"),
                           QFont(QString(), 11, QFont::Bold)));
    plot_->yAxis->setRange(0, 100);
    plot_->yAxis->setLabel(tr("share of the call (%), stage clocks inside the kernels"));
    // The legend goes in a row under the plot, wrapped into columns: the bars fill the full height.
    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->take(plot_->legend);
    plot_->plotLayout()->addElement(2, 0, plot_->legend);
    plot_->plotLayout()->setRowStretchFactor(2, 0.001);
    plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot_->legend->setWrap(4);
    plot_->legend->setBorderPen(Qt::NoPen);
    rebuild();
}

void StagePlot::setResults(const std::vector<BenchmarkResult>& results) {
    profiled_.clear();
    for (const BenchmarkResult& r : results) {
        if (r.ok() && r.stages.calls > 0 && r.stages.wall_seconds > 0) profiled_.push_back(r);
    }
    rebuild();
}

void StagePlot::rebuild() {
    plot_->clearPlottables();
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const bool show_d = std::any_of(profiled_.begin(), profiled_.end(), [this](const BenchmarkResult& r) {
        return r.point.config.d != profiled_.front().point.config.d;
    });
    const bool compact = profiled_.size() > 8;
    for (std::size_t i = 0; i < profiled_.size(); ++i) {
        ticker->addTick(static_cast<double>(i), barLabel(profiled_[i], show_d, compact));
    }
    plot_->xAxis->setTickLabelRotation(compact ? -50 : 0);
    // Slanted labels reach left of their bar: room for the first one's.
    plot_->xAxis->setRange(compact ? -3.0 : -0.6,
                           std::max<double>(1.0, static_cast<double>(profiled_.size())) - 0.4);
    plot_->xAxis->setTicker(ticker);

    // Stages in the order they first appear, so the stack reads bottom-up as a call runs.
    std::vector<Stage> order;
    for (const BenchmarkResult& r : profiled_) {
        for (const StageTime& s : r.stages.stages) {
            if (std::find(order.begin(), order.end(), s.stage) == order.end()) order.push_back(s.stage);
        }
    }
    QCPBars* below = nullptr;
    auto addLayer = [&](const QString& name, const QColor& color, auto&& share_of) {
        auto* bars = new QCPBars(plot_->xAxis, plot_->yAxis);
        bars->setName(name);
        bars->setWidth(0.6);
        bars->setPen(QPen(color.darker(140)));
        bars->setBrush(color);
        for (std::size_t i = 0; i < profiled_.size(); ++i) {
            bars->addData(static_cast<double>(i), share_of(profiled_[i]) * 100);
        }
        if (below) bars->moveAbove(below);
        below = bars;
    };
    for (Stage stage : order) {
        addLayer(QString::fromUtf8(stageLabel(stage).data()), stageColor(stage),
                 [stage](const BenchmarkResult& r) {
                     for (const StageTime& s : r.stages.stages) {
                         if (s.stage == stage) return s.seconds / r.stages.wall_seconds;
                     }
                     return 0.0;
                 });
    }
    if (!profiled_.empty()) {
        addLayer(tr("other (idle threads, scheduling)"), kOtherColor,
                 [](const BenchmarkResult& r) { return r.stages.unattributed() / r.stages.wall_seconds; });
    }
    plot_->legend->setVisible(!profiled_.empty());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString StagePlot::toolTipAt(const QPoint& pixel) const {
    if (profiled_.empty()) return {};
    const double x = plot_->xAxis->pixelToCoord(pixel.x());
    const double y = plot_->yAxis->pixelToCoord(pixel.y());
    const auto index = static_cast<long>(std::lround(x));
    if (index < 0 || index >= static_cast<long>(profiled_.size()) || std::abs(x - index) > 0.3 || y < 0)
        return {};
    const BenchmarkResult& r = profiled_[static_cast<std::size_t>(index)];
    const double call = r.stages.wall_seconds;
    double top = 0;
    QString text =
        QStringLiteral("<b>%1</b><br>").arg(QString::fromStdString(r.point.name()).toHtmlEscaped());
    for (const StageTime& s : r.stages.stages) {
        const double bottom = top;
        top += s.seconds / call * 100;
        if (y >= bottom && y < top) {
            text += tr("%1: %2 ms per call (%3%)")
                        .arg(QString::fromUtf8(stageLabel(s.stage).data()))
                        .arg(s.seconds * 1e3, 0, 'g', 4)
                        .arg(s.seconds / call * 100, 0, 'f', 1);
            if (s.flops > 0) text += tr(", %1 GFLOP/s").arg(s.gflops(), 0, 'f', 1);
            return text + tr("<br>call: %1 ms over %2 profiled call(s)")
                              .arg(call * 1e3, 0, 'g', 4)
                              .arg(r.stages.calls);
        }
    }
    if (y < top + r.stages.unattributed() / call * 100 + 0.5) {
        return text + tr("other (idle threads, scheduling): %1 ms per call")
                          .arg(r.stages.unattributed() * 1e3, 0, 'g', 4);
    }
    return {};
}

StageChart::StageChart(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)), stages_(*plot_) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    plot_->setObjectName(QStringLiteral("stagePlot"));
    plot_->setMinimumSize(400, 300);
    layout->addWidget(plot_);
    plot_->setMouseTracking(true);
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        const QString text = toolTipAt(event->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
        } else {
            QToolTip::showText(plot_->mapToGlobal(event->pos()), text, plot_);
        }
    });
    followPalette(*plot_);
}

}  // namespace attnscope
