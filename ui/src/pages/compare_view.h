#pragma once
#include <QWidget>
#include <optional>
#include <vector>

#include "attnscope/io/results_io.h"
#include "attnscope/measuring/benchmark_runner.h"

class QLabel;
class QTableWidget;

namespace attnscope {

// The Compare tab: the points on screen against a saved run (ours or PyTorch's), paired by benchmark name:
// both medians, the speed-up (▲ faster, ▼ slower), and the Mann–Whitney U p over the repetitions. Each time
// cell is coloured by its ratio to the row's faster one, like torch.utils.benchmark's Compare but in blue and
// oranges (compare_colors.h).
class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(QWidget* parent = nullptr);

    void setSaved(const std::optional<SavedResults>& saved);
    void setResults(const std::vector<BenchmarkResult>& results);
    QTableWidget* table() const { return table_; }

private:
    void rebuild();

    QLabel* summary_ = nullptr;
    QTableWidget* table_ = nullptr;
    std::optional<SavedResults> saved_;
    std::vector<BenchmarkResult> results_;
};

}  // namespace attnscope
