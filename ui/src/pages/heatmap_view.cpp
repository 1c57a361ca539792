#include "attnscope/ui/heatmap_view.h"

#include <qcustomplot.h>
#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <exception>

#include "attnscope/analysis/head_grid.h"
#include "attnscope/analysis/heatmap_data.h"
#include "attnscope/config/config_fields.h"
#include "attnscope/ui/head_grid_view.h"
#include "attnscope/ui/job_tracker.h"
#include "charts/heatmap_plot.h"
#include "charts/plot_theme.h"
#include "parameters/parameter_rows.h"

namespace attnscope {

namespace {

constexpr int kDebounceMs = 150;
// A map longer than this is block-averaged: the maps are a few hundred pixels wide, so more cells would
// only be dropped by the scaler, and the colour mapping would cost more.
constexpr std::int64_t kMaxCells = 1024;
// The grid's maps are a hundred pixels or so: more cells than this would be thrown away by the scaler.
constexpr std::int64_t kGridMaxCells = 128;
// The pages of the stacked widget under the selectors.
constexpr int kMapsPage = 0, kMessagePage = 1, kGridPage = 2;

}  // namespace

HeatmapView::HeatmapView(JobTracker* tracker, QWidget* parent)
    : QWidget(parent), tracker_(tracker ? tracker : new JobTracker(this)) {
    batch_ = new QSpinBox(this);
    head_ = new QSpinBox(this);
    batch_->setToolTip(tr("Which batch element the maps show"));
    head_->setToolTip(tr("Which attention head the maps show"));
    linear_ = new QRadioButton(tr("linear"), this);
    log_ = new QRadioButton(tr("log"), this);
    linear_->setChecked(true);
    linear_->setToolTip(tr("Colour the maps linearly in the weight: shows where attention concentrates"));
    log_->setToolTip(
        tr("Colour the maps logarithmically (six decades): shows the structure of small weights"));
    auto* scale_group = new QButtonGroup(this);
    scale_group->addButton(linear_);
    scale_group->addButton(log_);
    distribution_ = new QComboBox(this);
    distribution_->setObjectName(QStringLiteral("heatmapDistributionCombo"));
    // The same choices, in the same order (the enum's), as the parameters' input row.
    for (const FieldChoice& choice : findConfigField("distribution")->choices) {
        distribution_->addItem(toQString(choice.name));
        distribution_->setItemData(distribution_->count() - 1, toQString(choice.help), Qt::ToolTipRole);
    }
    distribution_->setCurrentIndex(static_cast<int>(ConfigDefaults::kHeatmapDistribution));
    distribution_->setToolTip(
        tr("What the maps draw random Q, K and X from, whatever the timing uses: structured inputs show the "
           "diagonal bands and sink columns of trained attention, uniform and normal ones nearly flat maps"));
    allHeads_ = new QToolButton(this);
    allHeads_->setObjectName(QStringLiteral("allHeadsToggle"));
    allHeads_->setText(tr("All heads"));
    allHeads_->setCheckable(true);
    allHeads_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    allHeads_->setShortcut(QKeySequence(Qt::ALT | Qt::Key_A));
    allHeads_->setToolTip(
        tr("Show softmax attention of every head of this batch element side by side, on one "
           "shared scale; click a head to open it large (Alt+A)"));
    status_ = new QLabel(this);
    status_->setTextFormat(Qt::PlainText);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Batch"), this));
    controls->addWidget(batch_);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Head"), this));
    controls->addWidget(head_);
    controls->addWidget(allHeads_);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Colour scale:"), this));
    controls->addWidget(linear_);
    controls->addWidget(log_);
    controls->addSpacing(12);
    auto* distribution_label = new QLabel(tr("Random inputs:"), this);
    distribution_label->setBuddy(distribution_);
    controls->addWidget(distribution_label);
    controls->addWidget(distribution_);
    controls->addStretch(1);
    controls->addWidget(status_);

    plot_ = new QCustomPlot(this);
    plot_->setMouseTracking(true);
    plot_->setMinimumHeight(160);
    maps_ = std::make_unique<HeatmapPlot>(*plot_);
    // Titles, axes and colour-scale labels take the theme's colours, now and whenever it changes.
    followPalette(*plot_);
    error_ = new QLabel(this);
    error_->setTextFormat(Qt::PlainText);
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    hover_ = new QLabel(tr("Hover over a map to read its row, column and value."), this);
    hover_->setTextFormat(Qt::PlainText);
    hover_->setWordWrap(true);
    hover_->setForegroundRole(QPalette::PlaceholderText);

    auto* maps_page = new QWidget(this);
    auto* maps_layout = new QVBoxLayout(maps_page);
    maps_layout->setContentsMargins(0, 0, 0, 0);
    maps_layout->addWidget(plot_, 1);
    maps_layout->addWidget(error_);
    maps_layout->addWidget(hover_);
    maps_layout->addStretch(0);
    message_ = new QLabel(this);
    message_->setTextFormat(Qt::PlainText);
    message_->setWordWrap(true);
    message_->setAlignment(Qt::AlignCenter);
    message_->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    pages_ = new QStackedWidget(this);
    pages_->addWidget(maps_page);
    pages_->addWidget(message_);
    grid_ = new HeadGridView(this);
    grid_->setObjectName(QStringLiteral("headGrid"));
    pages_->addWidget(grid_);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(pages_, 1);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);
    connect(debounce_, &QTimer::timeout, this, &HeatmapView::startJob);
    auto request = [this] {
        if (hasProblem_) debounce_->start();
    };
    connect(batch_, &QSpinBox::valueChanged, this, request);
    connect(head_, &QSpinBox::valueChanged, this, request);
    connect(distribution_, &QComboBox::currentIndexChanged, this, request);
    connect(allHeads_, &QToolButton::toggled, this, [this, request](bool all) {
        head_->setEnabled(!all);
        request();
    });
    connect(grid_, &HeadGridView::headClicked, this, [this](int head) {
        head_->setValue(head);
        allHeads_->setChecked(false);
    });
    connect(log_, &QRadioButton::toggled, this, [this] {
        grid_->setLogScale(log_->isChecked());
        if (!data_) return;
        maps_->setLogScale(*data_, log_->isChecked());
        plot_->replot();
    });
    connect(plot_, &QCustomPlot::mouseMove, this, &HeatmapView::onMouseMove);
    updateSelectors();
}

HeatmapView::~HeatmapView() {
    if (tracker_) tracker_->cancel(JobTracker::Lane::heatmaps);
}

QAbstractButton* HeatmapView::logScaleToggle() const {
    return log_;
}

QAbstractButton* HeatmapView::allHeadsToggle() const {
    return allHeads_;
}

void HeatmapView::setProblem(const AttentionConfig& config, std::shared_ptr<const UserInputs> inputs) {
    config_ = config;
    inputs_ = std::move(inputs);
    hasProblem_ = true;
    updateSelectors();
    debounce_->start();
}

InputDistribution HeatmapView::inputDistribution() const {
    return static_cast<InputDistribution>(distribution_->currentIndex());
}

void HeatmapView::setInputDistribution(InputDistribution distribution) {
    distribution_->setCurrentIndex(static_cast<int>(distribution));
}

AttentionConfig HeatmapView::mapsConfig() const {
    AttentionConfig config = config_;
    config.distribution = inputDistribution();
    return config;
}

void HeatmapView::updateSelectors() {
    std::int64_t batches = config_.batch;
    if (inputs_) {
        for (const Tensor* t : {&inputs_->q, &inputs_->x}) {
            if (!t->empty()) {
                batches = t->batch();
                break;
            }
        }
    }
    // Moving a range can clamp the value; that must not queue a second request on top of setProblem's.
    // Loaded Q and K replace the random ones the box chooses for.
    distribution_->setEnabled(!inputs_ || inputs_->q.empty());
    const QSignalBlocker block_batch(batch_), block_head(head_);
    batch_->setRange(
        0, static_cast<int>(std::clamp<std::int64_t>(batches - 1, 0, std::numeric_limits<int>::max())));
    head_->setRange(
        0, static_cast<int>(std::clamp<std::int64_t>(config_.heads - 1, 0, std::numeric_limits<int>::max())));
}

void HeatmapView::startJob() {
    QElapsedTimer started;
    started.start();
    status_->setText(tr("computing…"));
    const bool all_heads = allHeads_->isChecked();
    const HeatmapRequest request{batch_->value(), head_->value(), all_heads ? kGridMaxCells : kMaxCells};
    auto work = [config = mapsConfig(), inputs = inputs_, request, all_heads,
                 started](const JobTracker::Job& job) -> JobResult {
        const double waited = static_cast<double>(started.nsecsElapsed()) / 1e6;
        try {
            if (all_heads) {
                auto grid =
                    computeHeadGrid(config, inputs.get(), request.batch, request.max_cells, job.cancelFlag());
                if (!grid) return {};
                return {nullptr, std::make_shared<const HeadGrid>(std::move(*grid)), {}, waited};
            }
            auto data = computeHeatmaps(config, inputs.get(), request, job.cancelFlag());
            if (!data) return {};
            return {std::make_shared<const HeatmapData>(std::move(*data)), nullptr, {}, waited};
        } catch (const std::exception& e) {
            return {nullptr, nullptr, QString::fromStdString(e.what()), waited};
        }
    };
    if (!tracker_) return;
    tracker_->start(JobTracker::Lane::heatmaps, this, std::move(work),
                    [this, started](const JobResult& result) { showResult(result, started); });
}

void HeatmapView::showResult(const JobResult& result, const QElapsedTimer& started) {
    if (result.grid) {
        message_->clear();
        grid_->setCurrentHead(head_->value());
        grid_->setGrid(result.grid, log_->isChecked());
        pages_->setCurrentIndex(kGridPage);
        reportLatency(started, result.waited_ms);
        return;
    }
    if (!result.data) {
        if (!result.error.isEmpty()) showMessage(result.error);
        return;
    }
    data_ = result.data;
    message_->clear();
    pages_->setCurrentIndex(kMapsPage);
    maps_->show(*data_, log_->isChecked());
    error_->setText(HeatmapPlot::errorText(*data_));
    error_->setToolTip(HeatmapPlot::inputsToolTip(*data_));
    plot_->replot(QCustomPlot::rpImmediateRefresh);
    fitHeightToMaps();
    reportLatency(started, result.waited_ms);
}

void HeatmapView::reportLatency(const QElapsedTimer& started, double waited_ms) {
    const double latencyMs = static_cast<double>(started.nsecsElapsed()) / 1e6;
    lastWaitMs_ = waited_ms;
    status_->setText(waitNote(tr("updated in %1 ms").arg(latencyMs, 0, 'f', 0), lastWaitMs_));
    emit updated(latencyMs);
}

QString HeatmapView::waitNote(const QString& text, double waited_ms) {
    // A few ms are the event loop; more is a measured point the computation waited for.
    if (waited_ms < 20) return text;
    return tr("%1 (%2 ms waited)").arg(text).arg(waited_ms, 0, 'f', 0);
}

void HeatmapView::showMessage(const QString& message) {
    data_.reset();
    maps_->clear();
    error_->clear();
    message_->setText(tr("The heatmaps cannot be computed:\n%1").arg(message));
    pages_->setCurrentIndex(kMessagePage);
    status_->setText(tr("invalid parameters"));
    emit failed(message);
}

void HeatmapView::fitHeightToMaps() {
    if (!data_) return;
    // The n × n maps should be square; the plot's width is set by the tab, so its height follows.
    const int wanted = maps_->fitXformerWidth(*data_);
    if (std::abs(wanted - plot_->maximumHeight()) > 2) {
        plot_->setMaximumHeight(std::max(plot_->minimumHeight(), wanted));
    }
    plot_->replot();
}

void HeatmapView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Let the plot grow again first; the height is fitted once the new column widths are known.
    plot_->setMaximumHeight(QWIDGETSIZE_MAX);
    QTimer::singleShot(0, this, [this] {
        if (!data_) return;
        plot_->replot(QCustomPlot::rpImmediateRefresh);
        fitHeightToMaps();
    });
}

QCPColorMap* HeatmapView::colorMap(HeatmapKind kind) const {
    return maps_->map(kind);
}

QCPColorScale* HeatmapView::attentionScale() const {
    return maps_->attentionScale();
}

QCPColorScale* HeatmapView::differenceScale() const {
    return maps_->differenceScale();
}

QString HeatmapView::title(HeatmapKind kind) const {
    return maps_->title(kind);
}

const BlockMap* HeatmapView::shownMap(HeatmapKind kind) const {
    return data_ ? &heatmapOf(*data_, kind) : nullptr;
}

QString HeatmapView::errorText() const {
    return error_->text();
}

QString HeatmapView::message() const {
    return pages_->currentIndex() == kMessagePage ? message_->text() : QString();
}

QString HeatmapView::describeCell(HeatmapKind kind, double key, double value) const {
    return data_ ? maps_->describeCell(*data_, kind, key, value) : QString();
}

void HeatmapView::onMouseMove(QMouseEvent* event) {
    const QPointF pos = event->position();
    for (HeatmapKind kind : kHeatmapKinds) {
        const QCPColorMap* map = maps_->map(kind);
        if (!map->keyAxis()->axisRect()->rect().contains(pos.toPoint())) continue;
        const QString text = describeCell(kind, map->keyAxis()->pixelToCoord(pos.x()),
                                          map->valueAxis()->pixelToCoord(pos.y()));
        if (text.isEmpty()) break;
        hover_->setText(text.section(QLatin1Char('\n'), 0, 0));
        QToolTip::showText(event->globalPosition().toPoint(), text, plot_);
        return;
    }
    QToolTip::hideText();
}

}  // namespace attnscope
