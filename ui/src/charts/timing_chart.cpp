#include "charts/timing_chart.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QToolTip>
#include <QVBoxLayout>

#include "charts/plot_theme.h"
#include "charts/timing_plots.h"

namespace attnscope {

TimingChart::TimingChart(QWidget* parent) : QWidget(parent) {
    plot_ = new QCustomPlot;
    plot_->setObjectName(QStringLiteral("timingPlot"));
    plot_->setAccessibleName(tr("Time per forward pass against sequence length"));
    lower_ = new QCustomPlot;
    lower_->setObjectName(QStringLiteral("lowerPlot"));

    lowerCombo_ = new QComboBox;
    lowerCombo_->setObjectName(QStringLiteral("lowerViewCombo"));
    lowerCombo_->addItem(tr("Speed-up over the baseline"));
    lowerCombo_->addItem(tr("Throughput (GFLOP/s)"));
    lowerCombo_->addItem(tr("Memory: measured peak beside the model"));
    lowerCombo_->setToolTip(tr("What the lower plot shows"));
    connect(lowerCombo_, &QComboBox::currentIndexChanged, this,
            [this](int index) { setLowerView(static_cast<LowerView>(index)); });

    auto* lowerBox = new QWidget;
    auto* lowerLayout = new QVBoxLayout(lowerBox);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    auto* comboRow = new QHBoxLayout;
    auto* comboLabel = new QLabel(tr("Lower plot:"));
    comboLabel->setBuddy(lowerCombo_);
    comboRow->addWidget(comboLabel);
    comboRow->addWidget(lowerCombo_);
    comboRow->addStretch(1);
    comboRow->setContentsMargins(6, 2, 6, 0);
    lowerLayout->addLayout(comboRow);
    lowerLayout->addWidget(lower_, 1);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName(QStringLiteral("timingSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(plot_);
    splitter->addWidget(lowerBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    // Proportions only: QSplitter scales them to the real height once shown.
    splitter->setSizes({600, 400});
    lower_->setMinimumHeight(180);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    plots_ = std::make_unique<TimingPlots>(*plot_, *lower_);
    // Axes, labels, legend and guides take the theme's colours, now and whenever it changes.
    followPalette(*plot_);
    followPalette(*lower_);

    // One n axis for both plots: zooming into a range of n in one shows the same range in the other.
    auto follow = [](QCustomPlot* to) {
        return [to](const QCPRange& range) {
            if (to->xAxis->range() == range) return;
            to->xAxis->setRange(range);
            to->replot(QCustomPlot::rpQueuedReplot);
        };
    };
    connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, follow(lower_));
    connect(lower_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, follow(plot_));
    for (QCustomPlot* plot : {plot_, lower_}) {
        plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        connect(plot, &QCustomPlot::mouseDoubleClick, this, &TimingChart::resetZoom);
        const bool lower = plot == lower_;
        connect(plot, &QCustomPlot::mouseMove, this,
                [this, lower](QMouseEvent* event) { showToolTip(event, lower); });
    }
}

TimingChart::~TimingChart() = default;

void TimingChart::setSweep(const AttentionConfig& config, const std::vector<Method>& methods,
                           std::int64_t min_n, std::int64_t max_n) {
    plots_->setSweep(config, methods, min_n, max_n);
}

void TimingChart::setResults(const std::vector<BenchmarkResult>& results) {
    plots_->setResults(results);
}

void TimingChart::setOverlays(const std::vector<ComparedRun>& overlays) {
    plots_->setOverlays(overlays);
}

void TimingChart::setCaption(const QString& caption) {
    plots_->setCaption(caption);
}

void TimingChart::setLowerView(LowerView view) {
    const int index = static_cast<int>(view);
    if (lowerCombo_->currentIndex() != index) lowerCombo_->setCurrentIndex(index);
    plots_->setLowerView(view);
}

TimingChart::LowerView TimingChart::lowerView() const {
    return plots_->lowerView();
}

void TimingChart::resetZoom() {
    plots_->resetZoom();
}

QString TimingChart::toolTipAt(const QPoint& pixel) const {
    return plots_->toolTipAt(pixel);
}

QString TimingChart::lowerToolTipAt(const QPoint& pixel) const {
    return plots_->lowerToolTipAt(pixel);
}

Method TimingChart::baseline() const {
    return plots_->baseline();
}

void TimingChart::showToolTip(QMouseEvent* event, bool lower) {
    QCustomPlot* plot = lower ? lower_ : plot_;
    const QString text = lower ? lowerToolTipAt(event->pos()) : toolTipAt(event->pos());
    if (text.isEmpty()) {
        QToolTip::hideText();
    } else {
        QToolTip::showText(plot->mapToGlobal(event->pos()), text, plot);
    }
}

}  // namespace attnscope
