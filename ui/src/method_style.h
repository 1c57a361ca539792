#pragma once
#include <QColor>
#include <QString>

#include "attnscope/method.h"

namespace attnscope {

// How a method looks wherever the GUI shows it, so a method keeps one colour across every chart.
QString methodLabel(Method method);
QString methodToolTip(Method method);
QColor methodColor(Method method);

}  // namespace attnscope
