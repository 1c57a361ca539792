#pragma once
#include <qcustomplot.h>

namespace attnscope {

// What the two plots of the timing chart share: the look of a series' markers and the n axis.

// The marker of the index-th series of a method (ResultSeries::index): a method's series differ in shape
// as well as shade.
QCPScatterStyle::ScatterShape seriesShape(int index);

// A log2 axis of the sequence length n: powers of two, the values users pick, every label an integer.
void setUpLengthAxis(QCPAxis* axis);

}  // namespace attnscope
