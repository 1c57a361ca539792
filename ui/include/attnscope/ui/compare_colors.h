#pragma once
#include <QColor>
#include <QString>

namespace attnscope {

// The Compare tab's cells, readable with red–green colour blindness and in greyscale: a time cell is coloured
// by its ratio to the row's faster time, dark blue for the faster (within 1.01×) and light to strong oranges
// for the slower (to 1.1×, to 2×, beyond), from Okabe and Ito's palette; the blue is dark and every orange
// light, so greyscale keeps them apart, and the speed-up carries ▲/▼ so the direction reads without colour.
QColor compareCellColor(double ratio_to_faster);

// Black or white, whichever contrasts more with `background` (WCAG relative luminance).
QColor textColorOn(const QColor& background);

// "▲ 1.52×" above 1.01×, "▼ 0.66×" below 1/1.01×, else just the ratio ("1.00×").
QString markedSpeedup(double speedup);

}  // namespace attnscope
