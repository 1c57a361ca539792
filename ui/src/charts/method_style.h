#pragma once
#include <QColor>
#include <QString>

#include "attnscope/config/method.h"

namespace attnscope {

// How a method looks wherever the GUI shows it, so a method keeps one colour across every chart.
QString methodLabel(Method method);
QString methodToolTip(Method method);
QColor methodColor(Method method);
// The colour of the index-th series of a method on one chart: methodColor for the first, shades after it.
QColor seriesColor(Method method, int index);

}  // namespace attnscope
