#include "export/clipped_svg_export.h"

#include <qcustomplot.h>
#include <QBuffer>
#include <QPaintEngine>
#include <QSvgGenerator>
#include <optional>

namespace attnscope {

namespace {

// Liang–Barsky: the part of segment a→b inside `clip`, if any.
std::optional<QLineF> clipSegment(QPointF a, QPointF b, const QRectF& clip) {
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x() - clip.left(), clip.right() - a.x(), a.y() - clip.top(),
                         clip.bottom() - a.y()};
    double t0 = 0, t1 = 1;
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return std::nullopt;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0) {
            t0 = std::max(t0, t);
        } else {
            t1 = std::min(t1, t);
        }
        if (t0 > t1) return std::nullopt;
    }
    return QLineF(a + t0 * (b - a), a + t1 * (b - a));
}

// Forwards every drawing call to a QPainter on the SVG generator, cutting geometry to the current clip
// rectangle first. Text is forwarded as is: QCustomPlot never relies on clipping to hide text.
class ClippingEngine : public QPaintEngine {
public:
    explicit ClippingEngine(QSvgGenerator& target) : QPaintEngine(AllFeatures), target_(target) {}

    bool begin(QPaintDevice*) override { return inner_.begin(&target_); }
    bool end() override { return inner_.end(); }
    Type type() const override { return User; }

    void updateState(const QPaintEngineState& state) override {
        const DirtyFlags flags = state.state();
        if (flags & DirtyPen) inner_.setPen(state.pen());
        if (flags & DirtyBrush) inner_.setBrush(state.brush());
        if (flags & DirtyBrushOrigin) inner_.setBrushOrigin(state.brushOrigin());
        if (flags & DirtyFont) inner_.setFont(state.font());
        if (flags & DirtyBackground) inner_.setBackground(state.backgroundBrush());
        if (flags & DirtyBackgroundMode) inner_.setBackgroundMode(state.backgroundMode());
        if (flags & DirtyTransform) inner_.setTransform(state.transform());
        if (flags & DirtyHints) inner_.setRenderHints(state.renderHints());
        if (flags & DirtyOpacity) inner_.setOpacity(state.opacity());
        if (flags & DirtyCompositionMode) inner_.setCompositionMode(state.compositionMode());
        if (flags & DirtyClipEnabled) clipEnabled_ = state.isClipEnabled();
        if (flags & (DirtyClipPath | DirtyClipRegion)) {
            QPainterPath path;
            if (flags & DirtyClipPath) {
                path = state.clipPath();
            } else {
                path.addRegion(state.clipRegion());
            }
            const QRectF device = state.transform().map(path).boundingRect();
            switch (state.clipOperation()) {
                case Qt::NoClip:
                    clip_.reset();
                    break;
                case Qt::ReplaceClip:
                    clip_ = device;
                    break;
                case Qt::IntersectClip:
                    clip_ = clip_ ? clip_->intersected(device) : device;
                    break;
            }
            clipEnabled_ = state.clipOperation() != Qt::NoClip;
        }
    }

    void drawPolygon(const QPointF* points, int count, PolygonDrawMode mode) override {
        const QPolygonF polygon(QList<QPointF>(points, points + count));
        const std::optional<QRectF> clip = logicalClip();
        if (!clip || clip->contains(polygon.boundingRect())) {
            if (mode == PolylineMode) {
                inner_.drawPolyline(polygon);
            } else {
                inner_.drawPolygon(polygon, mode == WindingMode ? Qt::WindingFill : Qt::OddEvenFill);
            }
            return;
        }
        QPainterPath path;
        path.addPolygon(polygon);
        if (mode != PolylineMode) {
            path.closeSubpath();
            path.setFillRule(mode == WindingMode ? Qt::WindingFill : Qt::OddEvenFill);
        }
        drawClipped(path, *clip, mode != PolylineMode);
    }

    void drawPath(const QPainterPath& path) override {
        const std::optional<QRectF> clip = logicalClip();
        if (!clip || clip->contains(path.boundingRect())) {
            inner_.drawPath(path);
            return;
        }
        drawClipped(path, *clip, true);
    }

    void drawLines(const QLineF* lines, int count) override {
        const std::optional<QRectF> clip = logicalClip();
        for (int i = 0; i < count; ++i) {
            if (!clip) {
                inner_.drawLine(lines[i]);
            } else if (const auto part = clipSegment(lines[i].p1(), lines[i].p2(), *clip)) {
                inner_.drawLine(*part);
            }
        }
    }

    void drawRects(const QRectF* rects, int count) override {
        for (int i = 0; i < count; ++i) {
            QPainterPath path;
            path.addRect(rects[i]);
            drawPath(path);
        }
    }

    void drawEllipse(const QRectF& rect) override {
        const std::optional<QRectF> clip = logicalClip();
        if (!clip || clip->intersects(rect)) inner_.drawEllipse(rect);
    }

    void drawPoints(const QPointF* points, int count) override {
        const std::optional<QRectF> clip = logicalClip();
        for (int i = 0; i < count; ++i) {
            if (!clip || clip->contains(points[i])) inner_.drawPoint(points[i]);
        }
    }

    void drawPixmap(const QRectF& target, const QPixmap& pixmap, const QRectF& source) override {
        QRectF to = target, from = source;
        if (visiblePart(to, from)) inner_.drawPixmap(to, pixmap, from);
    }

    void drawImage(const QRectF& target, const QImage& image, const QRectF& source,
                   Qt::ImageConversionFlags flags) override {
        QRectF to = target, from = source;
        if (visiblePart(to, from)) inner_.drawImage(to, image, from, flags);
    }

    void drawTextItem(const QPointF& baseline, const QTextItem& item) override {
        const QFont font = inner_.font();
        inner_.setFont(item.font());
        inner_.drawText(baseline, item.text());
        inner_.setFont(font);
    }

private:
    // The clip in the painter's coordinates; none when clipping is off, or under a rotation (only rotated
    // axis labels are drawn so, and they are never clipped).
    std::optional<QRectF> logicalClip() const {
        if (!clipEnabled_ || !clip_ || inner_.transform().isRotating()) return std::nullopt;
        return inner_.transform().inverted().mapRect(*clip_);
    }

    void drawClipped(const QPainterPath& path, const QRectF& clip, bool fill) {
        const QPen pen = inner_.pen();
        if (fill && inner_.brush().style() != Qt::NoBrush) {
            QPainterPath area;
            area.addRect(clip);
            inner_.setPen(Qt::NoPen);
            inner_.drawPath(path.intersected(area));
            inner_.setPen(pen);
        }
        if (pen.style() == Qt::NoPen) return;
        const QBrush brush = inner_.brush();
        inner_.setBrush(Qt::NoBrush);
        for (const QPolygonF& polygon : path.toSubpathPolygons()) {
            QPolygonF run;
            for (qsizetype i = 1; i < polygon.size(); ++i) {
                const auto part = clipSegment(polygon[i - 1], polygon[i], clip);
                if (!part) continue;
                if (!run.isEmpty() && run.last() != part->p1()) {
                    inner_.drawPolyline(run);
                    run.clear();
                }
                if (run.isEmpty()) run << part->p1();
                run << part->p2();
            }
            if (!run.isEmpty()) inner_.drawPolyline(run);
        }
        inner_.setBrush(brush);
    }

    // Cuts an image's target rectangle to the clip and its source rectangle in proportion.
    bool visiblePart(QRectF& target, QRectF& source) const {
        const std::optional<QRectF> clip = logicalClip();
        if (!clip) return true;
        const QRectF visible = target.intersected(*clip);
        if (visible.isEmpty()) return false;
        const double sx = source.width() / target.width(), sy = source.height() / target.height();
        source =
            QRectF(source.x() + (visible.x() - target.x()) * sx, source.y() + (visible.y() - target.y()) * sy,
                   visible.width() * sx, visible.height() * sy);
        target = visible;
        return true;
    }

    QSvgGenerator& target_;
    QPainter inner_;
    bool clipEnabled_ = false;
    std::optional<QRectF> clip_;  // device coordinates
};

// A paint device that looks like the generator (size, resolution) but paints through ClippingEngine.
class ClippingSvgDevice : public QPaintDevice {
public:
    explicit ClippingSvgDevice(QSvgGenerator& target) : target_(target), engine_(target) {}
    QPaintEngine* paintEngine() const override { return &engine_; }

protected:
    int metric(PaintDeviceMetric metric) const override {
        switch (metric) {
            case PdmWidth:
                return target_.width();
            case PdmHeight:
                return target_.height();
            case PdmWidthMM:
                return target_.widthMM();
            case PdmHeightMM:
                return target_.heightMM();
            case PdmDpiX:
                return target_.logicalDpiX();
            case PdmDpiY:
                return target_.logicalDpiY();
            case PdmPhysicalDpiX:
                return target_.physicalDpiX();
            case PdmPhysicalDpiY:
                return target_.physicalDpiY();
            case PdmDepth:
                return target_.depth();
            case PdmNumColors:
                return target_.colorCount();
            case PdmDevicePixelRatio:
                return 1;
            case PdmDevicePixelRatioScaled:
                return static_cast<int>(devicePixelRatioFScale());
            default:
                return QPaintDevice::metric(metric);
        }
    }

private:
    QSvgGenerator& target_;
    mutable ClippingEngine engine_;
};

}  // namespace

QByteArray renderClippedSvg(QCustomPlot& plot, QSize size, int dpi, const QString& title) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setResolution(dpi);
    generator.setTitle(title);
    generator.setDescription(QStringLiteral("Exported from AttnScope"));
    {
        ClippingSvgDevice device(generator);
        QCPPainter painter;
        if (!painter.begin(&device)) return {};
        painter.setMode(QCPPainter::pmVectorized);
        painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);  // should the plot's own be transparent
        plot.toPainter(&painter, size.width(), size.height());
        painter.end();
    }
    return bytes;
}

}  // namespace attnscope
