#include "attnscope/ui/heatmap_view.h"

#include <qcustomplot.h>
#include <QButtonGroup>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

#include "attnscope/heatmap_data.h"
#include "plot_theme.h"

namespace attnscope {

namespace {

constexpr int kDebounceMs = 150;
// A map longer than this is block-averaged: the maps are a few hundred pixels wide, so more cells would
// only be dropped by the scaler, and the colour mapping would cost more.
constexpr std::int64_t kMaxCells = 1024;
// Log scales span at most this many decades below the maximum, so that a few underflowed weights
// (exp(-50) and the like) do not squeeze every visible value into one colour.
constexpr double kLogDecades = 6;
// The Xformer map's width follows m / n, but never so narrow that its axis becomes unreadable.
constexpr double kMinXformerWidthShare = 0.35;

// Perceptually uniform gradients (QCustomPlot 2.1 has neither): viridis for attention weights, inferno for
// the difference, so the separately scaled difference map never looks like it shares the first scale.
QCPColorGradient gradientFromStops(std::initializer_list<const char*> stops) {
    QCPColorGradient gradient;
    gradient.clearColorStops();
    const double last = static_cast<double>(stops.size() - 1);
    int i = 0;
    for (const char* color : stops) gradient.setColorStopAt(i++ / last, QColor(color));
    gradient.setLevelCount(256);
    return gradient;
}

QCPColorGradient viridis() {
    return gradientFromStops(
        {"#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"});
}

QCPColorGradient inferno() {
    return gradientFromStops(
        {"#000004", "#1f0c48", "#550f6d", "#88226a", "#ba3655", "#e35933", "#f98c0a", "#f9c932", "#fcffa4"});
}

QString number(double value) {
    return QString::number(value, 'g', 3);
}

const BlockMap& mapOf(const HeatmapData& data, HeatmapKind kind) {
    switch (kind) {
        case HeatmapKind::softmax:
            return data.softmax;
        case HeatmapKind::xformer:
            return data.xformer;
        case HeatmapKind::performer:
            return data.performer;
        case HeatmapKind::difference:
            break;
    }
    return data.difference;
}

QString xformerInputNote(const HeatmapData& data) {
    if (data.xformer_uses_x) return HeatmapView::tr("Xformer input X: the loaded X");
    if (data.xformer_uses_q) {
        return HeatmapView::tr(
            "Xformer input X: the loaded Q (the Xformer projects X itself and no X was "
            "loaded)");
    }
    return HeatmapView::tr("Xformer input X: random (seed %1)").arg(data.config.seed);
}

QString rangeText(const QString& singular, const QString& plural, std::int64_t first, std::int64_t count) {
    return count == 1 ? QStringLiteral("%1 %2").arg(singular).arg(first)
                      : QStringLiteral("%1 %2–%3").arg(plural).arg(first).arg(first + count - 1);
}

struct ValueRange {
    double lower = std::numeric_limits<double>::infinity();
    double upper = -std::numeric_limits<double>::infinity();
    double smallest_positive = std::numeric_limits<double>::infinity();

    void include(const Eigen::Map<const MatrixRM>& values) {
        lower = std::min(lower, static_cast<double>(values.minCoeff()));
        upper = std::max(upper, static_cast<double>(values.maxCoeff()));
        const float positive =
            values.unaryExpr([](float v) { return v > 0 ? v : std::numeric_limits<float>::infinity(); })
                .minCoeff();
        smallest_positive = std::min(smallest_positive, static_cast<double>(positive));
    }

    QCPRange linear() const { return upper > lower ? QCPRange(lower, upper) : QCPRange(lower, lower + 1e-9); }
    QCPRange logarithmic() const {
        const double top = upper > 0 ? upper : 1.0;
        const double bottom = std::max(std::isfinite(smallest_positive) ? smallest_positive : top * 1e-3,
                                       top * std::pow(10.0, -kLogDecades));
        return bottom < top ? QCPRange(bottom, top) : QCPRange(top / 10, top);
    }
};

}  // namespace

HeatmapView::HeatmapView(QWidget* parent) : QWidget(parent) {
    pool_.setMaxThreadCount(1);
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
    status_ = new QLabel(this);
    status_->setTextFormat(Qt::PlainText);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Batch"), this));
    controls->addWidget(batch_);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Head"), this));
    controls->addWidget(head_);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Colour scale:"), this));
    controls->addWidget(linear_);
    controls->addWidget(log_);
    controls->addStretch(1);
    controls->addWidget(status_);

    plot_ = new QCustomPlot(this);
    plot_->setMouseTracking(true);
    plot_->setMinimumHeight(160);
    buildPlot();
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

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(pages_, 1);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);
    connect(debounce_, &QTimer::timeout, this, &HeatmapView::startJob);
    auto request = [this] {
        if (has_problem_) debounce_->start();
    };
    connect(batch_, &QSpinBox::valueChanged, this, request);
    connect(head_, &QSpinBox::valueChanged, this, request);
    connect(log_, &QRadioButton::toggled, this, [this] {
        applyScaleType();
        plot_->replot();
    });
    connect(plot_, &QCustomPlot::mouseMove, this, &HeatmapView::onMouseMove);
    updateSelectors();
}

HeatmapView::~HeatmapView() {
    // The jobs hold no pointer to the view, but they must not run on past the application's thread pool.
    cancelRunningJobs();
    for (QFuture<JobResult>& future : running_) future.waitForFinished();
}

QAbstractButton* HeatmapView::logScaleToggle() const {
    return log_;
}

void HeatmapView::buildPlot() {
    plot_->plotLayout()->clear();
    plot_->setNoAntialiasingOnDrag(true);
    QFont title_font = font();
    title_font.setBold(true);

    // Two rows of two maps, which leaves each map about twice the side a single row of four would at the
    // tab's usual ~930 px: softmax | FAVOR+ | shared scale above, Xformer | |diff| | its own scale below.
    // Grid rows 0 and 2 hold titles, 1 and 3 the maps.
    auto* grid = plot_->plotLayout();
    auto* left_group = new QCPMarginGroup(plot_);
    const std::array<QPoint, 4> cells = {QPoint(0, 1), QPoint(0, 3), QPoint(1, 1), QPoint(1, 3)};
    std::array<QCPMarginGroup*, 2> row_groups = {new QCPMarginGroup(plot_), new QCPMarginGroup(plot_)};
    for (std::size_t i = 0; i < 4; ++i) {
        const auto kind = static_cast<HeatmapKind>(i);
        const int column = cells[i].x(), row = cells[i].y();
        auto* rect = new QCPAxisRect(plot_);
        if (kind == HeatmapKind::xformer) {
            xformer_cell_ = new QCPLayoutGrid;
            grid->addElement(row, column, xformer_cell_);
            xformer_cell_->addElement(0, 0, rect);
            xformer_cell_->addElement(0, 1, new QCPLayoutElement(plot_));
            xformer_cell_->setColumnSpacing(0);
        } else {
            grid->addElement(row, column, rect);
        }
        rect->setMarginGroup(QCP::msTop | QCP::msBottom, row_groups[row / 2]);
        if (column == 0) rect->setMarginGroup(QCP::msLeft, left_group);
        auto* x = rect->axis(QCPAxis::atBottom);
        auto* y = rect->axis(QCPAxis::atLeft);
        y->setRangeReversed(true);  // row 0 at the top, as a matrix is written
        for (QCPAxis* axis : {x, y}) {
            // Ticks point outwards so they never hide the cells along the map's edges.
            axis->setTickLength(0, 4);
            axis->setSubTicks(false);
        }
        x->ticker()->setTickCount(kind == HeatmapKind::xformer ? 2 : 4);
        y->ticker()->setTickCount(4);
        x->setLabel(tr("key position"));
        // Both maps of a row have query positions as rows, so only the left one labels them.
        if (column == 0) {
            y->setLabel(tr("query position"));
        } else {
            y->setTickLabels(false);
        }
        auto* map = new QCPColorMap(x, y);
        map->setInterpolate(false);
        map->setTightBoundary(false);
        maps_[i] = map;
        titles_[i] = new QCPTextElement(plot_, QString(), title_font);
        grid->addElement(row - 1, column, titles_[i]);
    }
    attention_scale_ = new QCPColorScale(plot_);
    difference_scale_ = new QCPColorScale(plot_);
    grid->addElement(1, 2, attention_scale_);
    grid->addElement(3, 2, difference_scale_);
    attention_scale_->setGradient(viridis());
    difference_scale_->setGradient(inferno());
    attention_scale_->setLabel(tr("attention weight (shared)"));
    difference_scale_->setLabel(tr("|difference| (own scale)"));
    for (std::size_t row = 0; row < 2; ++row) {
        QCPColorScale* scale = row == 0 ? attention_scale_ : difference_scale_;
        scale->setBarWidth(12);
        scale->setMarginGroup(QCP::msTop | QCP::msBottom, row_groups[row]);
        scale->axis()->ticker()->setTickCount(4);
    }
    for (HeatmapKind kind : {HeatmapKind::softmax, HeatmapKind::xformer, HeatmapKind::performer}) {
        maps_[index(kind)]->setColorScale(attention_scale_);
    }
    maps_[index(HeatmapKind::difference)]->setColorScale(difference_scale_);
    for (int row : {0, 2}) grid->setRowStretchFactor(row, 0.001);
    grid->setColumnStretchFactor(2, 0.001);
    grid->setColumnSpacing(16);
    grid->setRowSpacing(4);
}

void HeatmapView::setProblem(const AttentionConfig& config, std::shared_ptr<const UserInputs> inputs) {
    config_ = config;
    inputs_ = std::move(inputs);
    has_problem_ = true;
    updateSelectors();
    debounce_->start();
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
    const QSignalBlocker block_batch(batch_), block_head(head_);
    batch_->setRange(
        0, static_cast<int>(std::clamp<std::int64_t>(batches - 1, 0, std::numeric_limits<int>::max())));
    head_->setRange(
        0, static_cast<int>(std::clamp<std::int64_t>(config_.heads - 1, 0, std::numeric_limits<int>::max())));
}

void HeatmapView::cancelRunningJobs() {
    if (cancel_) cancel_->store(true);
    std::erase_if(running_, [](const QFuture<JobResult>& f) { return f.isFinished(); });
}

void HeatmapView::startJob() {
    cancelRunningJobs();
    const quint64 generation = ++generation_;
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    QElapsedTimer started;
    started.start();
    status_->setText(tr("computing…"));

    const HeatmapRequest request{batch_->value(), head_->value(), kMaxCells};
    auto job = [config = config_, inputs = inputs_, request, cancel = cancel_]() -> JobResult {
        try {
            auto data = computeHeatmaps(config, inputs.get(), request, cancel.get());
            if (!data) return {};
            return {std::make_shared<const HeatmapData>(std::move(*data)), {}};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromStdString(e.what())};
        }
    };
    QFuture<JobResult> future = QtConcurrent::run(&pool_, job);
    running_.push_back(future);
    auto* watcher = new QFutureWatcher<JobResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, started] {
        watcher->deleteLater();
        if (generation != generation_) return;  // a newer request is on its way
        showResult(watcher->result(), started);
    });
    watcher->setFuture(future);
}

void HeatmapView::showResult(const JobResult& result, const QElapsedTimer& started) {
    if (!result.data) {
        if (!result.error.isEmpty()) showMessage(result.error);
        return;
    }
    data_ = result.data;
    message_->clear();
    pages_->setCurrentIndex(0);
    fillMaps();
    applyScaleType();
    plot_->replot(QCustomPlot::rpImmediateRefresh);
    fitHeightToMaps();
    const double latency_ms = static_cast<double>(started.nsecsElapsed()) / 1e6;
    status_->setText(tr("updated in %1 ms").arg(latency_ms, 0, 'f', 0));
    emit updated(latency_ms);
}

void HeatmapView::showMessage(const QString& message) {
    data_.reset();
    for (QCPColorMap* map : maps_) map->data()->clear();
    error_->clear();
    message_->setText(tr("The heatmaps cannot be computed:\n%1").arg(message));
    pages_->setCurrentIndex(1);
    status_->setText(tr("invalid parameters"));
    emit failed(message);
}

void HeatmapView::fillMaps() {
    const HeatmapData& data = *data_;
    const AttentionConfig& c = data.config;
    for (HeatmapKind kind :
         {HeatmapKind::softmax, HeatmapKind::xformer, HeatmapKind::performer, HeatmapKind::difference}) {
        const BlockMap& block = mapOf(data, kind);
        QCPColorMap* map = maps_[index(kind)];
        const auto cols = static_cast<int>(block.values().cols()),
                   rows = static_cast<int>(block.values().rows());
        // Cell centres sit at the centres of their blocks, so the axes always show real positions.
        const double col_centre = (static_cast<double>(block.col_block) - 1) / 2;
        const double row_centre = (static_cast<double>(block.row_block) - 1) / 2;
        map->data()->setSize(cols, rows);
        map->data()->setRange(
            QCPRange(col_centre, col_centre + static_cast<double>((cols - 1) * block.col_block)),
            QCPRange(row_centre, row_centre + static_cast<double>((rows - 1) * block.row_block)));
        map->keyAxis()->setRange(-0.5, static_cast<double>(block.cols) - 0.5);
        map->valueAxis()->setRange(-0.5, static_cast<double>(block.rows) - 0.5);

        const QString shape = QStringLiteral("%1 × %2").arg(block.rows).arg(block.cols);
        const QString detail =
            block.averaged() ? tr("%1, block-avg %2×%3").arg(shape).arg(block.row_block).arg(block.col_block)
                             : tr("%1, full resolution").arg(shape);
        QString name;
        switch (kind) {
            case HeatmapKind::softmax:
                name = tr("softmax(QKᵀ/√d)");
                break;
            case HeatmapKind::xformer:
                name = tr("Xformer (α=%1, β=%2)").arg(c.alpha).arg(c.beta);
                break;
            case HeatmapKind::performer:
                name = tr("FAVOR+ (m=%1)").arg(c.featureCount());
                break;
            case HeatmapKind::difference:
                name = tr("|softmax − FAVOR+|");
                break;
        }
        titles_[index(kind)]->setText(name + QLatin1Char('\n') + detail);
    }
    maps_[index(HeatmapKind::xformer)]->keyAxis()->setLabel(tr("pooled key position (β = %1)").arg(c.beta));

    error_->setText(
        tr("FAVOR+ vs softmax at batch %1, head %2: relative Frobenius error %3, max abs error %4 "
           "(exact, over all %5 × %5 entries).  %6.")
            .arg(data.batch)
            .arg(data.head)
            .arg(number(data.error.relative_frobenius), number(data.error.max_abs))
            .arg(c.n)
            .arg(xformerInputNote(data)));
    error_->setToolTip(data.user_queries
                           ? tr("Softmax and FAVOR+ use the loaded Q and K.")
                           : tr("Softmax and FAVOR+ use random Q and K (seed %1).").arg(c.seed));
}

void HeatmapView::applyScaleType() {
    const bool log = log_->isChecked();
    const QCPAxis::ScaleType type = log ? QCPAxis::stLogarithmic : QCPAxis::stLinear;
    for (QCPColorScale* scale : {attention_scale_, difference_scale_}) {
        scale->setDataScaleType(type);
        if (log) {
            scale->axis()->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
            scale->axis()->setNumberFormat(QStringLiteral("eb"));
            scale->axis()->setNumberPrecision(0);  // plain powers of ten: 10⁻³, not 1.00·10⁻³
        } else {
            scale->axis()->setTicker(QSharedPointer<QCPAxisTicker>::create());
            scale->axis()->setNumberFormat(QStringLiteral("gb"));
            scale->axis()->setNumberPrecision(2);
        }
        scale->axis()->ticker()->setTickCount(4);
    }
    if (!data_) return;
    ValueRange attention, difference;
    attention.include(data_->softmax.values());
    attention.include(data_->xformer.values());
    attention.include(data_->performer.values());
    difference.include(data_->difference.values());
    const QCPRange attention_range = log ? attention.logarithmic() : attention.linear();
    const QCPRange difference_range = log ? difference.logarithmic() : difference.linear();
    attention_scale_->setDataRange(attention_range);
    difference_scale_->setDataRange(difference_range);

    // Values below a log scale's floor (zeros included) are drawn in its lowest colour.
    for (HeatmapKind kind :
         {HeatmapKind::softmax, HeatmapKind::xformer, HeatmapKind::performer, HeatmapKind::difference}) {
        const auto values = mapOf(*data_, kind).values();
        const double floor = !log                              ? -std::numeric_limits<double>::infinity()
                             : kind == HeatmapKind::difference ? difference_range.lower
                                                               : attention_range.lower;
        QCPColorMapData* cells = maps_[index(kind)]->data();
        for (Eigen::Index r = 0; r < values.rows(); ++r) {
            for (Eigen::Index col = 0; col < values.cols(); ++col) {
                cells->setCell(static_cast<int>(col), static_cast<int>(r),
                               std::max(floor, static_cast<double>(values(r, col))));
            }
        }
    }
}

void HeatmapView::fitHeightToMaps() {
    const QCPAxisRect* square = maps_[index(HeatmapKind::softmax)]->keyAxis()->axisRect();
    const QCPAxisRect* xformer = maps_[index(HeatmapKind::xformer)]->keyAxis()->axisRect();
    const int side = square->width();
    if (side <= 0 || !data_) return;
    // The Xformer map is as wide as an n × n map times m / n (plus its axis margins), the spacer takes the
    // rest of the cell; a floor keeps its axis legible at large beta.
    const double share = std::max(kMinXformerWidthShare, static_cast<double>(data_->xformer.cols) /
                                                             static_cast<double>(data_->xformer.rows));
    const double map_outer = side * share + xformer->outerRect().width() - xformer->width();
    const double cell = xformer_cell_->outerRect().width();
    xformer_cell_->setColumnStretchFactors({map_outer, std::max(1.0, cell - map_outer)});
    // Its title starts where the narrow map starts instead of floating over the empty spacer.
    QCPTextElement* title = titles_[index(HeatmapKind::xformer)];
    title->setTextFlags(Qt::AlignLeft | Qt::AlignVCenter);
    title->setMargins(QMargins(xformer->left() - xformer_cell_->outerRect().left(), 0, 0, 0));
    // The n × n maps should be square; the plot's width is set by the tab, so its height follows.
    const int wanted = plot_->height() + 2 * (side - square->height());
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

QString HeatmapView::title(HeatmapKind kind) const {
    return titles_[index(kind)]->text();
}

const BlockMap* HeatmapView::shownMap(HeatmapKind kind) const {
    return data_ ? &mapOf(*data_, kind) : nullptr;
}

QString HeatmapView::errorText() const {
    return error_->text();
}

QString HeatmapView::message() const {
    return pages_->currentIndex() == 1 ? message_->text() : QString();
}

QString HeatmapView::describeCell(HeatmapKind kind, double key, double value) const {
    if (!data_) return {};
    const BlockMap& block = mapOf(*data_, kind);
    const double column = std::floor(key + 0.5), row = std::floor(value + 0.5);
    if (column < 0 || row < 0 || column >= static_cast<double>(block.cols) ||
        row >= static_cast<double>(block.rows)) {
        return {};
    }
    const auto cell_col = static_cast<std::int64_t>(column) / block.col_block;
    const auto cell_row = static_cast<std::int64_t>(row) / block.row_block;
    const std::int64_t first_row = cell_row * block.row_block, first_col = cell_col * block.col_block;
    const std::int64_t rows = std::min(block.row_block, block.rows - first_row);
    const std::int64_t cols = std::min(block.col_block, block.cols - first_col);
    const QString name = titles_[index(kind)]->text().section(QLatin1Char('\n'), 0, 0);
    QString text = QStringLiteral("%1 — %2, %3: %4")
                       .arg(name, rangeText(tr("row"), tr("rows"), first_row, rows),
                            kind == HeatmapKind::xformer
                                ? rangeText(tr("pooled column"), tr("pooled columns"), first_col, cols)
                                : rangeText(tr("column"), tr("columns"), first_col, cols),
                            number(block.values()(cell_row, cell_col)));
    if (block.averaged()) text += tr(" (block mean)");
    if (kind == HeatmapKind::xformer) text += QLatin1Char('\n') + xformerInputNote(*data_);
    return text;
}

void HeatmapView::onMouseMove(QMouseEvent* event) {
    const QPointF pos = event->position();
    for (HeatmapKind kind :
         {HeatmapKind::softmax, HeatmapKind::xformer, HeatmapKind::performer, HeatmapKind::difference}) {
        const QCPColorMap* map = maps_[index(kind)];
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
