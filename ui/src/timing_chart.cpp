#include "timing_chart.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "attnscope/cost_model.h"
#include "method_style.h"
#include "plot_theme.h"

namespace attnscope {

namespace {

const QColor kNoisyColor(0xe0, 0x7b, 0x00);


// Four points per octave keep the kinks of ceil(n / beta) visible without a jagged look.
constexpr int kSamplesPerOctave = 4;
constexpr double kHoverRadiusPixels = 10;
constexpr double kRangeMargin = 1.25;  // factor of room around the data on log axes

double modelMilliseconds(Method method, const AttentionConfig& config) {
    return estimateCost(method, config).flops / (TimingChart::kAssumedGflops * 1e9) * 1e3;
}

// Powers of two on n: the values users pick, and every label is an exact integer.
void setUpLengthAxis(QCPAxis* axis) {
    auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
    ticker->setLogBase(2);
    ticker->setSubTickCount(0);
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(ticker);
    axis->setNumberFormat(QStringLiteral("f"));
    axis->setNumberPrecision(0);
    axis->setLabel(QObject::tr("sequence length n (tokens)"));
}

QVector<double> sampledLengths(std::int64_t min_n, std::int64_t max_n) {
    QVector<double> lengths;
    const double first = std::log2(static_cast<double>(min_n));
    const double last = std::log2(static_cast<double>(max_n));
    for (double k = std::ceil(first * kSamplesPerOctave); k <= last * kSamplesPerOctave; k += 1) {
        lengths << std::exp2(k / kSamplesPerOctave);
    }
    if (lengths.isEmpty() || lengths.front() > static_cast<double>(min_n)) {
        lengths.prepend(static_cast<double>(min_n));
    }
    if (lengths.back() < static_cast<double>(max_n)) lengths << static_cast<double>(max_n);
    return lengths;
}

// Same shape and threads: the points a speed-up may compare.
std::string comparableKey(const AttentionConfig& c) {
    return std::to_string(c.batch) + "/" + std::to_string(c.n) + "/" + std::to_string(c.d) + "/" +
           std::to_string(c.heads) + "/" + std::to_string(c.resolvedThreads());
}

QCPScatterStyle::ScatterShape shapeFor(int index) {
    static const QCPScatterStyle::ScatterShape shapes[] = {
        QCPScatterStyle::ssCircle,  QCPScatterStyle::ssSquare,           QCPScatterStyle::ssTriangle,
        QCPScatterStyle::ssDiamond, QCPScatterStyle::ssTriangleInverted, QCPScatterStyle::ssCross};
    return shapes[static_cast<std::size_t>(index) % std::size(shapes)];
}

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

struct TimingChart::Series {
    QString key;
    QString label;
    Method method = Method::softmax;
    AttentionConfig config;
    int shape = 0;                               // index among the series of its method
    std::vector<const BenchmarkResult*> points;  // successful ones, by n
};

TimingChart::TimingChart(QWidget* parent) : QWidget(parent) {
    plot_ = new QCustomPlot;
    plot_->setObjectName(QStringLiteral("timingPlot"));
    plot_->setAccessibleName(tr("Time per forward pass against sequence length"));
    lower_ = new QCustomPlot;
    lower_->setObjectName(QStringLiteral("lowerPlot"));

    lowerCombo_ = new QComboBox;
    lowerCombo_->setObjectName(QStringLiteral("lowerViewCombo"));
    lowerCombo_->addItem(tr("Speed-up over the baseline"));
    lowerCombo_->addItem(tr("Throughput (GFLOP/s)"));
    lowerCombo_->addItem(tr("Memory: measured peak beside the model"));
    lowerCombo_->setToolTip(tr("What the lower plot shows"));
    connect(lowerCombo_, &QComboBox::currentIndexChanged, this,
            [this](int index) { setLowerView(static_cast<LowerView>(index)); });

    auto* lowerBox = new QWidget;
    auto* lowerLayout = new QVBoxLayout(lowerBox);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    auto* comboRow = new QHBoxLayout;
    auto* comboLabel = new QLabel(tr("Lower plot:"));
    comboLabel->setBuddy(lowerCombo_);
    comboRow->addWidget(comboLabel);
    comboRow->addWidget(lowerCombo_);
    comboRow->addStretch(1);
    comboRow->setContentsMargins(6, 2, 6, 0);
    lowerLayout->addLayout(comboRow);
    lowerLayout->addWidget(lower_, 1);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName(QStringLiteral("timingSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(plot_);
    splitter->addWidget(lowerBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    // Proportions only: QSplitter scales them to the real height once shown.
    splitter->setSizes({600, 400});
    lower_->setMinimumHeight(180);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    setUpTimePlot();
    setUpLowerPlot();
    // Axes, labels, legend and guides take the theme's colours, now and whenever it changes.
    followPalette(*plot_);
    followPalette(*lower_);

    // One n axis for both plots: zooming into a range of n in one shows the same range in the other.
    auto follow = [](QCustomPlot* to) {
        return [to](const QCPRange& range) {
            if (to->xAxis->range() == range) return;
            to->xAxis->setRange(range);
            to->replot(QCustomPlot::rpQueuedReplot);
        };
    };
    connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, follow(lower_));
    connect(lower_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, follow(plot_));
    for (QCustomPlot* plot : {plot_, lower_}) {
        plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        connect(plot, &QCustomPlot::mouseDoubleClick, this, &TimingChart::resetZoom);
        const bool lower = plot == lower_;
        connect(plot, &QCustomPlot::mouseMove, this,
                [this, lower](QMouseEvent* event) { showToolTip(event, lower); });
    }
    rebuild();
}

void TimingChart::setUpTimePlot() {
    const QColor muted = palette().color(QPalette::PlaceholderText);
    subtitle_ = addTitleRows(plot_, tr("Time per forward pass against n (log–log)"), font(), muted);
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
    crossoverLine_->setPen(QPen(palette().color(QPalette::Dark), 1, Qt::DashDotLine));
    setPlotInk(crossoverLine_, PlotInk::guide);
    crossoverLabel_ = new QCPItemText(plot_);
    crossoverLabel_->position->setTypeX(QCPItemPosition::ptPlotCoords);
    crossoverLabel_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    crossoverLabel_->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    crossoverLabel_->setPadding(QMargins(4, 2, 4, 2));
    crossoverLabel_->setBrush(QColor(255, 255, 255, 210));
    crossoverLabel_->setColor(palette().color(QPalette::Text));
    crossoverLabel_->setClipToAxisRect(true);

    emptyHint_ = new QCPItemText(plot_);
    emptyHint_->position->setType(QCPItemPosition::ptAxisRectRatio);
    emptyHint_->position->setCoords(0.5, 0.5);
    emptyHint_->setText(tr("Select a method to measure."));
    emptyHint_->setColor(muted);
    setPlotInk(emptyHint_, PlotInk::muted);
}

void TimingChart::setUpLowerPlot() {
    setUpLengthAxis(lower_->xAxis);
    lower_->yAxis->grid()->setSubGridVisible(true);
    unityLine_ = new QCPItemStraightLine(lower_);
    unityLine_->setPen(QPen(palette().color(QPalette::Dark), 1, Qt::DashLine));
    setPlotInk(unityLine_, PlotInk::guide);
    unityLine_->point1->setCoords(1, 1);
    unityLine_->point2->setCoords(2, 1);
}

void TimingChart::setSweep(const AttentionConfig& config, const std::vector<Method>& methods,
                           std::int64_t min_n, std::int64_t max_n) {
    config_ = config;
    methods_ = methods;
    minN_ = std::max<std::int64_t>(1, std::min(min_n, max_n));
    maxN_ = std::max(min_n, max_n);
    rebuild();
}

void TimingChart::setResults(const std::vector<BenchmarkResult>& results) {
    results_ = results;
    rebuild();
}

void TimingChart::setOverlay(const std::optional<SavedResults>& overlay) {
    overlay_ = overlay;
    rebuild();
}

namespace {

// "softmax/batch:1/n:64/d:8/..." -> ("softmax/batch:1/d:8/...", 64); n = 0 when the name has no /n: field.
std::pair<std::string, std::int64_t> splitLength(const std::string& name) {
    const auto at = name.find("/n:");
    if (at == std::string::npos) return {name, 0};
    const auto end = name.find('/', at + 3);
    const std::string digits = name.substr(at + 3, end == std::string::npos ? std::string::npos : end - at - 3);
    std::int64_t n = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return {name, 0};
        n = n * 10 + (c - '0');
    }
    return {name.substr(0, at) + (end == std::string::npos ? std::string() : name.substr(end)), n};
}

}  // namespace

void TimingChart::addOverlay(const std::vector<Series>& series, double& low, double& high) {
    if (!overlay_) return;
    std::map<std::string, std::vector<std::pair<double, double>>> curves;  // series key -> (n, ms)
    for (const SavedBenchmark& b : overlay_->benchmarks) {
        const auto [key, n] = splitLength(b.name);
        if (n > 0 && b.median_ms > 0) curves[key].push_back({static_cast<double>(n), b.median_ms});
    }
    bool drawn = false;
    for (const Series& s : series) {
        const auto curve = curves.find(s.key.toStdString());
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
        const QColor color = seriesColor(s.method, s.shape);
        QCPGraph* graph = plot_->addGraph();
        graph->setObjectName(QStringLiteral("overlay:") + s.key);
        graph->setName(QStringLiteral("%1 · %2").arg(s.label, QString::fromStdString(overlay_->engine)));
        graph->removeFromLegend();  // one key entry for the whole saved run, below
        drawn = true;
        graph->setPen(QPen(color, 1.5, Qt::DotLine));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(color, 1.5), Qt::NoBrush, 9));
        graph->setData(n, ms, true);
    }
    if (drawn) {
        QCPGraph* key = plot_->addGraph();
        key->setName(tr("%1 (dotted ◇)").arg(QString::fromStdString(overlay_->engine)));
        key->setPen(QPen(palette().color(QPalette::Dark), 1.5, Qt::DotLine));
        key->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(palette().color(QPalette::Dark), 1.5),
                                             Qt::NoBrush, 9));
        setPlotInk(key, PlotInk::guide);
    }
}

void TimingChart::setCaption(const QString& caption) {
    caption_ = caption;
    rebuild();
}

void TimingChart::setLowerView(LowerView view) {
    lowerView_ = view;
    const int index = static_cast<int>(view);
    if (lowerCombo_->currentIndex() != index) lowerCombo_->setCurrentIndex(index);
    rebuild();
}

std::vector<TimingChart::Series> TimingChart::groupSeries() const {
    std::vector<Series> series;
    std::map<std::string, std::size_t> byKey;
    for (const BenchmarkResult& result : results_) {
        const std::string key = result.point.seriesName();
        auto [it, inserted] = byKey.try_emplace(key, series.size());
        if (inserted) {
            Series s;
            s.key = QString::fromStdString(key);
            s.method = result.point.method;
            s.config = result.point.config;
            series.push_back(std::move(s));
        }
        if (result.ok()) series[it->second].points.push_back(&result);
    }
    // Selected methods without a result yet still get their model curve.
    for (Method method : methods_) {
        const bool present = std::any_of(series.begin(), series.end(),
                                         [method](const Series& s) { return s.method == method; });
        if (present) continue;
        Series s;
        s.method = method;
        s.config = config_;
        s.key = QString::fromStdString(BenchmarkPoint(method, config_).name());
        series.push_back(std::move(s));
    }
    std::stable_sort(series.begin(), series.end(), [](const Series& a, const Series& b) {
        return static_cast<int>(a.method) < static_cast<int>(b.method);
    });

    // A method measured at several settings (a preset) names what differs, e.g. "xformer beta 4".
    for (Series& s : series) {
        std::vector<const Series*> siblings;
        for (const Series& other : series) {
            if (other.method == s.method) siblings.push_back(&other);
        }
        s.label = methodLabel(s.method);
        s.shape = static_cast<int>(std::find(siblings.begin(), siblings.end(), &s) - siblings.begin());
        if (siblings.size() < 2) continue;
        const std::pair<const char*, std::int64_t AttentionConfig::*> fields[] = {
            {"batch", &AttentionConfig::batch}, {"d", &AttentionConfig::d},
            {"heads", &AttentionConfig::heads}, {"α", &AttentionConfig::alpha},
            {"β", &AttentionConfig::beta},      {"m", &AttentionConfig::features}};
        for (const auto& entry : fields) {
            // Plain names, not a structured binding: clang 14 cannot capture those in the lambda below.
            const char* name = entry.first;
            const auto field = entry.second;
            const bool differs = std::any_of(siblings.begin(), siblings.end(), [&](const Series* o) {
                return o->config.*field != s.config.*field;
            });
            if (differs)
                s.label += QStringLiteral(" %1 %2").arg(QString::fromUtf8(name)).arg(s.config.*field);
        }
    }
    for (Series& s : series) {
        std::sort(s.points.begin(), s.points.end(), [](const BenchmarkResult* a, const BenchmarkResult* b) {
            return a->point.config.n < b->point.config.n;
        });
    }
    return series;
}

void TimingChart::rebuild() {
    plot_->clearGraphs();
    hovers_.clear();
    const std::vector<Series> series = groupSeries();

    std::int64_t lowN = minN_;
    std::int64_t highN = maxN_;
    for (const BenchmarkResult& r : results_) {
        lowN = std::min(lowN, r.point.config.n);
        highN = std::max(highN, r.point.config.n);
    }
    double low = std::numeric_limits<double>::infinity();
    double high = 0;
    bool anyMeasured = false;
    const QVector<double> lengths = sampledLengths(lowN, highN);

    QVector<double> noisyN, noisyMs;
    for (const Series& s : series) {
        const QColor color = seriesColor(s.method, s.shape);
        // Model curve, scaled so that it passes through the series' first measurement: its slope is what the
        // FLOP count predicts, its height is this machine's.
        double scale = 1;
        if (!s.points.empty()) {
            const BenchmarkResult& first = *s.points.front();
            const double model = modelMilliseconds(s.method, first.point.config);
            if (model > 0) scale = first.stats.median * 1e3 / model;
        }
        QVector<double> modelMs;
        AttentionConfig sample = s.config;
        for (double n : lengths) {
            sample.n = std::llround(n);
            const double ms = modelMilliseconds(s.method, sample) * scale;
            modelMs << ms;
            if (ms > 0) {
                low = std::min(low, ms);
                high = std::max(high, ms);
            }
        }
        QCPGraph* model = plot_->addGraph();
        model->setObjectName(QStringLiteral("model:") + s.key);
        model->setName(tr("%1 model").arg(s.label));
        QPen modelPen(color, 1.5, Qt::DashLine);
        model->setPen(modelPen);
        model->setData(lengths, modelMs, true);
        model->removeFromLegend();

        QVector<double> n, median, q1, q3;
        for (const BenchmarkResult* r : s.points) {
            n << static_cast<double>(r->point.config.n);
            median << r->stats.median * 1e3;
            q1 << r->stats.q1 * 1e3;
            q3 << r->stats.q3 * 1e3;
            low = std::min(low, r->stats.q1 * 1e3);
            high = std::max(high, r->stats.q3 * 1e3);
            hovers_.push_back({n.back(), median.back(), r, s.label, {}});
        }
        anyMeasured = anyMeasured || !s.points.empty();

        // IQR band: the q1 graph is invisible, the q3 graph fills down to it.
        QCPGraph* lowerBand = plot_->addGraph();
        lowerBand->setObjectName(QStringLiteral("q1:") + s.key);
        lowerBand->setPen(Qt::NoPen);
        lowerBand->setData(n, q1, true);
        lowerBand->removeFromLegend();
        QCPGraph* upperBand = plot_->addGraph();
        upperBand->setObjectName(QStringLiteral("q3:") + s.key);
        upperBand->setPen(Qt::NoPen);
        QColor fill = color;
        fill.setAlpha(60);
        upperBand->setBrush(fill);
        upperBand->setChannelFillGraph(lowerBand);
        upperBand->setData(n, q3, true);
        upperBand->removeFromLegend();

        QCPGraph* measured = plot_->addGraph();
        measured->setObjectName(QStringLiteral("measured:") + s.key);
        measured->setName(s.label);
        measured->setPen(QPen(color, 2));
        measured->setScatterStyle(QCPScatterStyle(shapeFor(s.shape), color, Qt::white, 7));
        measured->setData(n, median, true);
        for (const BenchmarkResult* r : s.points) {
            if (r->stats.noisy()) {
                noisyN << static_cast<double>(r->point.config.n);
                noisyMs << r->stats.median * 1e3;
            }
        }
    }

    addOverlay(series, low, high);

    // Noisy points (IQR/median above 10%) get an orange ring, as the Results tab colours their spread.
    if (!noisyN.isEmpty()) {
        QCPGraph* noisy = plot_->addGraph();
        noisy->setObjectName(QStringLiteral("noisy"));
        noisy->setName(tr("noisy (IQR > %1%)").arg(kNoisySpread * 100, 0, 'f', 0));
        noisy->setLineStyle(QCPGraph::lsNone);
        noisy->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kNoisyColor, 2), Qt::NoBrush, 15));
        noisy->setData(noisyN, noisyMs, true);
    }

    // Key to the line styles, as legend entries without data.
    if (!series.empty()) {
        QCPGraph* modelKey = plot_->addGraph();
        modelKey->setName(tr("cost model (dashed)"));
        modelKey->setPen(QPen(palette().color(QPalette::Dark), 1.5, Qt::DashLine));
        setPlotInk(modelKey, PlotInk::guide);
        applyPlotPalette(*plot_, plot_->palette());
        QCPGraph* bandKey = plot_->addGraph();
        bandKey->setName(tr("IQR band"));
        bandKey->setPen(Qt::NoPen);
        bandKey->setBrush(QColor(128, 128, 128, 70));
    }

    const bool empty = series.empty() || !(high > 0);
    emptyHint_->setVisible(empty);
    plot_->legend->setVisible(!empty);
    if (empty) {
        low = 1e-3;
        high = 1;
    }
    timeLow_ = low / 1.5;
    timeHigh_ = high * 1.5;

    // Quadratic (QK^T)V costs 4bn²d, linear Q(K^TV) 4bnd²: they cross at n = d.
    const auto quadratic = std::find_if(series.begin(), series.end(),
                                        [](const Series& s) { return s.method == Method::quadratic; });
    const bool hasLinear =
        std::any_of(series.begin(), series.end(), [](const Series& s) { return s.method == Method::linear; });
    const bool showCrossover = quadratic != series.end() && hasLinear;
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
                    ? tr("line: median · band: IQR · dashed: cost model through each method's first point")
                    : tr("dashed: cost model at an assumed %1 GFLOP/s until the first measurement")
                          .arg(kAssumedGflops);
    subtitle_->setText(subtitle);

    rebuildLower(series);
    resetZoom();
}

void TimingChart::rebuildLower(const std::vector<Series>& series) {
    lower_->clearGraphs();
    lowerHovers_.clear();

    const auto has = [&series](Method m) {
        return std::any_of(series.begin(), series.end(), [m](const Series& s) { return s.method == m; });
    };
    baseline_ = has(Method::softmax)     ? Method::softmax
                : has(Method::quadratic) ? Method::quadratic
                : series.empty()         ? Method::softmax
                                         : series.front().method;

    double low = std::numeric_limits<double>::infinity();
    double high = 0;
    if (lowerView_ == LowerView::speedup) {
        std::map<std::string, const BenchmarkResult*> base;
        for (const Series& s : series) {
            if (s.method != baseline_) continue;
            for (const BenchmarkResult* r : s.points) base.try_emplace(comparableKey(r->point.config), r);
        }
        for (const Series& s : series) {
            if (s.method == baseline_ && s.shape == 0) continue;
            QVector<double> n, speedup;
            for (const BenchmarkResult* r : s.points) {
                const auto b = base.find(comparableKey(r->point.config));
                if (b == base.end() || r->stats.median <= 0) continue;
                n << static_cast<double>(r->point.config.n);
                speedup << b->second->stats.median / r->stats.median;
                low = std::min(low, speedup.back());
                high = std::max(high, speedup.back());
                lowerHovers_.push_back(
                    {n.back(), speedup.back(), r, s.label,
                     tr("%1× faster than %2").arg(speedup.back(), 0, 'g', 3).arg(methodLabel(baseline_))});
            }
            QCPGraph* graph = lower_->addGraph();
            graph->setObjectName(QStringLiteral("speedup:") + s.key);
            graph->setName(s.label);
            graph->setPen(QPen(seriesColor(s.method, s.shape), 2));
            graph->setScatterStyle(
                QCPScatterStyle(shapeFor(s.shape), seriesColor(s.method, s.shape), Qt::white, 7));
            graph->setData(n, speedup, true);
        }
        auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
        ticker->setLogBase(2);
        ticker->setSubTickCount(0);
        lower_->yAxis->setScaleType(QCPAxis::stLogarithmic);
        lower_->yAxis->setTicker(ticker);
        lower_->yAxis->setNumberFormat(QStringLiteral("g"));
        lower_->yAxis->setNumberPrecision(3);
        lower_->yAxis->setLabel(tr("speed-up over %1 (×)").arg(methodLabel(baseline_)));
        unityLine_->setVisible(true);
        if (!(high > 0)) {
            low = 0.5;
            high = 2;
        }
        lowerLow_ = std::min(low, 1.0) / 1.5;
        lowerHigh_ = std::max(high, 1.0) * 1.5;
    } else if (lowerView_ == LowerView::memory) {
        // Measured peak resident growth (solid) against the cost model's bytes for inputs, output and our
        // workspaces (dashed): where they part, something allocates that the model does not know about.
        constexpr double kMiB = 1024.0 * 1024.0;
        for (const Series& s : series) {
            QVector<double> n, measured, modelN, model;
            for (const BenchmarkResult* r : s.points) {
                const double x = static_cast<double>(r->point.config.n);
                const double modelled = r->cost.runBytes() / kMiB;
                modelN << x;
                model << modelled;
                low = std::min(low, modelled);
                high = std::max(high, modelled);
                QString extra = tr("model: %1 MiB (inputs, output, workspaces)").arg(modelled, 0, 'g', 4);
                if (r->peak_resident_growth && *r->peak_resident_growth > 0) {
                    n << x;
                    measured << static_cast<double>(*r->peak_resident_growth) / kMiB;
                    low = std::min(low, measured.back());
                    high = std::max(high, measured.back());
                    lowerHovers_.push_back({x, measured.back(), r, s.label,
                                            tr("measured peak resident growth %1 MiB; %2")
                                                .arg(measured.back(), 0, 'g', 4)
                                                .arg(extra)});
                } else {
                    lowerHovers_.push_back({x, modelled, r, s.label, extra});
                }
            }
            const QColor color = seriesColor(s.method, s.shape);
            QCPGraph* graph = lower_->addGraph();
            graph->setObjectName(QStringLiteral("memory:") + s.key);
            graph->setName(s.label);
            graph->setPen(QPen(color, 2));
            graph->setScatterStyle(QCPScatterStyle(shapeFor(s.shape), color, Qt::white, 7));
            graph->setData(n, measured, true);
            QCPGraph* modelGraph = lower_->addGraph();
            modelGraph->setObjectName(QStringLiteral("memoryModel:") + s.key);
            modelGraph->setName(tr("%1 (model)").arg(s.label));
            modelGraph->setPen(QPen(color, 1.5, Qt::DashLine));
            modelGraph->setData(modelN, model, true);
        }
        auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
        lower_->yAxis->setScaleType(QCPAxis::stLogarithmic);
        lower_->yAxis->setTicker(ticker);
        lower_->yAxis->setNumberFormat(QStringLiteral("gb"));
        lower_->yAxis->setNumberPrecision(3);
        lower_->yAxis->setLabel(tr("memory (MiB): measured ━  model ┅"));
        unityLine_->setVisible(false);
        if (!(high > 0)) {
            low = 1;
            high = 10;
        }
        lowerLow_ = std::max(low, 1e-3) / 2;
        lowerHigh_ = high * 2;
    } else {
        for (const Series& s : series) {
            QVector<double> n, gflops;
            for (const BenchmarkResult* r : s.points) {
                n << static_cast<double>(r->point.config.n);
                gflops << r->gflops();
                high = std::max(high, gflops.back());
                lowerHovers_.push_back({n.back(), gflops.back(), r, s.label, {}});
            }
            QCPGraph* graph = lower_->addGraph();
            graph->setObjectName(QStringLiteral("gflops:") + s.key);
            graph->setName(s.label);
            graph->setPen(QPen(seriesColor(s.method, s.shape), 2));
            graph->setScatterStyle(
                QCPScatterStyle(shapeFor(s.shape), seriesColor(s.method, s.shape), Qt::white, 7));
            graph->setData(n, gflops, true);
        }
        lower_->yAxis->setScaleType(QCPAxis::stLinear);
        lower_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        lower_->yAxis->setNumberFormat(QStringLiteral("g"));
        lower_->yAxis->setNumberPrecision(4);
        lower_->yAxis->setLabel(tr("throughput (GFLOP/s)"));
        unityLine_->setVisible(false);
        lowerLow_ = 0;
        lowerHigh_ = high > 0 ? high * 1.15 : 1;
    }
}

void TimingChart::resetZoom() {
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
    lower_->yAxis->setRange(lowerLow_, lowerHigh_);
    plot_->replot();
    lower_->replot();
}

QString TimingChart::hoverText(const std::vector<Hover>& hovers, const QCustomPlot* plot,
                               const QPoint& pixel) const {
    const Hover* best = nullptr;
    double bestDistance = kHoverRadiusPixels;
    for (const Hover& h : hovers) {
        const double dx = plot->xAxis->coordToPixel(h.n) - pixel.x();
        const double dy = plot->yAxis->coordToPixel(h.value) - pixel.y();
        const double distance = std::hypot(dx, dy);
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = &h;
        }
    }
    if (!best) return {};
    const BenchmarkResult& r = *best->result;
    QString text = tr("<b>%1</b>, n = %2<br>median %3 ms (IQR %4 ms, %5%)<br>%6 GFLOP/s · %7 repetitions")
                       .arg(best->label.toHtmlEscaped())
                       .arg(r.point.config.n)
                       .arg(r.stats.median * 1e3, 0, 'g', 4)
                       .arg(r.stats.iqr() * 1e3, 0, 'g', 3)
                       .arg(r.stats.relativeSpread() * 100, 0, 'f', 1)
                       .arg(r.gflops(), 0, 'f', 1)
                       .arg(r.stats.repetitions());
    if (r.stats.noisy()) {
        text += tr("<br>⚠ noisy: IQR/median above %1%; the runner added repetitions up to its time budget")
                    .arg(kNoisySpread * 100, 0, 'f', 0);
    }
    if (!best->extra.isEmpty()) text += QStringLiteral("<br>") + best->extra.toHtmlEscaped();
    return text;
}

QString TimingChart::toolTipAt(const QPoint& pixel) const {
    return hoverText(hovers_, plot_, pixel);
}

QString TimingChart::lowerToolTipAt(const QPoint& pixel) const {
    return hoverText(lowerHovers_, lower_, pixel);
}

void TimingChart::showToolTip(QMouseEvent* event, bool lower) {
    QCustomPlot* plot = lower ? lower_ : plot_;
    const QString text = lower ? lowerToolTipAt(event->pos()) : toolTipAt(event->pos());
    if (text.isEmpty()) {
        QToolTip::hideText();
    } else {
        QToolTip::showText(plot->mapToGlobal(event->pos()), text, plot);
    }
}

}  // namespace attnscope
