#include "charts/timing_plots.h"

#include <qcustomplot.h>
#include <algorithm>
#include <limits>
#include <map>

#include "attnscope/analysis/comparison.h"
#include "attnscope/measuring/benchmark_name.h"
#include "charts/method_style.h"
#include "charts/plot_theme.h"
#include "charts/series_plot_style.h"

namespace attnscope {

namespace {

const QColor kNoisyColor(0xe0, 0x7b, 0x00);
constexpr double kRangeMargin = 1.25;  // factor of room around the data on log axes

QCPTextElement* addTitleRows(QCustomPlot* plot, const QString& title, const QFont& base,
                             QColor subtitleColor) {
    QFont titleFont = base;
    titleFont.setPointSizeF(base.pointSizeF() * 1.2);
    titleFont.setBold(true);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title, titleFont));
    plot->plotLayout()->insertRow(1);
    auto* subtitle = new QCPTextElement(plot, QString(), base);
    subtitle->setTextColor(subtitleColor);
    setPlotInk(subtitle, PlotInk::muted);
    plot->plotLayout()->addElement(1, 0, subtitle);
    return subtitle;
}

}  // namespace

TimingPlots::TimingPlots(QCustomPlot& time, QCustomPlot& lower)
    : plot_(&time), lower_(&lower), lowerGraphs_(std::make_unique<TimingLowerPlot>(&lower)) {
    setUpTimePlot();
    legendFitter_ = QObject::connect(plot_, &QCustomPlot::beforeReplot, plot_, [this] { fitLegend(); });
    rebuild();
}

TimingPlots::~TimingPlots() {
    QObject::disconnect(legendFitter_);
}

void TimingPlots::fitLegend() {
    QCPLegend* legend = plot_->legend;
    std::vector<int> itemWidths;  // the legend's cells may hold gaps: only items count
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (const QCPAbstractLegendItem* item = legend->item(i)) {
            itemWidths.push_back(item->minimumOuterSizeHint().width());
        }
    }
    const int count = static_cast<int>(itemWidths.size());
    if (count == 0 || plot_->viewport().width() <= 0) return;
    const int available = plot_->viewport().width() - 16;  // the legend row's margins
    int columns = count;
    for (; columns > 1; --columns) {
        // Filled row by row: item i sits in column i % columns, and a column is as wide as its widest item.
        std::vector<int> widths(static_cast<std::size_t>(columns), 0);
        for (int i = 0; i < count; ++i) {
            int& width = widths[static_cast<std::size_t>(i % columns)];
            width = std::max(width, itemWidths[static_cast<std::size_t>(i)]);
        }
        int total =
            legend->margins().left() + legend->margins().right() + (columns - 1) * legend->columnSpacing();
        for (int width : widths) total += width;
        if (total <= available) break;
    }
    if (columns == legend->wrap()) return;
    legend->setWrap(columns);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);  // re-lay the items out at the new wrap
}

void TimingPlots::setUpTimePlot() {
    const QColor muted = plot_->palette().color(QPalette::PlaceholderText);
    subtitle_ = addTitleRows(plot_, tr("Time per forward pass against n (log–log)"), plot_->font(), muted);
    plot_->plotLayout()->element(0, 0)->setObjectName(QStringLiteral("timingTitle"));

    // The legend sits in its own row under the titles, so it never covers a curve.
    auto* legendRow = new QCPLayoutGrid;
    plot_->plotLayout()->insertRow(2);
    plot_->plotLayout()->addElement(2, 0, legendRow);
    plot_->plotLayout()->setRowStretchFactor(2, 0.001);
    legendRow->setMargins(QMargins(8, 0, 8, 0));
    plot_->axisRect()->insetLayout()->take(plot_->legend);
    legendRow->addElement(0, 0, plot_->legend);
    plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot_->legend->setWrap(7);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->legend->setBrush(Qt::NoBrush);
    plot_->legend->setVisible(true);

    setUpLengthAxis(plot_->xAxis);
    auto timeTicker = QSharedPointer<QCPAxisTickerLog>::create();
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(timeTicker);
    plot_->yAxis->setNumberFormat(QStringLiteral("gb"));
    plot_->yAxis->setNumberPrecision(0);
    plot_->yAxis->setLabel(tr("time per forward pass (ms)"));
    plot_->yAxis->grid()->setSubGridVisible(true);

    crossoverLine_ = new QCPItemStraightLine(plot_);
    crossoverLine_->setPen(QPen(plot_->palette().color(QPalette::Dark), 1, Qt::DashDotLine));
    setPlotInk(crossoverLine_, PlotInk::guide);
    crossoverLabel_ = new QCPItemText(plot_);
    crossoverLabel_->position->setTypeX(QCPItemPosition::ptPlotCoords);
    crossoverLabel_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    crossoverLabel_->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    crossoverLabel_->setPadding(QMargins(4, 2, 4, 2));
    crossoverLabel_->setBrush(QColor(255, 255, 255, 210));
    crossoverLabel_->setColor(plot_->palette().color(QPalette::Text));
    crossoverLabel_->setClipToAxisRect(true);

    emptyHint_ = new QCPItemText(plot_);
    emptyHint_->position->setType(QCPItemPosition::ptAxisRectRatio);
    emptyHint_->position->setCoords(0.5, 0.5);
    emptyHint_->setText(tr("Select a method to measure."));
    emptyHint_->setColor(muted);
    setPlotInk(emptyHint_, PlotInk::muted);
}

void TimingPlots::setSweep(const AttentionConfig& config, const std::vector<Method>& methods,
                           std::int64_t min_n, std::int64_t max_n) {
    config_ = config;
    methods_ = methods;
    minN_ = std::max<std::int64_t>(1, std::min(min_n, max_n));
    maxN_ = std::max(min_n, max_n);
    rebuild();
}

void TimingPlots::setResults(const std::vector<BenchmarkResult>& results) {
    results_ = results;
    rebuild();
}

void TimingPlots::setOverlays(const std::vector<ComparedRun>& overlays) {
    overlays_ = overlays;
    rebuild();
}

void TimingPlots::setCaption(const QString& caption) {
    caption_ = caption;
    rebuild();
}

void TimingPlots::setLowerView(TimingLowerView view) {
    lowerView_ = view;
    rebuild();
}

void TimingPlots::rebuild() {
    plot_->clearGraphs();
    hovers_.clear();
    series_ = groupSeries(results_, methods_, config_);

    std::int64_t lowN = minN_;
    std::int64_t highN = maxN_;
    for (const BenchmarkResult& r : results_) {
        lowN = std::min(lowN, r.point.config.n);
        highN = std::max(highN, r.point.config.n);
    }
    double low = std::numeric_limits<double>::infinity();
    double high = 0;
    bool anyMeasured = false;
    const std::vector<double> lengths = modelLengths(lowN, highN);

    for (const ResultSeries& s : series_) {
        // The model's slope is what the FLOP count predicts, its height this machine's (model_curve.h).
        const ModelCurve curve = modelCurve(s, lengths);
        QVector<double> modelMs;
        for (double seconds : curve.seconds) {
            modelMs << seconds * 1e3;
            if (seconds > 0) {
                low = std::min(low, modelMs.back());
                high = std::max(high, modelMs.back());
            }
        }
        QCPGraph* model = plot_->addGraph();
        model->setObjectName(QStringLiteral("model:") + QString::fromStdString(s.key));
        model->setName(tr("%1 model").arg(QString::fromStdString(s.label)));
        model->setPen(QPen(seriesColor(s.method, s.index), 1.5, Qt::DashLine));
        model->setData(QVector<double>(curve.n.begin(), curve.n.end()), modelMs, true);
        model->removeFromLegend();

        addMeasured(s, low, high);
        anyMeasured = anyMeasured || !s.points.empty();
    }
    for (std::size_t i = 0; i < overlays_.size(); ++i)
        addOverlay(overlays_[i], static_cast<int>(i), low, high);
    addKeysAndGuides(anyMeasured, low, high);

    std::vector<Method> shown;
    for (const ResultSeries& s : series_) shown.push_back(s.method);
    baseline_ = speedupBaseline(shown).value_or(Method::softmax);
    lowerGraphs_->rebuild(series_, lowerView_, baseline_);
    resetZoom();
}

// The median line, its IQR band and the hover spots of one series' measured points.
void TimingPlots::addMeasured(const ResultSeries& s, double& low, double& high) {
    const QColor color = seriesColor(s.method, s.index);
    const QString key = QString::fromStdString(s.key);
    QVector<double> n, median, q1, q3;
    const std::optional<double> fitted = fittedFlopsPerSecond(s);
    for (const BenchmarkResult* r : s.points) {
        n << static_cast<double>(r->point.config.n);
        median << r->stats.median * 1e3;
        q1 << r->stats.q1 * 1e3;
        q3 << r->stats.q3 * 1e3;
        low = std::min(low, r->stats.q1 * 1e3);
        high = std::max(high, r->stats.q3 * 1e3);
        QString modelLine;
        if (fitted && r->cost.flops > 0) {
            modelLine = tr("measured / model %1 (model fitted at %2 GFLOP/s)")
                            .arg(r->stats.median * *fitted / r->cost.flops, 0, 'f', 2)
                            .arg(*fitted * 1e-9, 0, 'f', 1);
        }
        hovers_.push_back({n.back(), median.back(), r, QString::fromStdString(s.label), modelLine});
    }

    // IQR band: the q1 graph is invisible, the q3 graph fills down to it.
    QCPGraph* lowerBand = plot_->addGraph();
    lowerBand->setObjectName(QStringLiteral("q1:") + key);
    lowerBand->setPen(Qt::NoPen);
    lowerBand->setData(n, q1, true);
    lowerBand->removeFromLegend();
    QCPGraph* upperBand = plot_->addGraph();
    upperBand->setObjectName(QStringLiteral("q3:") + key);
    upperBand->setPen(Qt::NoPen);
    QColor fill = color;
    fill.setAlpha(60);
    upperBand->setBrush(fill);
    upperBand->setChannelFillGraph(lowerBand);
    upperBand->setData(n, q3, true);
    upperBand->removeFromLegend();

    QCPGraph* measured = plot_->addGraph();
    measured->setObjectName(QStringLiteral("measured:") + key);
    // The fitted constant beside the name: how fast this machine ran the method where FLOPs dominate.
    measured->setName(fitted ? tr("%1 · model %2 GFLOP/s")
                                   .arg(QString::fromStdString(s.label))
                                   .arg(*fitted * 1e-9, 0, 'f', *fitted < 10e9 ? 1 : 0)
                             : QString::fromStdString(s.label));
    measured->setPen(QPen(color, 2));
    measured->setScatterStyle(QCPScatterStyle(seriesShape(s.index), color, Qt::white, 7));
    measured->setData(n, median, true);
}

void TimingPlots::addOverlay(const ComparedRun& run, int index, double& low, double& high) {
    std::map<std::string, std::vector<std::pair<double, double>>> curves;  // series key -> (n, ms)
    for (const SavedBenchmark& b : run.results.benchmarks) {
        const std::optional<BenchmarkName> name = BenchmarkName::parse(b.name);
        const std::optional<std::int64_t> n = name ? name->length() : std::nullopt;
        if (n && *n > 0 && b.median_ms > 0) {
            curves[name->withoutLength().str()].push_back({static_cast<double>(*n), b.median_ms});
        }
    }
    const OverlayStyle style = overlayStyle(index);
    bool drawn = false;
    for (const ResultSeries& s : series_) {
        const auto curve = curves.find(s.key);
        if (curve == curves.end()) continue;
        auto points = curve->second;
        std::sort(points.begin(), points.end());
        QVector<double> n, ms;
        for (const auto& [x, y] : points) {
            n << x;
            ms << y;
            low = std::min(low, y);
            high = std::max(high, y);
        }
        const QColor color = seriesColor(s.method, s.index);
        QCPGraph* graph = plot_->addGraph();
        graph->setObjectName(QStringLiteral("overlay:%1:").arg(index) + QString::fromStdString(s.key));
        graph->setName(QStringLiteral("%1 · %2").arg(QString::fromStdString(s.label), run.label));
        graph->removeFromLegend();  // one key entry per saved run, below
        drawn = true;
        graph->setPen(QPen(color, 1.5, style.pen));
        graph->setScatterStyle(QCPScatterStyle(style.marker, QPen(color, 1.5), Qt::NoBrush, 9));
        graph->setData(n, ms, true);
    }
    if (drawn) {
        const QColor ink = plot_->palette().color(QPalette::Dark);
        QCPGraph* key = plot_->addGraph();
        key->setName(tr("%1 (%2)").arg(run.label, style.key));
        key->setPen(QPen(ink, 1.5, style.pen));
        key->setScatterStyle(QCPScatterStyle(style.marker, QPen(ink, 1.5), Qt::NoBrush, 9));
        setPlotInk(key, PlotInk::guide);
    }
}

// Everything of the time plot that is not a series: noisy rings, the legend's line-style keys, the empty
// hint, the value range, the crossover guide and the subtitle.
void TimingPlots::addKeysAndGuides(bool anyMeasured, double low, double high) {
    // Noisy points (IQR/median above 10%) get an orange ring, as the Results tab colours their spread.
    QVector<double> noisyN, noisyMs;
    for (const ResultSeries& s : series_) {
        for (const BenchmarkResult* r : s.points) {
            if (r->stats.noisy()) {
                noisyN << static_cast<double>(r->point.config.n);
                noisyMs << r->stats.median * 1e3;
            }
        }
    }
    if (!noisyN.isEmpty()) {
        QCPGraph* noisy = plot_->addGraph();
        noisy->setObjectName(QStringLiteral("noisy"));
        noisy->setName(tr("noisy (IQR > %1%)").arg(kNoisySpread * 100, 0, 'f', 0));
        noisy->setLineStyle(QCPGraph::lsNone);
        noisy->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kNoisyColor, 2), Qt::NoBrush, 15));
        noisy->setData(noisyN, noisyMs, true);
    }

    // Key to the line styles, as legend entries without data.
    if (!series_.empty()) {
        QCPGraph* modelKey = plot_->addGraph();
        modelKey->setName(tr("cost model (dashed)"));
        modelKey->setPen(QPen(plot_->palette().color(QPalette::Dark), 1.5, Qt::DashLine));
        setPlotInk(modelKey, PlotInk::guide);
        applyPlotPalette(*plot_, plot_->palette());
        QCPGraph* bandKey = plot_->addGraph();
        bandKey->setName(tr("IQR band"));
        bandKey->setPen(Qt::NoPen);
        bandKey->setBrush(QColor(128, 128, 128, 70));
    }

    const bool empty = series_.empty() || !(high > 0);
    emptyHint_->setVisible(empty);
    plot_->legend->setVisible(!empty);
    if (empty) {
        low = 1e-3;
        high = 1;
    }
    timeLow_ = low / 1.5;
    timeHigh_ = high * 1.5;

    // Quadratic (QK^T)V costs 4bn²d, linear Q(K^TV) 4bnd²: they cross at n = d.
    const auto quadratic = std::find_if(series_.begin(), series_.end(),
                                        [](const ResultSeries& s) { return s.method == Method::quadratic; });
    const bool hasLinear = std::any_of(series_.begin(), series_.end(),
                                       [](const ResultSeries& s) { return s.method == Method::linear; });
    const bool showCrossover = quadratic != series_.end() && hasLinear;
    crossoverLine_->setVisible(showCrossover);
    crossoverLabel_->setVisible(showCrossover);
    if (showCrossover) {
        const double d = static_cast<double>(quadratic->config.d);
        crossoverLine_->point1->setCoords(d, 1);
        crossoverLine_->point2->setCoords(d, 2);
        crossoverLabel_->position->setCoords(d, 0.0);
        crossoverLabel_->setText(tr("n = d = %1\nquadratic ≈ linear").arg(quadratic->config.d));
    }

    QString subtitle;
    if (!caption_.isEmpty()) subtitle = caption_ + QStringLiteral(" · ");
    subtitle += anyMeasured
                    ? tr("line: median · band: IQR · dashed: cost model fitted to the larger half of n")
                    : tr("dashed: cost model at an assumed %1 GFLOP/s until the first measurement")
                          .arg(kAssumedGflops);
    subtitle_->setText(subtitle);
}

void TimingPlots::resetZoom() {
    std::int64_t lowN = minN_;
    std::int64_t highN = maxN_;
    for (const BenchmarkResult& r : results_) {
        lowN = std::min(lowN, r.point.config.n);
        highN = std::max(highN, r.point.config.n);
    }
    const QCPRange nRange(static_cast<double>(lowN) / kRangeMargin,
                          static_cast<double>(highN) * kRangeMargin);
    plot_->xAxis->setRange(nRange);
    lower_->xAxis->setRange(nRange);
    plot_->yAxis->setRange(timeLow_, timeHigh_);
    lowerGraphs_->resetValueRange();
    plot_->replot();
    lower_->replot();
}

QString TimingPlots::toolTipAt(const QPoint& pixel) const {
    return chartHoverText(hovers_, *plot_, pixel);
}

QString TimingPlots::lowerToolTipAt(const QPoint& pixel) const {
    return chartHoverText(lowerGraphs_->hovers(), *lower_, pixel);
}

}  // namespace attnscope
