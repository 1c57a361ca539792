#pragma once
#include <QObject>
#include <QPalette>

class QCustomPlot;

namespace attnscope {

// Which palette colour an element of a plot takes when the theme changes. Elements without a role draw
// in the palette's text colour (titles, axes, legend, labels).
enum class PlotInk { text, muted, guide };

// Tags a QCPLayerable (text element, item, graph) so applyPlotPalette() gives it `ink`.
void setPlotInk(QObject* element, PlotInk ink);

// Restyles everything of `plot` that is not data: background, axes, ticks, grids, labels, legend, text
// elements and items, colour scales included. Data colours (methods, gradients) stay as they are.
void applyPlotPalette(QCustomPlot& plot, const QPalette& palette);

// The light palette exports are drawn with, whatever the theme: a figure on paper or in a slide is read
// on white.
QPalette exportPalette();

// Keeps a plot styled after its widget palette: applies it now and again whenever the palette (the
// theme) changes. Owned by the plot.
void followPalette(QCustomPlot& plot);

// For the lifetime of the scope, the plot is styled for export (exportPalette()); afterwards it is
// styled after its widget palette again.
class ExportStyleScope {
public:
    explicit ExportStyleScope(QCustomPlot& plot);
    ~ExportStyleScope();
    ExportStyleScope(const ExportStyleScope&) = delete;
    ExportStyleScope& operator=(const ExportStyleScope&) = delete;

private:
    QCustomPlot& plot_;
};

}  // namespace attnscope
