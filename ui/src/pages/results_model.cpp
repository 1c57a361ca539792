#include "attnscope/ui/results_model.h"

#include <QBrush>
#include <QColor>
#include <algorithm>
#include <cmath>

#include "attnscope/analysis/model_curve.h"
#include "attnscope/config/config_fields.h"
#include "charts/method_style.h"
#include "parameters/parameter_rows.h"

namespace attnscope {

namespace {

// The config fields with a column, in the table's order: all but how the inputs were drawn.
const std::vector<const ConfigField*>& columnFields() {
    static const std::vector<const ConfigField*> fields = [] {
        std::vector<const ConfigField*> shown;
        for (const ConfigField& field : configFields()) {
            if (field.category != FieldCategory::inputs) shown.push_back(&field);
        }
        return shown;
    }();
    return fields;
}

}  // namespace

const ConfigField* ResultsModel::configField(int column) {
    const std::size_t index = static_cast<std::size_t>(column - FirstConfigColumn);
    const bool shown =
        column >= FirstConfigColumn && column <= ThreadsColumn && index < columnFields().size();
    return shown ? columnFields()[index] : nullptr;
}

namespace {

bool applies(int column, const BenchmarkResult& result) {
    if (const ConfigField* field = ResultsModel::configField(column))
        return field->appliesTo(result.point.method);
    switch (column) {
        case ResultsModel::MedianColumn:
        case ResultsModel::IqrColumn:
        case ResultsModel::SpreadColumn:
        case ResultsModel::GflopsColumn:
        case ResultsModel::RepetitionsColumn:
            return result.ok();
        case ResultsModel::FaultsColumn:
        case ResultsModel::BusyCoresColumn:
            return result.counters.has_value();
        case ResultsModel::SwitchesColumn:
            return result.counters && result.counters->context_switches;
        default:
            return true;
    }
}

QVariant sortValue(int column, const BenchmarkResult& result) {
    if (const ConfigField* field = ResultsModel::configField(column))
        return static_cast<qlonglong>(field->effectiveValue(result.point.config));
    switch (column) {
        case ResultsModel::MethodColumn:
            return methodLabel(result.point.method);
        case ResultsModel::MedianColumn:
            return result.stats.median * 1e3;
        case ResultsModel::IqrColumn:
            return result.stats.iqr() * 1e3;
        case ResultsModel::SpreadColumn:
            return result.stats.relativeSpread() * 100;
        case ResultsModel::GflopsColumn:
            return result.gflops();
        case ResultsModel::RepetitionsColumn:
            return result.stats.repetitions();
        case ResultsModel::ExtraMemoryColumn:
            return result.cost.extra_bytes;
        case ResultsModel::FaultsColumn:
            return result.counters ? result.counters->page_faults : 0.0;
        case ResultsModel::SwitchesColumn:
            return result.counters ? result.counters->context_switches.value_or(0) : 0.0;
        case ResultsModel::BusyCoresColumn:
            return result.counters ? result.counters->busyCores() : 0.0;
        case ResultsModel::ErrorColumn:
            return QString::fromStdString(result.error);
        default:
            return {};
    }
}

// Four significant digits without exponents: 2.401, 0.02427, 0.0004270.
QString formatMilliseconds(double ms) {
    if (!(ms > 0)) return QStringLiteral("0");
    const int decimals = std::clamp(3 - static_cast<int>(std::floor(std::log10(ms))), 0, 7);
    return QString::number(ms, 'f', decimals);
}

QString displayText(int column, const BenchmarkResult& result) {
    if (!applies(column, result)) return QString();
    switch (column) {
        case ResultsModel::MedianColumn:
        case ResultsModel::IqrColumn:
            return formatMilliseconds(sortValue(column, result).toDouble());
        case ResultsModel::SpreadColumn:
        case ResultsModel::GflopsColumn:
            return QString::number(sortValue(column, result).toDouble(), 'f', 1);
        case ResultsModel::ExtraMemoryColumn:
            return QString::fromStdString(formatBytes(result.cost.extra_bytes));
        case ResultsModel::FaultsColumn:
        case ResultsModel::SwitchesColumn:
            return QString::number(sortValue(column, result).toDouble(), 'g', 3);
        case ResultsModel::BusyCoresColumn:
            return QString::number(sortValue(column, result).toDouble(), 'f', 2);
        default:
            return sortValue(column, result).toString();
    }
}

}  // namespace

ResultsModel::ResultsModel(QObject* parent) : QAbstractTableModel(parent) {}

int ResultsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(results_.size());
}

int ResultsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const BenchmarkResult& result = results_[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    if (column == ModelRatioColumn && (role == Qt::DisplayRole || role == kSortRole)) {
        const std::optional<double> ratio = modelRatios_[static_cast<std::size_t>(index.row())];
        if (!ratio) return role == kSortRole ? QVariant() : QVariant(QString());
        return role == kSortRole ? QVariant(*ratio) : QVariant(QString::number(*ratio, 'f', 2));
    }
    switch (role) {
        case Qt::DisplayRole:
            return displayText(column, result);
        case kSortRole:
            return sortValue(column, result);
        case Qt::TextAlignmentRole:
            return column == MethodColumn || column == ErrorColumn
                       ? QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter))
                       : QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        case Qt::ToolTipRole:
            if (column == ErrorColumn && !result.error.empty()) return QString::fromStdString(result.error);
            if (column == RepetitionsColumn && result.stats.calls_per_repetition > 1) {
                return tr("%1 repetitions, each a block of %2 back-to-back calls; times are per call")
                    .arg(result.stats.repetitions())
                    .arg(result.stats.calls_per_repetition);
            }
            return QString::fromStdString(result.point.name());
        case Qt::DecorationRole:
            return column == MethodColumn ? QVariant(methodColor(result.point.method)) : QVariant();
        case Qt::ForegroundRole:
            if (column == SpreadColumn && result.ok() && result.stats.noisy()) {
                return QBrush(QColor(0xb0, 0x5a, 0x00));
            }
            if (column == ErrorColumn) return QBrush(QColor(0xb0, 0x00, 0x20));
            return {};
        default:
            return {};
    }
}

QVariant ResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (const ConfigField* field = configField(section)) {
        if (role == Qt::DisplayRole) return toQString(field->label);
        if (role == Qt::ToolTipRole) return toQString(field->help);
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (section) {
            case MethodColumn:
                return tr("method");
            case MedianColumn:
                return tr("median (ms)");
            case IqrColumn:
                return tr("IQR (ms)");
            case SpreadColumn:
                return tr("IQR/median (%)");
            case GflopsColumn:
                return tr("GFLOP/s");
            case ModelRatioColumn:
                return tr("measured/model");
            case RepetitionsColumn:
                return tr("repetitions");
            case ExtraMemoryColumn:
                return tr("extra memory");
            case FaultsColumn:
                return tr("faults/call");
            case SwitchesColumn:
                return tr("ctx sw/call");
            case BusyCoresColumn:
                return tr("busy cores");
            case ErrorColumn:
                return tr("error");
            default:
                return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case SpreadColumn:
                return tr("Interquartile range over median; above 10% the timing is noisy.");
            case FaultsColumn:
                return tr(
                    "Page faults per call over the timed repetitions (perf_event_open's software "
                    "counter): a page-fault storm shows here.");
            case SwitchesColumn:
                return tr(
                    "Context switches per call over the timed repetitions: threads that went to sleep "
                    "and were woken. Empty where the kernel hides its side "
                    "(kernel.perf_event_paranoid).");
            case BusyCoresColumn:
                return tr(
                    "CPU time over wall time during the timed repetitions: how many cores were busy on "
                    "average (oneTBB workers spinning while they wait count as busy).");
            case GflopsColumn:
                return tr("FLOPs of the cost model divided by the median time.");
            case ModelRatioColumn:
                return tr(
                    "Median time over the cost model's time, with the model's throughput fitted to the "
                    "larger half of the series' lengths: near 1 where the FLOPs explain the time, above "
                    "1 where fixed costs dominate.");
            case RepetitionsColumn:
                return tr("Timed repetitions. Calls shorter than 1 ms are timed in blocks of calls.");
            case ExtraMemoryColumn:
                return tr(
                    "Intermediates the algorithm needs beyond inputs and output (e.g. the n×n scores).");
            default:
                return {};
        }
    }
    return {};
}

void ResultsModel::setResults(std::vector<BenchmarkResult> results) {
    beginResetModel();
    results_ = std::move(results);
    modelRatios_ = measuredOverModel(results_);
    endResetModel();
}

void ResultsModel::refitModel() {
    modelRatios_ = measuredOverModel(results_);
    if (!results_.empty())
        emit dataChanged(index(0, ModelRatioColumn), index(rowCount() - 1, ModelRatioColumn));
}

void ResultsModel::addResult(const BenchmarkResult& result) {
    const std::string name = result.point.name();
    const auto same = std::find_if(results_.begin(), results_.end(),
                                   [&name](const BenchmarkResult& r) { return r.point.name() == name; });
    if (same != results_.end()) {
        *same = result;
        const int row = static_cast<int>(same - results_.begin());
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        refitModel();
        return;
    }
    const int row = rowCount();
    beginInsertRows({}, row, row);
    results_.push_back(result);
    modelRatios_.push_back(std::nullopt);
    endInsertRows();
    refitModel();
}

}  // namespace attnscope
