#include "charts/heatmap_plot.h"

#include <qcustomplot.h>
#include <QCoreApplication>
#include <algorithm>
#include <cmath>
#include <limits>

#include "attnscope/analysis/heatmap_data.h"

namespace attnscope {

namespace {

// The Xformer map's width follows m / n, but never so narrow that its axis becomes unreadable.
constexpr double kMinXformerWidthShare = 0.35;

QString mapsTr(const char* text) {
    return QCoreApplication::translate("attnscope::HeatmapView", text);
}

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

QString distributionText(const AttentionConfig& config) {
    const std::string_view name = distributionName(config.distribution);
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

QString xformerInputNote(const HeatmapData& data) {
    if (data.xformer_uses_x) return mapsTr("Xformer input X: the loaded X");
    if (data.xformer_uses_q) {
        return mapsTr(
            "Xformer input X: the loaded Q (the Xformer projects X itself and no X was "
            "loaded)");
    }
    return mapsTr("Xformer input X: random %1 (seed %2)")
        .arg(distributionText(data.config))
        .arg(data.config.seed);
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

QString mapName(const AttentionConfig& c, HeatmapKind kind) {
    switch (kind) {
        case HeatmapKind::softmax:
            return mapsTr("softmax(QKᵀ/√d)");
        case HeatmapKind::xformer:
            return mapsTr("Xformer (α=%1, β=%2)").arg(c.alpha).arg(c.beta);
        case HeatmapKind::performer:
            return mapsTr("FAVOR+ (m=%1)").arg(c.featureCount());
        case HeatmapKind::difference:
            break;
    }
    return mapsTr("|softmax − FAVOR+|");
}

}  // namespace

QCPColorGradient attentionGradient() {
    return viridis();
}

const BlockMap& heatmapOf(const HeatmapData& data, HeatmapKind kind) {
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

HeatmapPlot::HeatmapPlot(QCustomPlot& plot) : plot_(plot) {
    build();
}

void HeatmapPlot::build() {
    plot_.plotLayout()->clear();
    plot_.setNoAntialiasingOnDrag(true);
    QFont titleFont = plot_.font();
    titleFont.setBold(true);

    // Two rows of two maps, which leaves each map about twice the side a single row of four would at the
    // tab's usual ~930 px: softmax | FAVOR+ | shared scale above, Xformer | |diff| | its own scale below.
    // Grid rows 0 and 2 hold titles, 1 and 3 the maps.
    auto* grid = plot_.plotLayout();
    auto* leftGroup = new QCPMarginGroup(&plot_);
    const std::array<QPoint, 4> cells = {QPoint(0, 1), QPoint(0, 3), QPoint(1, 1), QPoint(1, 3)};
    std::array<QCPMarginGroup*, 2> rowGroups = {new QCPMarginGroup(&plot_), new QCPMarginGroup(&plot_)};
    for (std::size_t i = 0; i < 4; ++i) {
        const auto kind = static_cast<HeatmapKind>(i);
        const int column = cells[i].x(), row = cells[i].y();
        auto* rect = new QCPAxisRect(&plot_);
        if (kind == HeatmapKind::xformer) {
            xformerCell_ = new QCPLayoutGrid;
            grid->addElement(row, column, xformerCell_);
            xformerCell_->addElement(0, 0, rect);
            xformerCell_->addElement(0, 1, new QCPLayoutElement(&plot_));
            xformerCell_->setColumnSpacing(0);
        } else {
            grid->addElement(row, column, rect);
        }
        rect->setMarginGroup(QCP::msTop | QCP::msBottom, rowGroups[row / 2]);
        if (column == 0) rect->setMarginGroup(QCP::msLeft, leftGroup);
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
        x->setLabel(mapsTr("key position"));
        // Both maps of a row have query positions as rows, so only the left one labels them.
        if (column == 0) {
            y->setLabel(mapsTr("query position"));
        } else {
            y->setTickLabels(false);
        }
        auto* map = new QCPColorMap(x, y);
        map->setInterpolate(false);
        map->setTightBoundary(false);
        maps_[i] = map;
        titles_[i] = new QCPTextElement(&plot_, QString(), titleFont);
        grid->addElement(row - 1, column, titles_[i]);
    }
    attentionScale_ = new QCPColorScale(&plot_);
    differenceScale_ = new QCPColorScale(&plot_);
    grid->addElement(1, 2, attentionScale_);
    grid->addElement(3, 2, differenceScale_);
    attentionScale_->setGradient(attentionGradient());
    differenceScale_->setGradient(inferno());
    attentionScale_->setLabel(mapsTr("attention weight (shared)"));
    differenceScale_->setLabel(mapsTr("|difference| (own scale)"));
    for (std::size_t row = 0; row < 2; ++row) {
        QCPColorScale* scale = row == 0 ? attentionScale_ : differenceScale_;
        scale->setBarWidth(12);
        scale->setMarginGroup(QCP::msTop | QCP::msBottom, rowGroups[row]);
        scale->axis()->ticker()->setTickCount(4);
    }
    for (HeatmapKind kind : {HeatmapKind::softmax, HeatmapKind::xformer, HeatmapKind::performer}) {
        maps_[index(kind)]->setColorScale(attentionScale_);
    }
    maps_[index(HeatmapKind::difference)]->setColorScale(differenceScale_);
    for (int row : {0, 2}) grid->setRowStretchFactor(row, 0.001);
    grid->setColumnStretchFactor(2, 0.001);
    grid->setColumnSpacing(16);
    grid->setRowSpacing(4);
}

void HeatmapPlot::show(const HeatmapData& data, bool log) {
    const AttentionConfig& c = data.config;
    for (HeatmapKind kind : kHeatmapKinds) {
        const BlockMap& block = heatmapOf(data, kind);
        QCPColorMap* map = maps_[index(kind)];
        const auto cols = static_cast<int>(block.values().cols()),
                   rows = static_cast<int>(block.values().rows());
        // Cell centres sit at the centres of their blocks, so the axes always show real positions.
        const double colCentre = (static_cast<double>(block.col_block) - 1) / 2;
        const double rowCentre = (static_cast<double>(block.row_block) - 1) / 2;
        map->data()->setSize(cols, rows);
        map->data()->setRange(
            QCPRange(colCentre, colCentre + static_cast<double>((cols - 1) * block.col_block)),
            QCPRange(rowCentre, rowCentre + static_cast<double>((rows - 1) * block.row_block)));
        map->keyAxis()->setRange(-0.5, static_cast<double>(block.cols) - 0.5);
        map->valueAxis()->setRange(-0.5, static_cast<double>(block.rows) - 0.5);

        const QString shape = QStringLiteral("%1 × %2").arg(block.rows).arg(block.cols);
        const QString detail =
            block.averaged()
                ? mapsTr("%1, block-avg %2×%3").arg(shape).arg(block.row_block).arg(block.col_block)
                : mapsTr("%1, full resolution").arg(shape);
        titles_[index(kind)]->setText(mapName(c, kind) + QLatin1Char('\n') + detail);
    }
    maps_[index(HeatmapKind::xformer)]->keyAxis()->setLabel(
        mapsTr("pooled key position (β = %1)").arg(c.beta));
    labelTokens(data);
    setLogScale(data, log);
}

void HeatmapPlot::labelTokens(const HeatmapData& data) {
    // Up to kMaxTokenLabels tokens every position is labelled; beyond that the labels would overlap, and the
    // hover names the tokens instead.
    const bool labelled = !data.tokens.empty() && data.tokens.size() <= kMaxTokenLabels;
    for (HeatmapKind kind : kHeatmapKinds) {
        QCPColorMap* map = maps_[index(kind)];
        const bool pooledKeys = kind == HeatmapKind::xformer;
        for (QCPAxis* axis : {map->keyAxis(), map->valueAxis()}) {
            const bool tokenAxis = labelled && !(pooledKeys && axis == map->keyAxis());
            const bool hasTokens = !axis->ticker().dynamicCast<QCPAxisTickerText>().isNull();
            if (tokenAxis) {
                auto ticker = QSharedPointer<QCPAxisTickerText>::create();
                for (std::size_t i = 0; i < data.tokens.size(); ++i) {
                    ticker->addTick(static_cast<double>(i), QString::fromStdString(data.tokens[i]));
                }
                axis->setTicker(ticker);
                axis->setTickLabelRotation(axis == map->keyAxis() ? 90 : 0);
            } else if (hasTokens) {
                axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
                axis->ticker()->setTickCount(pooledKeys && axis == map->keyAxis() ? 2 : 4);
                axis->setTickLabelRotation(0);
            }
        }
    }
}

QString HeatmapPlot::errorText(const HeatmapData& data) {
    return mapsTr(
               "FAVOR+ vs softmax at batch %1, head %2: relative Frobenius error %3, max abs error %4 "
               "(exact, over all %5 × %5 entries).  %6.")
        .arg(data.batch)
        .arg(data.head)
        .arg(number(data.error.relative_frobenius), number(data.error.max_abs))
        .arg(data.config.n)
        .arg(xformerInputNote(data));
}

QString HeatmapPlot::inputsToolTip(const HeatmapData& data) {
    return data.user_queries ? mapsTr("Softmax and FAVOR+ use the loaded Q and K.")
                             : mapsTr("Softmax and FAVOR+ use random %1 Q and K (seed %2).")
                                   .arg(distributionText(data.config))
                                   .arg(data.config.seed);
}

void HeatmapPlot::setLogScale(const HeatmapData& data, bool log) {
    const QCPAxis::ScaleType type = log ? QCPAxis::stLogarithmic : QCPAxis::stLinear;
    for (QCPColorScale* scale : {attentionScale_, differenceScale_}) {
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
    ValueRange attention, difference;
    attention.include(data.softmax.values());
    attention.include(data.xformer.values());
    attention.include(data.performer.values());
    difference.include(data.difference.values());
    const QCPRange attentionRange = log ? attention.logarithmic() : attention.linear();
    const QCPRange differenceRange = log ? difference.logarithmic() : difference.linear();
    attentionScale_->setDataRange(attentionRange);
    differenceScale_->setDataRange(differenceRange);

    // Values below a log scale's floor (zeros included) are drawn in its lowest colour.
    for (HeatmapKind kind : kHeatmapKinds) {
        const auto values = heatmapOf(data, kind).values();
        const double floor = !log                              ? -std::numeric_limits<double>::infinity()
                             : kind == HeatmapKind::difference ? differenceRange.lower
                                                               : attentionRange.lower;
        QCPColorMapData* cells = maps_[index(kind)]->data();
        for (Eigen::Index r = 0; r < values.rows(); ++r) {
            for (Eigen::Index col = 0; col < values.cols(); ++col) {
                cells->setCell(static_cast<int>(col), static_cast<int>(r),
                               std::max(floor, static_cast<double>(values(r, col))));
            }
        }
    }
}

void HeatmapPlot::clear() {
    for (QCPColorMap* map : maps_) map->data()->clear();
}

int HeatmapPlot::fitXformerWidth(const HeatmapData& data) {
    const QCPAxisRect* square = maps_[index(HeatmapKind::softmax)]->keyAxis()->axisRect();
    const QCPAxisRect* xformer = maps_[index(HeatmapKind::xformer)]->keyAxis()->axisRect();
    const int side = square->width();
    if (side <= 0) return plot_.height();
    // The Xformer map is as wide as an n × n map times m / n (plus its axis margins), the spacer takes the
    // rest of the cell; a floor keeps its axis legible at large beta.
    const double share = std::max(kMinXformerWidthShare, static_cast<double>(data.xformer.cols) /
                                                             static_cast<double>(data.xformer.rows));
    const double mapOuter = side * share + xformer->outerRect().width() - xformer->width();
    const double cell = xformerCell_->outerRect().width();
    xformerCell_->setColumnStretchFactors({mapOuter, std::max(1.0, cell - mapOuter)});
    // Its title starts where the narrow map starts instead of floating over the empty spacer.
    QCPTextElement* title = titles_[index(HeatmapKind::xformer)];
    title->setTextFlags(Qt::AlignLeft | Qt::AlignVCenter);
    title->setMargins(QMargins(xformer->left() - xformerCell_->outerRect().left(), 0, 0, 0));
    return plot_.viewport().height() + 2 * (side - square->height());
}

QString HeatmapPlot::title(HeatmapKind kind) const {
    return titles_[index(kind)]->text();
}

QString HeatmapPlot::describeCell(const HeatmapData& data, HeatmapKind kind, double key, double value) const {
    const BlockMap& block = heatmapOf(data, kind);
    const double column = std::floor(key + 0.5), row = std::floor(value + 0.5);
    if (column < 0 || row < 0 || column >= static_cast<double>(block.cols) ||
        row >= static_cast<double>(block.rows)) {
        return {};
    }
    const auto cellCol = static_cast<std::int64_t>(column) / block.col_block;
    const auto cellRow = static_cast<std::int64_t>(row) / block.row_block;
    const std::int64_t firstRow = cellRow * block.row_block, firstCol = cellCol * block.col_block;
    const std::int64_t rows = std::min(block.row_block, block.rows - firstRow);
    const std::int64_t cols = std::min(block.col_block, block.cols - firstCol);
    const QString name = title(kind).section(QLatin1Char('\n'), 0, 0);
    QString text = QStringLiteral("%1 — %2, %3: %4")
                       .arg(name, rangeText(mapsTr("row"), mapsTr("rows"), firstRow, rows),
                            kind == HeatmapKind::xformer
                                ? rangeText(mapsTr("pooled column"), mapsTr("pooled columns"), firstCol, cols)
                                : rangeText(mapsTr("column"), mapsTr("columns"), firstCol, cols),
                            number(block.values()(cellRow, cellCol)));
    if (block.averaged()) text += mapsTr(" (block mean)");
    // The tokens of a single cell: which query attends to which key.
    if (!data.tokens.empty() && rows == 1 && (cols == 1 || kind == HeatmapKind::xformer)) {
        const QString query = QString::fromStdString(data.tokens[static_cast<std::size_t>(firstRow)]);
        text +=
            kind == HeatmapKind::xformer
                ? mapsTr("\nquery \"%1\"").arg(query)
                : mapsTr("\nquery \"%1\" → key \"%2\"")
                      .arg(query, QString::fromStdString(data.tokens[static_cast<std::size_t>(firstCol)]));
    }
    if (kind == HeatmapKind::xformer) text += QLatin1Char('\n') + xformerInputNote(data);
    return text;
}

}  // namespace attnscope
