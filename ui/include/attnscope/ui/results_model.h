#pragma once
#include <QAbstractTableModel>
#include <optional>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

struct ConfigField;

// One row per measured point. Display text is formatted for reading; kSortRole carries the plain number so
// that a QSortFilterProxyModel sorts 1000 after 200.
class ResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // BatchColumn to ThreadsColumn are the config fields of config_fields.h but the inputs ones (seed,
    // distribution), in the table's order: configField() gives the field, and its label and help head the
    // column.
    enum Column {
        MethodColumn,
        FirstConfigColumn,
        BatchColumn = FirstConfigColumn,
        NColumn,
        DColumn,
        HeadsColumn,
        AlphaColumn,
        BetaColumn,
        FeaturesColumn,
        ThreadsColumn,
        MedianColumn,
        IqrColumn,
        SpreadColumn,
        GflopsColumn,
        ModelRatioColumn,  // measured / model time, the model fitted per series (measuredOverModel)
        RepetitionsColumn,
        ExtraMemoryColumn,
        FaultsColumn,     // page faults per call (perf_event_open software counters)
        SwitchesColumn,   // context switches per call
        BusyCoresColumn,  // task-clock ÷ wall time
        ErrorColumn,
        ColumnCount
    };
    static constexpr int kSortRole = Qt::UserRole + 1;

    // The config field shown in `column`, or null for the other columns.
    static const ConfigField* configField(int column);

    explicit ResultsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setResults(std::vector<BenchmarkResult> results);
    // Replaces the row of a point with the same name (a re-measurement), else appends.
    void addResult(const BenchmarkResult& result);
    void clear() { setResults({}); }

    const std::vector<BenchmarkResult>& results() const { return results_; }

private:
    // A series' fit moves with each point it gains, so every row's ratio is recomputed on a change.
    void refitModel();

    std::vector<BenchmarkResult> results_;
    std::vector<std::optional<double>> modelRatios_;  // per row
};

}  // namespace attnscope
