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
#include "attnscope/ui/compared_run.h"
#include "charts/chart_hover.h"
#include "charts/timing_lower_plot.h"

class QComboBox;
class QCustomPlot;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;
class QMouseEvent;

namespace attnscope {

class TimingPlots;

// The Timing tab: the time plot over the lower plot (a splitter between them, a box choosing what the lower
// one shows), both drawn by TimingPlots; zoom and hover are the widget's.
class TimingChart : public QWidget {
    Q_OBJECT
public:
    // Until a method has a measurement, its model curve assumes this throughput.
    static constexpr double kAssumedGflops = attnscope::kAssumedGflops;

    using LowerView = TimingLowerView;

    explicit TimingChart(QWidget* parent = nullptr);
    ~TimingChart() override;

    // What is being measured: the model curves span [min_n, max_n] for these methods.
    void setSweep(const AttentionConfig& config, const std::vector<Method>& methods, std::int64_t min_n,
                  std::int64_t max_n);
    void setResults(const std::vector<BenchmarkResult>& results);
    // Saved runs (ours or PyTorch's) drawn over the measured curves, each with its own dash pattern and
    // hollow marker (overlayStyle): their benchmarks join the series of the same name without the /n:
    // field. Empty removes them.
    void setOverlays(const std::vector<ComparedRun>& overlays);
    // Shown under the title, e.g. the preset's name.
    void setCaption(const QString& caption);
    void setLowerView(LowerView view);
    LowerView lowerView() const;
    void resetZoom();

    // For exports and tests: the time plot and the speed-up / throughput plot under it.
    QCustomPlot* timePlot() const { return plot_; }
    QCustomPlot* lowerPlot() const { return lower_; }

    // The hover text for a pixel of the time plot; empty when no measured point is near.
    Q_INVOKABLE QString toolTipAt(const QPoint& pixel) const;
    QString lowerToolTipAt(const QPoint& pixel) const;
    // The baseline of the speed-up view: speedupBaseline() of the methods shown, softmax when none is.
    Method baseline() const;

private:
    void showToolTip(QMouseEvent* event, bool lower);

    QCustomPlot* plot_ = nullptr;
    QCustomPlot* lower_ = nullptr;
    QComboBox* lowerCombo_ = nullptr;
    std::unique_ptr<TimingPlots> plots_;
};

}  // namespace attnscope
