#include "report/shape_bars_figure.h"

#include <QSharedPointer>
#include <algorithm>
#include <cmath>
#include <map>

#include "charts/method_style.h"
#include "charts/plot_theme.h"
#include "qcustomplot.h"

namespace attnscope {

namespace {

QString shapeLabel(const AttentionConfig& c) {
    QString label = QStringLiteral("b=%1, n=%2, d=%3").arg(c.batch).arg(c.n).arg(c.d);
    if (c.heads > 1) label += QStringLiteral(", h=%1").arg(c.heads);
    return label;
}

}  // namespace

std::optional<QImage> shapeBarsFigure(const std::vector<BenchmarkResult>& results) {
    std::vector<QString> shapes;  // in the order measured
    std::vector<Method> methods;
    std::map<std::pair<Method, int>, const BenchmarkResult*> cells;
    for (const BenchmarkResult& r : results) {
        if (!r.ok()) continue;
        const QString shape = shapeLabel(r.point.config);
        auto at = std::find(shapes.begin(), shapes.end(), shape);
        if (at == shapes.end()) at = shapes.insert(shapes.end(), shape);
        if (std::find(methods.begin(), methods.end(), r.point.method) == methods.end())
            methods.push_back(r.point.method);
        cells[{r.point.method, static_cast<int>(at - shapes.begin())}] = &r;
    }
    if (shapes.empty()) return std::nullopt;

    QCustomPlot plot;
    plot.plotLayout()->insertRow(0);
    plot.plotLayout()->addElement(
        0, 0,
        new QCPTextElement(&plot, QObject::tr("Median time per shape"), QFont(QString(), 11, QFont::Bold)));
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (std::size_t i = 0; i < shapes.size(); ++i) ticker->addTick(static_cast<double>(i), shapes[i]);
    plot.xAxis->setTicker(ticker);
    plot.xAxis->setRange(-0.6, static_cast<double>(shapes.size()) - 0.4);
    plot.xAxis->setLabel(QObject::tr("shape (batch b, sequence n, width d)"));
    plot.yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot.yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    plot.yAxis->setNumberFormat(QStringLiteral("gb"));
    plot.yAxis->setLabel(QObject::tr("median time (ms), log scale"));

    auto* group = new QCPBarsGroup(&plot);
    const double width = 0.8 / static_cast<double>(methods.size());
    double low = INFINITY, high = 0;
    for (Method method : methods) {
        auto* bars = new QCPBars(plot.xAxis, plot.yAxis);
        bars->setName(methodLabel(method));
        bars->setWidth(width);
        bars->setBarsGroup(group);
        bars->setBaseValue(1e-6);  // log axes need a positive base
        bars->setPen(QPen(methodColor(method).darker(130)));
        bars->setBrush(methodColor(method));
        auto* whiskers = new QCPErrorBars(plot.xAxis, plot.yAxis);
        whiskers->removeFromLegend();
        whiskers->setDataPlottable(bars);
        whiskers->setPen(QPen(Qt::black, 1.2));
        for (std::size_t i = 0; i < shapes.size(); ++i) {
            const auto cell = cells.find({method, static_cast<int>(i)});
            if (cell == cells.end()) {
                bars->addData(static_cast<double>(i), std::nan(""));
                whiskers->addData(0, 0);
                continue;
            }
            const TimingStats& s = cell->second->stats;
            bars->addData(static_cast<double>(i), s.median * 1e3);
            whiskers->addData((s.median - s.q1) * 1e3, (s.q3 - s.median) * 1e3);
            low = std::min(low, s.q1 * 1e3);
            high = std::max(high, s.q3 * 1e3);
        }
    }
    plot.yAxis->setRange(low / 3, high * 3);
    plot.legend->setVisible(true);
    plot.axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    applyPlotPalette(plot, exportPalette());
    return plot.toPixmap(1200, 620, 1.5).toImage();
}

}  // namespace attnscope
