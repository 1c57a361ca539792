#include "charts/series_plot_style.h"

#include <iterator>

namespace attnscope {

QCPScatterStyle::ScatterShape seriesShape(int index) {
    static const QCPScatterStyle::ScatterShape shapes[] = {
        QCPScatterStyle::ssCircle,  QCPScatterStyle::ssSquare,           QCPScatterStyle::ssTriangle,
        QCPScatterStyle::ssDiamond, QCPScatterStyle::ssTriangleInverted, QCPScatterStyle::ssCross};
    return shapes[static_cast<std::size_t>(index) % std::size(shapes)];
}

OverlayStyle overlayStyle(int run) {
    const auto tr = [](const char* text) {
        return QCoreApplication::translate("attnscope::TimingChart", text);
    };
    const OverlayStyle styles[] = {
        {Qt::DotLine, QCPScatterStyle::ssDiamond, tr("dotted ◇")},
        {Qt::DashLine, QCPScatterStyle::ssStar, tr("dashed ✳")},
        {Qt::DashDotLine, QCPScatterStyle::ssPlusCircle, tr("dash-dot ⊕")},
        {Qt::DashDotDotLine, QCPScatterStyle::ssCrossCircle, tr("dash-dot-dot ⊗")},
        {Qt::DotLine, QCPScatterStyle::ssPlus, tr("dotted +")},
        {Qt::DashLine, QCPScatterStyle::ssPeace, tr("dashed ☮")},
    };
    return styles[static_cast<std::size_t>(run) % std::size(styles)];
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
