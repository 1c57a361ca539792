#include "charts/series_plot_style.h"

#include <iterator>

namespace attnscope {

QCPScatterStyle::ScatterShape seriesShape(int index) {
    static const QCPScatterStyle::ScatterShape shapes[] = {
        QCPScatterStyle::ssCircle,  QCPScatterStyle::ssSquare,           QCPScatterStyle::ssTriangle,
        QCPScatterStyle::ssDiamond, QCPScatterStyle::ssTriangleInverted, QCPScatterStyle::ssCross};
    return shapes[static_cast<std::size_t>(index) % std::size(shapes)];
}

void setUpLengthAxis(QCPAxis* axis) {
    auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
    ticker->setLogBase(2);
    ticker->setSubTickCount(0);
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(ticker);
    axis->setNumberFormat(QStringLiteral("f"));
    axis->setNumberPrecision(0);
    axis->setLabel(QCoreApplication::translate("attnscope::TimingChart", "sequence length n (tokens)"));
}

}  // namespace attnscope
