#include "charts/method_style.h"

#include <string_view>

namespace attnscope {

namespace {
QString fromView(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}
}  // namespace

QString methodLabel(Method method) {
    return fromView(methodName(method));
}

QString methodToolTip(Method method) {
    return fromView(methodDescription(method));
}

QColor methodColor(Method method) {
    // Okabe-Ito colours: distinguishable with the common colour-vision deficiencies and on white.
    switch (method) {
        case Method::quadratic:
            return QColor(0x00, 0x72, 0xb2);
        case Method::linear:
            return QColor(0xe6, 0x9f, 0x00);
        case Method::softmax:
            return QColor(0x00, 0x9e, 0x73);
        case Method::mha:
            return QColor(0xcc, 0x79, 0xa7);
        case Method::xformer:
            return QColor(0xd5, 0x5e, 0x00);
        case Method::performer:
            return QColor(0x56, 0xb4, 0xe9);
    }
    return QColor(Qt::black);
}

QColor seriesColor(Method method, int index) {
    // The method's hue throughout; further series of one method (the Xformer at several α, β) step through
    // darker and lighter shades, so that four of them can be told apart and still read as one method.
    static constexpr int kShades[] = {100, 165, 145, 240, 125, 200};
    const QColor base = methodColor(method);
    if (index <= 0) return base;
    const int step = kShades[index % 6];
    return index % 2 ? base.darker(step) : base.lighter(step);
}

}  // namespace attnscope
