#include "pages/compare_view.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "attnscope/analysis/result_tables.h"
#include "attnscope/ui/compare_colors.h"

namespace attnscope {

namespace {

constexpr int kColumnsPerRun = 3;  // per saved run: ms, speed-up, U test p

// Shows a rounded number and sorts by the exact one.
class NumberItem : public QTableWidgetItem {
public:
    NumberItem(double value, const QString& text) : QTableWidgetItem(text), value_(value) {}
    bool operator<(const QTableWidgetItem& other) const override {
        const auto* number = dynamic_cast<const NumberItem*>(&other);
        return number ? value_ < number->value_ : QTableWidgetItem::operator<(other);
    }

private:
    double value_;
};

}  // namespace

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("compareSummary"));
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::PlainText);
    layout->addWidget(summary_);
    table_ = new QTableWidget(0, 0);
    table_->setObjectName(QStringLiteral("compareTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSortingEnabled(true);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);  // the file's order until a click
    layout->addWidget(table_, 1);
    table_->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table_->horizontalHeader(), &QWidget::customContextMenuRequested, this,
            [this](const QPoint& pos) {
                const int run = runAt(table_->horizontalHeader()->logicalIndexAt(pos));
                if (run < 0) return;
                QMenu menu(this);
                const ComparedRun& compared = runs_[static_cast<std::size_t>(run)];
                const QString path = compared.path;
                menu.addAction(tr("Remove %1 from the comparison").arg(compared.label), this,
                               [this, path] { emit removeRequested(path); });
                menu.exec(table_->horizontalHeader()->mapToGlobal(pos));
            });
    rebuild();
}

void CompareView::setSaved(const std::vector<ComparedRun>& runs) {
    runs_ = runs;
    rebuild();
}

int CompareView::runAt(int column) const {
    if (column < 2) return -1;
    const int run = (column - 2) / kColumnsPerRun;
    return run < static_cast<int>(runs_.size()) ? run : -1;
}

void CompareView::setResults(const std::vector<BenchmarkResult>& results) {
    results_ = results;
    rebuild();
}

namespace {

QTableWidgetItem* timeCell(double ms, double fastest) {
    auto* cell = new NumberItem(ms, QString::number(ms, 'g', 4));
    cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    const double ratio = fastest > 0 ? ms / fastest : 1;
    cell->setBackground(compareCellColor(ratio));
    cell->setForeground(textColorOn(compareCellColor(ratio)));
    cell->setToolTip(CompareView::tr("%1× the row's fastest").arg(ratio, 0, 'f', 2));
    return cell;
}

}  // namespace

void CompareView::rebuild() {
    table_->setSortingEnabled(false);
    table_->clearContents();
    table_->setRowCount(0);
    if (runs_.empty()) {
        table_->setColumnCount(0);
        summary_->setText(
            tr("No saved run to compare with. File → Compare with saved results… (Ctrl+Shift+O) "
               "opens a JSON file from attnscope bench --format json or "
               "tests/bench/torch_bench.py; its points pair with the ones on screen by name. Open more "
               "files to compare several runs side by side."));
        return;
    }
    const SavedResults screen = savedFromResults(results_, "attnscope");
    QStringList header = {tr("benchmark"), tr("on screen ms")};
    std::vector<std::vector<ComparisonRow>> paired;  // per run, its rows against the screen
    for (const ComparedRun& run : runs_) {
        header << tr("%1 ms").arg(run.label) << tr("speed-up") << tr("U test p");
        paired.push_back(compareSaved(run.results, screen));
    }
    table_->setColumnCount(static_cast<int>(header.size()));
    table_->setHorizontalHeaderLabels(header);
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        const int column = 2 + kColumnsPerRun * static_cast<int>(i);
        const QString label = runs_[i].label;
        table_->horizontalHeaderItem(column)->setToolTip(tr("%1's median (%2)").arg(label, runs_[i].path));
        table_->horizontalHeaderItem(column + 1)
            ->setToolTip(tr("%1's time / the time on screen: ▲ the screen is faster than %1").arg(label));
        table_->horizontalHeaderItem(column + 2)
            ->setToolTip(tr("Mann–Whitney U p of the screen's repetitions against %1's").arg(label));
    }

    std::vector<int> faster(runs_.size(), 0);
    for (const SavedBenchmark& mine : screen.benchmarks) {
        std::vector<const ComparisonRow*> cells(runs_.size(), nullptr);
        double fastest = mine.median_ms;
        for (std::size_t i = 0; i < runs_.size(); ++i) {
            for (const ComparisonRow& row : paired[i]) {
                if (row.name == mine.name) cells[i] = &row;
            }
            if (cells[i] && cells[i]->baseline_ms > 0) fastest = std::min(fastest, cells[i]->baseline_ms);
        }
        if (std::none_of(cells.begin(), cells.end(), [](const ComparisonRow* row) { return row; })) continue;
        const int r = table_->rowCount();
        table_->insertRow(r);
        table_->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(mine.name)));
        table_->setItem(r, 1, timeCell(mine.median_ms, fastest));
        for (std::size_t i = 0; i < runs_.size(); ++i) {
            const int column = 2 + kColumnsPerRun * static_cast<int>(i);
            const ComparisonRow* row = cells[i];
            if (!row) {
                for (int c = 0; c < kColumnsPerRun; ++c)
                    table_->setItem(r, column + c, new QTableWidgetItem("-"));
                continue;
            }
            table_->setItem(r, column, timeCell(row->baseline_ms, fastest));
            auto* speedup = new NumberItem(row->speedup, markedSpeedup(row->speedup));
            speedup->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            speedup->setToolTip(row->speedup > 1.01       ? tr("▲ the points on screen are faster")
                                : row->speedup < 1 / 1.01 ? tr("▼ the points on screen are slower")
                                                          : tr("within 1 %"));
            table_->setItem(r, column + 1, speedup);
            auto* p = new QTableWidgetItem(row->p ? QString::number(*row->p, 'f', 4) +
                                                        (row->significant() ? "" : " ~")
                                                  : QStringLiteral("-"));
            p->setToolTip(row->significant() ? tr("the repetitions differ (p < 0.05)")
                                             : tr("~: the repetitions cannot tell the two apart (p ≥ 0.05)"));
            table_->setItem(r, column + 2, p);
            if (row->speedup > 1 && row->significant()) ++faster[i];
        }
    }
    table_->setSortingEnabled(true);
    QStringList perRun;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        perRun << tr("%1 (%2, %3): %4 of its %5 benchmarks pair with points on screen, which are faster "
                     "with p < 0.05 on %6")
                      .arg(runs_[i].label, QFileInfo(runs_[i].path).fileName(),
                           QString::fromStdString(runs_[i].results.engine))
                      .arg(paired[i].size())
                      .arg(runs_[i].results.benchmarks.size())
                      .arg(faster[i]);
    }
    summary_->setText(
        perRun.join(QStringLiteral(".\n")) +
        tr(".\nSpeed-up = the run's time / the time on screen. Cells: dark blue within 1.01× of "
           "the row's fastest, pale orange to 1.1×, light orange to 2×, orange beyond; ▲ faster, "
           "▼ slower."));
}

}  // namespace attnscope
