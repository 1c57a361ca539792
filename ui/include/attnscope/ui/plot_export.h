#pragma once
#include <QByteArray>
#include <QString>

class QCustomPlot;

namespace attnscope {

// The resolution a 1× export is tagged with (PNG metadata, PDF and SVG units): a typical screen's.
inline constexpr int kScreenDpi = 96;

enum class PlotFormat { png, pdf, svg };

// "png", "pdf", "svg": the file name suffix, without the dot.
QString plotFormatSuffix(PlotFormat format);
// A QFileDialog name filter, e.g. "PNG image (*.png)".
QString plotFormatFilter(PlotFormat format);

// The plot as the widget shows it, on white (the plot's own background is drawn over it); the plot is not
// changed.
// PNG: the widget's size × `scale` pixels, tagged with 96 × `scale` dpi so that it prints at the widget's
// size. PDF: one vector page of the widget's size in points. SVG: vector, the widget's size as its
// view box; `scale` only affects PNG. Returns an empty array if rendering failed.
QByteArray renderPlot(QCustomPlot& plot, PlotFormat format, double scale = 1.0);

// renderPlot() written through QSaveFile (writeFileAtomically): the file appears whole or not at all, and an
// existing file is only replaced with `overwrite`. Returns an empty string, else a message naming the path
// and the cause.
QString exportPlot(QCustomPlot& plot, const QString& path, PlotFormat format, double scale, bool overwrite);

}  // namespace attnscope
