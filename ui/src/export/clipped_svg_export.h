#pragma once
#include <QByteArray>
#include <QSize>
#include <QString>

class QCustomPlot;

namespace attnscope {

// The plot as SVG with its clipping honoured. Qt 6.4's QSvgGenerator ignores every clip, so a zoomed
// plot's curves would run over its axes and labels (Qt 6.7 adds clip paths); here the rectangular clips
// QCustomPlot sets (axis rects, legend icons) are applied to the geometry before it reaches the generator.
QByteArray renderClippedSvg(QCustomPlot& plot, QSize size, int dpi, const QString& title);

}  // namespace attnscope
