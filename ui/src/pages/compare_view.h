#pragma once
#include <QWidget>
#include <vector>

#include "attnscope/io/results_io.h"
#include "attnscope/measuring/benchmark_runner.h"
#include "attnscope/ui/compared_run.h"

class QLabel;
class QTableWidget;

namespace attnscope {

// The Compare tab: the points on screen against any number of saved runs (ours or PyTorch's), paired by
// benchmark name. The screen's median is the baseline; each run adds three columns: its median, the screen's
// speed-up over it (▲ faster, ▼ slower) and the Mann–Whitney U p over the repetitions. Each time cell is
// coloured by its ratio to the row's fastest, like torch.utils.benchmark's Compare but in blue and oranges
// (compare_colors.h). Right-clicking a run's header offers to remove that run.
class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(QWidget* parent = nullptr);

    void setSaved(const std::vector<ComparedRun>& runs);
    void setResults(const std::vector<BenchmarkResult>& results);
    QTableWidget* table() const { return table_; }
    // The run whose columns hold `column`, or -1 (the benchmark and on-screen columns).
    int runAt(int column) const;

signals:
    // The user asked to take this run (its absolute path) out of the comparison.
    void removeRequested(const QString& path);

private:
    void rebuild();

    QLabel* summary_ = nullptr;
    QTableWidget* table_ = nullptr;
    std::vector<ComparedRun> runs_;
    std::vector<BenchmarkResult> results_;
};

}  // namespace attnscope
