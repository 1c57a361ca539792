#include "charts/chart_hover.h"

#include <qcustomplot.h>
#include <cmath>

namespace attnscope {

namespace {

constexpr double kHoverRadiusPixels = 10;

}  // namespace

QString chartHoverText(const std::vector<ChartHover>& hovers, const QCustomPlot& plot, const QPoint& pixel) {
    const ChartHover* best = nullptr;
    double bestDistance = kHoverRadiusPixels;
    for (const ChartHover& h : hovers) {
        const double dx = plot.xAxis->coordToPixel(h.n) - pixel.x();
        const double dy = plot.yAxis->coordToPixel(h.value) - pixel.y();
        const double distance = std::hypot(dx, dy);
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = &h;
        }
    }
    if (!best) return {};
    const BenchmarkResult& r = *best->result;
    QString text = QCoreApplication::translate(
                       "attnscope::TimingChart",
                       "<b>%1</b>, n = %2<br>median %3 ms (IQR %4 ms, %5%)<br>%6 GFLOP/s · %7 repetitions")
                       .arg(best->label.toHtmlEscaped())
                       .arg(r.point.config.n)
                       .arg(r.stats.median * 1e3, 0, 'g', 4)
                       .arg(r.stats.iqr() * 1e3, 0, 'g', 3)
                       .arg(r.stats.relativeSpread() * 100, 0, 'f', 1)
                       .arg(r.gflops(), 0, 'f', 1)
                       .arg(r.stats.repetitions());
    if (r.stats.noisy()) {
        text += QCoreApplication::translate(
                    "attnscope::TimingChart",
                    "<br>⚠ noisy: IQR/median above %1%; the runner added repetitions up to its time budget")
                    .arg(kNoisySpread * 100, 0, 'f', 0);
    }
    if (!best->extra.isEmpty()) text += QStringLiteral("<br>") + best->extra.toHtmlEscaped();
    return text;
}

}  // namespace attnscope
