#pragma once
#include <qcustomplot.h>

namespace attnscope {

// What the two plots of the timing chart share: the look of a series' markers and the n axis.

// The marker of the index-th series of a method (ResultSeries::index): a method's series differ in shape
// as well as shade.
QCPScatterStyle::ScatterShape seriesShape(int index);

// How the index-th saved run overlaid on the timing plot is drawn: a dash pattern and a hollow marker that
// no other run and no measured series uses, so that runs tell apart in greyscale; `key` names both for the
// legend ("dotted ◇").
struct OverlayStyle {
    Qt::PenStyle pen;
    QCPScatterStyle::ScatterShape marker;
    QString key;
};
OverlayStyle overlayStyle(int run);

// A log2 axis of the sequence length n: powers of two, the values users pick, every label an integer.
void setUpLengthAxis(QCPAxis* axis);

}  // namespace attnscope
