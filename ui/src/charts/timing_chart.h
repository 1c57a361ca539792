#pragma once
#include <QPoint>
#include <QString>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "attnscope/analysis/model_curve.h"
#include "attnscope/analysis/result_series.h"
#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"
#include "attnscope/io/results_io.h"
#include "attnscope/measuring/benchmark_runner.h"
#include "charts/chart_hover.h"
#include "charts/timing_lower_plot.h"

class QComboBox;
class QCustomPlot;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;
class QMouseEvent;

namespace attnscope {

// The Timing tab: measured time against n on log-log axes (median line, IQR band), the cost model as a
// dashed curve scaled to each series' first measured point, the n = d crossover of the quadratic and linear
// orders, and below it either the speed-up over a baseline method or the throughput (TimingLowerPlot). The
// series, their labels, the baseline and the model curves come from core (result_series.h, comparison.h,
// model_curve.h): the chart only draws them.
class TimingChart : public QWidget {
    Q_OBJECT
public:
    // Until a method has a measurement, its model curve assumes this throughput.
    static constexpr double kAssumedGflops = attnscope::kAssumedGflops;

    using LowerView = TimingLowerView;

    explicit TimingChart(QWidget* parent = nullptr);

    // What is being measured: the model curves span [min_n, max_n] for these methods.
    void setSweep(const AttentionConfig& config, const std::vector<Method>& methods, std::int64_t min_n,
                  std::int64_t max_n);
    void setResults(const std::vector<BenchmarkResult>& results);
    // A saved run (ours or PyTorch's) drawn over the measured curves, dotted with hollow markers: its
    // benchmarks join the series of the same name without the /n: field. Empty removes it.
    void setOverlay(const std::optional<SavedResults>& overlay);
    // Shown under the title, e.g. the preset's name.
    void setCaption(const QString& caption);
    void setLowerView(LowerView view);
    LowerView lowerView() const { return lowerView_; }
    void resetZoom();

    // For exports and tests: the time plot and the speed-up / throughput plot under it.
    QCustomPlot* timePlot() const { return plot_; }
    QCustomPlot* lowerPlot() const { return lower_; }

    // The hover text for a pixel of the time plot; empty when no measured point is near.
    Q_INVOKABLE QString toolTipAt(const QPoint& pixel) const;
    QString lowerToolTipAt(const QPoint& pixel) const;
    // The baseline of the speed-up view: speedupBaseline() of the methods shown, softmax when none is.
    Method baseline() const { return baseline_; }

private:
    void setUpTimePlot();
    void rebuild();
    void addMeasured(const ResultSeries& s, double& low, double& high);
    void addOverlay(double& low, double& high);
    void addKeysAndGuides(bool anyMeasured, double low, double high);
    void showToolTip(QMouseEvent* event, bool lower);

    QCustomPlot* plot_ = nullptr;
    QCustomPlot* lower_ = nullptr;
    QComboBox* lowerCombo_ = nullptr;
    QCPTextElement* subtitle_ = nullptr;
    QCPItemStraightLine* crossoverLine_ = nullptr;
    QCPItemText* crossoverLabel_ = nullptr;
    QCPItemText* emptyHint_ = nullptr;
    std::unique_ptr<TimingLowerPlot> lowerGraphs_;

    AttentionConfig config_;
    std::vector<Method> methods_;
    std::int64_t minN_ = 16;
    std::int64_t maxN_ = 512;
    std::vector<BenchmarkResult> results_;
    std::vector<ResultSeries> series_;  // of results_, pointing into it
    std::optional<SavedResults> overlay_;
    QString caption_;
    LowerView lowerView_ = LowerView::speedup;
    Method baseline_ = Method::softmax;

    std::vector<ChartHover> hovers_;  // measured points of the time plot
    double timeLow_ = 1e-3, timeHigh_ = 1e3;
};

}  // namespace attnscope
