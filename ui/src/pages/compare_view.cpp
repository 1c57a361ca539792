#include "pages/compare_view.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "attnscope/analysis/result_tables.h"
#include "attnscope/ui/compare_colors.h"

namespace attnscope {

namespace {

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
    table_ = new QTableWidget(0, 5);
    table_->setObjectName(QStringLiteral("compareTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSortingEnabled(true);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);  // the file's order until a click
    layout->addWidget(table_, 1);
    rebuild();
}

void CompareView::setSaved(const std::optional<SavedResults>& saved) {
    saved_ = saved;
    rebuild();
}

void CompareView::setResults(const std::vector<BenchmarkResult>& results) {
    results_ = results;
    rebuild();
}

void CompareView::rebuild() {
    table_->setSortingEnabled(false);
    table_->clearContents();
    table_->setRowCount(0);
    if (!saved_) {
        summary_->setText(
            tr("No saved run to compare with. File → Compare with saved results… (Ctrl+Shift+O) "
               "opens a JSON file from attnscope bench --format json or "
               "tests/bench/torch_bench.py; its points pair with the ones on screen by name."));
        return;
    }
    // A saved attnscope run goes by its file's name, so that its column is not a second "attnscope ms".
    const QString engine = QString::fromStdString(saved_->engine);
    const QString theirs = engine == QStringLiteral("attnscope")
                               ? QFileInfo(QString::fromStdString(saved_->file)).fileName()
                               : engine;
    table_->setHorizontalHeaderLabels({tr("benchmark"), tr("%1 ms").arg(theirs), tr("attnscope ms"),
                                       tr("attnscope speed-up"), tr("U test p")});
    const std::vector<ComparisonRow> rows = compareSaved(*saved_, savedFromResults(results_, "attnscope"));
    int faster = 0;
    for (const ComparisonRow& row : rows) {
        const int r = table_->rowCount();
        table_->insertRow(r);
        auto* name = new QTableWidgetItem(QString::fromStdString(row.name));
        table_->setItem(r, 0, name);
        const double best = std::min(row.baseline_ms, row.contender_ms);
        int column = 1;
        for (double ms : {row.baseline_ms, row.contender_ms}) {
            auto* cell = new NumberItem(ms, QString::number(ms, 'g', 4));
            cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            const double ratio = best > 0 ? ms / best : 1;
            cell->setBackground(compareCellColor(ratio));
            cell->setForeground(textColorOn(compareCellColor(ratio)));
            cell->setToolTip(tr("%1× the faster of the two").arg(ratio, 0, 'f', 2));
            table_->setItem(r, column++, cell);
        }
        auto* speedup = new NumberItem(row.speedup, markedSpeedup(row.speedup));
        speedup->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        speedup->setToolTip(row.speedup > 1.01       ? tr("▲ attnscope is faster")
                            : row.speedup < 1 / 1.01 ? tr("▼ attnscope is slower")
                                                     : tr("within 1 %"));
        table_->setItem(r, 3, speedup);
        auto* p = new QTableWidgetItem(
            row.p ? QString::number(*row.p, 'f', 4) + (row.significant() ? "" : " ~") : QStringLiteral("-"));
        p->setToolTip(row.significant() ? tr("the repetitions differ (p < 0.05)")
                                        : tr("~: the repetitions cannot tell the two apart (p ≥ 0.05)"));
        table_->setItem(r, 4, p);
        if (row.speedup > 1 && row.significant()) ++faster;
    }
    table_->setSortingEnabled(true);
    summary_->setText(
        tr("%1 (%2): %3 of its %4 benchmarks pair with points on screen; attnscope is faster with "
           "p < 0.05 on %5. Speed-up = %6 time / attnscope time. Cells: dark blue within 1.01× of "
           "the faster, pale orange to 1.1×, light orange to 2×, orange beyond; ▲ faster, ▼ slower.")
            .arg(QString::fromStdString(saved_->file), engine)
            .arg(rows.size())
            .arg(saved_->benchmarks.size())
            .arg(faster)
            .arg(theirs));
}

}  // namespace attnscope
