#pragma once
#include <QCoreApplication>
#include <QMetaObject>
#include <QPoint>
#include <QString>
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
#include "attnscope/ui/compared_run.h"
#include "charts/chart_hover.h"
#include "charts/timing_lower_plot.h"

class QCustomPlot;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;

namespace attnscope {

// The Timing figure drawn on two plots, shown (the Timing tab) or bare (the report): measured time against n
// on log-log axes (median line, IQR band), the cost model as a dashed curve fitted to the larger half of each
// series' lengths, the n = d crossover of the quadratic and linear orders, and in the lower plot the speed-up
// over the baseline, the throughput or the memory (TimingLowerPlot). The series, their labels, the baseline
// and the model curves come from core (result_series.h, comparison.h, model_curve.h): this only draws them.
class TimingPlots {
    Q_DECLARE_TR_FUNCTIONS(attnscope::TimingChart)
public:
    TimingPlots(QCustomPlot& time, QCustomPlot& lower);
    ~TimingPlots();

    void setSweep(const AttentionConfig& config, const std::vector<Method>& methods, std::int64_t min_n,
                  std::int64_t max_n);
    void setResults(const std::vector<BenchmarkResult>& results);
    void setOverlays(const std::vector<ComparedRun>& overlays);
    void setCaption(const QString& caption);
    void setLowerView(TimingLowerView view);
    TimingLowerView lowerView() const { return lowerView_; }
    void resetZoom();
    QString toolTipAt(const QPoint& pixel) const;
    QString lowerToolTipAt(const QPoint& pixel) const;
    Method baseline() const { return baseline_; }

private:
    void setUpTimePlot();
    void rebuild();
    void addMeasured(const ResultSeries& s, double& low, double& high);
    void addOverlay(const ComparedRun& run, int index, double& low, double& high);
    void addKeysAndGuides(bool anyMeasured, double low, double high);
    // As many legend columns as fit the plot's width, so that no entry is clipped; before every replot.
    void fitLegend();

    QCustomPlot* plot_;
    QCustomPlot* lower_;
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
    std::vector<ComparedRun> overlays_;
    QString caption_;
    TimingLowerView lowerView_ = TimingLowerView::speedup;
    Method baseline_ = Method::softmax;

    std::vector<ChartHover> hovers_;  // measured points of the time plot
    double timeLow_ = 1e-3, timeHigh_ = 1e3;
    QMetaObject::Connection legendFitter_;  // the plot's beforeReplot, cut when this goes first
};

}  // namespace attnscope
