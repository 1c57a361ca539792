#pragma once
#include <QElapsedTimer>
#include <QPointer>
#include <QString>
#include <QWidget>
#include <memory>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/user_inputs.h"
#include "attnscope/ui/heatmap_kind.h"
#include "attnscope/ui/job_tracker.h"

class QAbstractButton;
class QComboBox;
class QCPColorMap;
class QCPColorScale;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QRadioButton;
class QSpinBox;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace attnscope {

struct BlockMap;
struct HeadGrid;
struct HeatmapData;
class HeadGridView;
class HeatmapPlot;

// The Heatmaps tab: softmax, Xformer and FAVOR+ attention of one (batch, head) side by side, with
// |softmax − FAVOR+| and the FAVOR+ error. The three attention maps share one colour scale so their
// weights compare directly; the difference, an order of magnitude smaller, has its own.
// "All heads" shows softmax attention of every head of the batch element in a grid instead (HeadGridView);
// clicking a head opens it large. Computation runs in the job tracker's heatmap lane; setProblem() and the
// selectors are debounced and the newest request wins.
class HeatmapView : public QWidget {
    Q_OBJECT
public:
    // Without a tracker the view makes its own (tests); the window hands it the session's one.
    explicit HeatmapView(JobTracker* tracker = nullptr, QWidget* parent = nullptr);
    ~HeatmapView() override;

    // Uses the config's n, d, heads, alpha, beta, features and seed, with the view's own input distribution
    // (inputDistribution()); the batch selector ranges over config.batch. Non-null inputs replace the random
    // Q, K (and X): see computeHeatmaps().
    void setProblem(const AttentionConfig& config, std::shared_ptr<const UserInputs> inputs);
    // What the maps draw random inputs from, chosen in the view's "Random inputs" box: by default
    // ConfigDefaults::kHeatmapDistribution, whatever the timing uses.
    InputDistribution inputDistribution() const;
    void setInputDistribution(InputDistribution distribution);
    // The config the maps are computed for: setProblem()'s with inputDistribution().
    AttentionConfig mapsConfig() const;

    // For tests and exports.
    QCustomPlot* plot() const { return plot_; }
    QCPColorMap* colorMap(HeatmapKind kind) const;
    // The cells on screen (block means when averaged), unclamped by the log scale; null before the first
    // maps arrive or while an error is shown.
    const BlockMap* shownMap(HeatmapKind kind) const;
    QCPColorScale* attentionScale() const;  // softmax, Xformer and FAVOR+
    QCPColorScale* differenceScale() const;
    QSpinBox* batchSelector() const { return batch_; }
    QSpinBox* headSelector() const { return head_; }
    QAbstractButton* logScaleToggle() const;
    QAbstractButton* allHeadsToggle() const;
    HeadGridView* headGrid() const { return grid_; }
    QComboBox* distributionSelector() const { return distribution_; }
    QString title(HeatmapKind kind) const;
    QString errorText() const;  // the approximation error line under the maps
    QString message() const;    // the error shown in place of the maps; empty while maps are shown
    // What hovering shows at plot coordinates (key = column, value = row) of a map; empty outside it.
    QString describeCell(HeatmapKind kind, double key, double value) const;
    // Of the last update's latency, how long the computation waited for a measured point to end: side jobs
    // never run beside a timed call.
    double lastWaitMs() const { return lastWaitMs_; }
    // "`text` (N ms waited)" when the wait for a measured point was more than the event loop's few ms.
    static QString waitNote(const QString& text, double waited_ms);

signals:
    // After the repaint, with the milliseconds from the start of the computation (when the debounce
    // fired) to the end of the repaint.
    void updated(double latency_ms);
    void failed(const QString& message);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct JobResult {
        std::shared_ptr<const HeatmapData> data;  // null when cancelled or failed, or for the grid
        std::shared_ptr<const HeadGrid> grid;     // the "All heads" grid, when that was asked for
        QString error;
        double waited_ms = 0;  // from the request to the start of the computation (held during a point)
    };

    void updateSelectors();
    void startJob();
    void showResult(const JobResult& result, const QElapsedTimer& started);
    void showMessage(const QString& message);
    void reportLatency(const QElapsedTimer& started, double waited_ms);
    void fitHeightToMaps();
    void onMouseMove(QMouseEvent* event);

    QPointer<JobTracker> tracker_;  // the session's, which may go first when the window closes
    AttentionConfig config_;
    std::shared_ptr<const UserInputs> inputs_;
    bool hasProblem_ = false;
    std::shared_ptr<const HeatmapData> data_;
    double lastWaitMs_ = 0;
    QTimer* debounce_ = nullptr;

    QSpinBox* batch_ = nullptr;
    QSpinBox* head_ = nullptr;
    QRadioButton* linear_ = nullptr;
    QRadioButton* log_ = nullptr;
    QToolButton* allHeads_ = nullptr;
    QComboBox* distribution_ = nullptr;
    QLabel* status_ = nullptr;
    QStackedWidget* pages_ = nullptr;
    QLabel* message_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    std::unique_ptr<HeatmapPlot> maps_;
    HeadGridView* grid_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* hover_ = nullptr;
};

}  // namespace attnscope
