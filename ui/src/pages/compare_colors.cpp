#include "attnscope/ui/compare_colors.h"

#include <cmath>

namespace attnscope {

QColor compareCellColor(double ratio) {
    if (ratio <= 1.01) return QColor(0x00, 0x72, 0xb2);  // blue: the faster, or within 1 % of it
    if (ratio <= 1.1) return QColor(0xfb, 0xe3, 0xb5);   // pale orange: a little slower
    if (ratio < 2.0) return QColor(0xf0, 0xb0, 0x4a);    // light orange: up to 2× slower
    return QColor(0xe6, 0x9f, 0x00);                     // orange: 2× or more
}

QColor textColorOn(const QColor& background) {
    auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    const double luminance = 0.2126 * channel(background.redF()) + 0.7152 * channel(background.greenF()) +
                             0.0722 * channel(background.blueF());
    // Above this luminance black text has the higher contrast ratio, below it white.
    return luminance > 0.179 ? Qt::black : Qt::white;
}

QString markedSpeedup(double speedup) {
    const QString ratio = QStringLiteral("%1×").arg(speedup, 0, 'f', 2);
    if (speedup > 1.01) return QStringLiteral("▲ ") + ratio;
    if (speedup > 0 && speedup < 1 / 1.01) return QStringLiteral("▼ ") + ratio;
    return ratio;
}

}  // namespace attnscope
