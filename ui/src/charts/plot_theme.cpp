#include "charts/plot_theme.h"

#include <qcustomplot.h>
#include <QEvent>
#include <QStyle>
#include <QStyleFactory>
#include <memory>

namespace attnscope {

namespace {

const char* const kInkProperty = "attnscopePlotInk";

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

struct Inks {
    QColor background, text, muted, guide, grid, sub_grid;
};

// Grid and guide colours are blends of text and background, so they keep their contrast on either
// theme; fixed greys (QCustomPlot's defaults) vanish or glare on a dark background.
Inks inksOf(const QPalette& palette) {
    Inks inks;
    inks.background = palette.color(QPalette::Active, QPalette::Base);
    inks.text = palette.color(QPalette::Active, QPalette::Text);
    inks.muted = mix(inks.background, inks.text, 0.62);
    inks.guide = mix(inks.background, inks.text, 0.5);
    inks.grid = mix(inks.background, inks.text, 0.22);
    inks.sub_grid = mix(inks.background, inks.text, 0.11);
    return inks;
}

QColor inkFor(const QObject* element, const Inks& inks) {
    switch (static_cast<PlotInk>(element->property(kInkProperty).toInt())) {
        case PlotInk::muted:
            return inks.muted;
        case PlotInk::guide:
            return inks.guide;
        case PlotInk::text:
            break;
    }
    return inks.text;
}

void styleAxis(QCPAxis* axis, const Inks& inks) {
    const QPen line(inks.text, 0);
    axis->setBasePen(line);
    axis->setTickPen(line);
    axis->setSubTickPen(line);
    axis->setLabelColor(inks.text);
    axis->setTickLabelColor(inks.text);
    axis->grid()->setPen(QPen(inks.grid, 0, Qt::DotLine));
    axis->grid()->setSubGridPen(QPen(inks.sub_grid, 0, Qt::DotLine));
    axis->grid()->setZeroLinePen(QPen(inks.grid, 0, Qt::SolidLine));
}

void styleElement(QCPLayoutElement* element, const Inks& inks) {
    if (auto* rect = qobject_cast<QCPAxisRect*>(element)) {
        for (QCPAxis* axis : rect->axes()) styleAxis(axis, inks);
    } else if (auto* scale = qobject_cast<QCPColorScale*>(element)) {
        styleAxis(scale->axis(), inks);
    } else if (auto* text = qobject_cast<QCPTextElement*>(element)) {
        text->setTextColor(inkFor(text, inks));
    } else if (auto* legend = qobject_cast<QCPLegend*>(element)) {
        legend->setTextColor(inks.text);
        if (legend->borderPen().style() != Qt::NoPen) legend->setBorderPen(QPen(inks.guide, 0));
        if (legend->brush().style() != Qt::NoBrush) legend->setBrush(inks.background);
    }
}

class PaletteFollower : public QObject {
public:
    explicit PaletteFollower(QCustomPlot& plot) : QObject(&plot), plot_(plot) {
        plot.installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == &plot_ && event->type() == QEvent::PaletteChange) {
            applyPlotPalette(plot_, plot_.palette());
            plot_.replot(QCustomPlot::rpQueuedReplot);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QCustomPlot& plot_;
};

}  // namespace

void setPlotInk(QObject* element, PlotInk ink) {
    element->setProperty(kInkProperty, static_cast<int>(ink));
}

void applyPlotPalette(QCustomPlot& plot, const QPalette& palette) {
    const Inks inks = inksOf(palette);
    plot.setBackground(inks.background);
    for (QCPLayoutElement* element : plot.plotLayout()->elements(true)) {
        if (element) styleElement(element, inks);
    }
    // The legend may sit in an axis rect's inset layout, which elements(true) of the main layout skips.
    styleElement(plot.legend, inks);
    for (int i = 0; i < plot.itemCount(); ++i) {
        QCPAbstractItem* item = plot.item(i);
        const QColor ink = inkFor(item, inks);
        if (auto* text = qobject_cast<QCPItemText*>(item)) {
            text->setColor(ink);
            // A label box keeps its translucency but takes the background's colour.
            if (text->brush().style() != Qt::NoBrush) {
                QColor box = inks.background;
                box.setAlpha(text->brush().color().alpha());
                text->setBrush(box);
            }
        } else if (auto* line = qobject_cast<QCPItemStraightLine*>(item)) {
            QPen pen = line->pen();
            pen.setColor(ink);
            line->setPen(pen);
        }
    }
    for (int i = 0; i < plot.graphCount(); ++i) {
        QCPGraph* graph = plot.graph(i);
        if (graph->property(kInkProperty).isValid()) {
            QPen pen = graph->pen();
            pen.setColor(inkFor(graph, inks));
            graph->setPen(pen);
        }
    }
}

QPalette exportPalette() {
    // Fusion's standard palette is the light one, independent of the application's current palette.
    static const QPalette palette = [] {
        const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
        return fusion ? fusion->standardPalette() : QPalette(Qt::white);
    }();
    return palette;
}

void followPalette(QCustomPlot& plot) {
    new PaletteFollower(plot);
    applyPlotPalette(plot, plot.palette());
}

ExportStyleScope::ExportStyleScope(QCustomPlot& plot) : plot_(plot) {
    applyPlotPalette(plot_, exportPalette());
}

ExportStyleScope::~ExportStyleScope() {
    applyPlotPalette(plot_, plot_.palette());
}

}  // namespace attnscope
