#pragma once
#include <QElapsedTimer>
#include <QFuture>
#include <QString>
#include <QThreadPool>
#include <QWidget>
#include <array>
#include <atomic>
#include <memory>
#include <vector>

#include "attnscope/attention_config.h"
#include "attnscope/user_inputs.h"

class QAbstractButton;
class QCPColorMap;
class QCPColorScale;
class QCPLayoutGrid;
class QCPTextElement;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QRadioButton;
class QSpinBox;
class QStackedWidget;
class QTimer;

namespace attnscope {

struct BlockMap;
struct HeatmapData;

// The four maps, in reading order.
enum class HeatmapKind { softmax, xformer, performer, difference };

// The Heatmaps tab: softmax, Xformer and FAVOR+ attention of one (batch, head) side by side, with
// |softmax − FAVOR+| and the FAVOR+ error. The three attention maps share one colour scale so their
// weights compare directly; the difference, an order of magnitude smaller, has its own.
// Computation runs on the thread pool; setProblem() and the selectors are debounced and the newest request
// wins: each job carries a generation number and a cancel flag, stale results are dropped.
class HeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapView(QWidget* parent = nullptr);
    ~HeatmapView() override;

    // Uses the config's n, d, heads, alpha, beta, features, seed and distribution; the batch selector
    // ranges over config.batch. Non-null inputs replace the random Q, K (and X): see computeHeatmaps().
    void setProblem(const AttentionConfig& config, std::shared_ptr<const UserInputs> inputs);

    // For tests and exports.
    QCustomPlot* plot() const { return plot_; }
    QCPColorMap* colorMap(HeatmapKind kind) const { return maps_[index(kind)]; }
    // The cells on screen (block means when averaged), unclamped by the log scale; null before the first
    // maps arrive or while an error is shown.
    const BlockMap* shownMap(HeatmapKind kind) const;
    QCPColorScale* attentionScale() const { return attention_scale_; }  // softmax, Xformer and FAVOR+
    QCPColorScale* differenceScale() const { return difference_scale_; }
    QSpinBox* batchSelector() const { return batch_; }
    QSpinBox* headSelector() const { return head_; }
    QAbstractButton* logScaleToggle() const;
    QString title(HeatmapKind kind) const;
    QString errorText() const;  // the approximation error line under the maps
    QString message() const;    // the error shown in place of the maps; empty while maps are shown
    // What hovering shows at plot coordinates (key = column, value = row) of a map; empty outside it.
    QString describeCell(HeatmapKind kind, double key, double value) const;

signals:
    // After the repaint, with the milliseconds from the start of the computation (when the debounce
    // fired) to the end of the repaint.
    void updated(double latency_ms);
    void failed(const QString& message);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct JobResult {
        std::shared_ptr<const HeatmapData> data;  // null when cancelled or failed
        QString error;
    };
    static std::size_t index(HeatmapKind kind) { return static_cast<std::size_t>(kind); }

    void buildPlot();
    void updateSelectors();
    void startJob();
    void showResult(const JobResult& result, const QElapsedTimer& started);
    void showMessage(const QString& message);
    void fillMaps();
    void applyScaleType();
    void fitHeightToMaps();
    void onMouseMove(QMouseEvent* event);
    void cancelRunningJobs();

    AttentionConfig config_;
    std::shared_ptr<const UserInputs> inputs_;
    bool has_problem_ = false;
    std::shared_ptr<const HeatmapData> data_;

    quint64 generation_ = 0;
    std::shared_ptr<std::atomic<bool>> cancel_;
    std::vector<QFuture<JobResult>> running_;  // waited for on destruction: jobs must not outlive the view
    QTimer* debounce_ = nullptr;

    QSpinBox* batch_ = nullptr;
    QSpinBox* head_ = nullptr;
    QRadioButton* linear_ = nullptr;
    QRadioButton* log_ = nullptr;
    QLabel* status_ = nullptr;
    QStackedWidget* pages_ = nullptr;
    QLabel* message_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* hover_ = nullptr;
    std::array<QCPColorMap*, 4> maps_{};
    std::array<QCPTextElement*, 4> titles_{};
    QCPColorScale* attention_scale_ = nullptr;
    QCPColorScale* difference_scale_ = nullptr;
    QCPLayoutGrid* xformer_cell_ = nullptr;  // the Xformer map and a spacer that keeps its n × m aspect
    // The view's own worker, not QThreadPool::globalInstance(): Qt 6.4's raster engine splits large fills
    // across the global pool and waits for them on the GUI thread, so heatmap jobs there froze repaints for
    // seconds (found by the monkey test). One thread: computeHeatmaps is parallel inside (oneTBB). Declared
    // last, so it is destroyed first and waits for a running job before the members that job reports to go
    // away.
    QThreadPool pool_;
};

}  // namespace attnscope
