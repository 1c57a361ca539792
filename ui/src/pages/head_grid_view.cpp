#include "attnscope/ui/head_grid_view.h"

#include <qcustomplot.h>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "attnscope/analysis/head_grid.h"
#include "charts/heatmap_plot.h"

namespace attnscope {

namespace {

constexpr int kMargin = 8;
constexpr int kGap = 10;
constexpr int kScaleWidth = 64;  // the colour bar and its labels, right of the grid

QString number(double value) {
    return QString::number(value, 'g', 3);
}

}  // namespace

HeadGridView::HeadGridView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(240, 160);
    setCursor(Qt::PointingHandCursor);
}

void HeadGridView::setGrid(std::shared_ptr<const HeadGrid> grid, bool log) {
    grid_ = std::move(grid);
    log_ = log;
    colourMaps();
    update();
}

void HeadGridView::setLogScale(bool log) {
    if (log_ == log) return;
    log_ = log;
    colourMaps();
    update();
}

void HeadGridView::setCurrentHead(int head) {
    currentHead_ = head;
    update();
}

void HeadGridView::colourMaps() {
    images_.clear();
    if (!grid_) return;
    QCPColorGradient gradient = attentionGradient();  // colorize() is not const
    const double top = std::max(1e-30, static_cast<double>(grid_->largest));
    const QCPRange range = log_ ? QCPRange(top * std::pow(10.0, -kLogDecades), top) : QCPRange(0, top);
    for (const BlockMap& map : grid_->heads) {
        const auto values = map.values();
        QImage image(static_cast<int>(values.cols()), static_cast<int>(values.rows()), QImage::Format_RGB32);
        std::vector<double> row(static_cast<std::size_t>(values.cols()));
        for (int r = 0; r < image.height(); ++r) {
            for (int c = 0; c < image.width(); ++c) row[static_cast<std::size_t>(c)] = values(r, c);
            gradient.colorize(row.data(), range, reinterpret_cast<QRgb*>(image.scanLine(r)), image.width(), 1,
                              log_);
        }
        images_.push_back(std::move(image));
    }
}

HeadGridView::Layout HeadGridView::layout() const {
    Layout best;
    if (!grid_ || grid_->heads.empty()) return best;
    const int heads = static_cast<int>(grid_->heads.size());
    const int width = this->width() - 2 * kMargin - kScaleWidth;
    const int label = fontMetrics().height() + 2;
    const int height = this->height() - 2 * kMargin - label;  // the caption line on top
    // The column count that gives the largest square maps.
    for (int columns = 1; columns <= heads; ++columns) {
        const int rows = (heads + columns - 1) / columns;
        const int side =
            std::min((width - (columns - 1) * kGap) / columns, (height - (rows - 1) * kGap) / rows - label);
        if (side > best.side) best = {columns, side};
    }
    return best;
}

QRect HeadGridView::mapRect(int head) const {
    const Layout l = layout();
    if (!grid_ || head < 0 || head >= static_cast<int>(grid_->heads.size()) || l.side <= 0) return {};
    const int label = fontMetrics().height() + 2;
    const int column = head % l.columns, row = head / l.columns;
    return {kMargin + column * (l.side + kGap), kMargin + label + row * (l.side + label + kGap) + label,
            l.side, l.side};
}

int HeadGridView::headAt(const QPoint& pos) const {
    if (!grid_) return -1;
    for (int head = 0; head < static_cast<int>(grid_->heads.size()); ++head) {
        if (mapRect(head).contains(pos)) return head;
    }
    return -1;
}

QString HeadGridView::describe(const QPoint& pos) const {
    const int head = headAt(pos);
    if (head < 0) return {};
    const QRect rect = mapRect(head);
    const BlockMap& map = grid_->heads[static_cast<std::size_t>(head)];
    const auto values = map.values();
    const auto r = std::clamp<Eigen::Index>((pos.y() - rect.top()) * values.rows() / rect.height(), 0,
                                            values.rows() - 1);
    const auto c = std::clamp<Eigen::Index>((pos.x() - rect.left()) * values.cols() / rect.width(), 0,
                                            values.cols() - 1);
    const std::int64_t first_row = r * map.row_block, first_col = c * map.col_block;
    const std::int64_t last_row = std::min(map.rows, first_row + map.row_block) - 1;
    const std::int64_t last_col = std::min(map.cols, first_col + map.col_block) - 1;
    auto span = [](std::int64_t first, std::int64_t last) {
        return first == last ? QString::number(first) : QStringLiteral("%1–%2").arg(first).arg(last);
    };
    return tr("head %1 · queries %2, keys %3: %4 %5\nclick to open head %1 large")
        .arg(head)
        .arg(span(first_row, last_row), span(first_col, last_col),
             map.averaged() ? tr("mean weight") : tr("weight"), number(values(r, c)));
}

void HeadGridView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    painter.setPen(palette().color(QPalette::Text));
    if (!grid_ || images_.empty()) {
        painter.drawText(rect(), Qt::AlignCenter, tr("computing every head…"));
        return;
    }
    const int label = fontMetrics().height() + 2;
    const BlockMap& first = grid_->heads.front();
    const QString blocks =
        first.averaged() ? tr("block means of %1 × %1").arg(first.row_block) : tr("full resolution");
    painter.drawText(QRect(kMargin, kMargin, width() - 2 * kMargin, label), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("softmax attention of all %1 heads, batch %2, n = %3 (%4, one shared %5 scale%6) · "
                        "click a head to open it large")
                         .arg(grid_->heads.size())
                         .arg(grid_->batch)
                         .arg(grid_->config.n)
                         .arg(blocks, log_ ? tr("log") : tr("linear"),
                              grid_->user_queries ? tr(", loaded Q and K") : QString()));
    for (int head = 0; head < static_cast<int>(images_.size()); ++head) {
        const QRect target = mapRect(head);
        if (target.isEmpty()) continue;
        painter.drawText(QRect(target.left(), target.top() - label, target.width(), label),
                         Qt::AlignLeft | Qt::AlignBottom, tr("head %1").arg(head));
        painter.drawImage(target, images_[static_cast<std::size_t>(head)]);  // nearest: cells stay crisp
        if (head == currentHead_) {
            painter.setPen(QPen(palette().color(QPalette::Highlight), 3));
            painter.drawRect(target.adjusted(-2, -2, 1, 1));
            painter.setPen(palette().color(QPalette::Text));
        }
    }
    // The shared colour bar: bottom is 0 (linear) or six decades below the top (log).
    const QRect top_map = mapRect(0);
    const Layout l = layout();
    const QRect bar(kMargin + l.columns * (l.side + kGap), top_map.top(), 14,
                    std::max(40, std::min(height() - top_map.top() - kMargin, 4 * top_map.height())));
    QCPColorGradient gradient = attentionGradient();  // colorize() is not const
    for (int y = 0; y < bar.height(); ++y) {
        const double t = 1.0 - static_cast<double>(y) / std::max(1, bar.height() - 1);
        painter.setPen(gradient.color(t, QCPRange(0, 1)));
        painter.drawLine(bar.left(), bar.top() + y, bar.right(), bar.top() + y);
    }
    painter.setPen(palette().color(QPalette::Text));
    painter.drawRect(bar.adjusted(0, 0, -1, -1));
    const double top = grid_->largest;
    const QString low = log_ ? number(top * std::pow(10.0, -kLogDecades)) : QStringLiteral("0");
    painter.drawText(QPoint(bar.right() + 4, bar.top() + fontMetrics().ascent()), number(top));
    painter.drawText(QPoint(bar.right() + 4, bar.bottom()), low);
}

void HeadGridView::mousePressEvent(QMouseEvent* event) {
    const int head = headAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && head >= 0) emit headClicked(head);
}

void HeadGridView::mouseMoveEvent(QMouseEvent* event) {
    const QString text = describe(event->position().toPoint());
    if (text.isEmpty()) {
        QToolTip::hideText();
    } else {
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
    }
}

bool HeadGridView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const QString text = describe(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
}

}  // namespace attnscope
