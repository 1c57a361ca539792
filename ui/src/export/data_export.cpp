#include "attnscope/ui/data_export.h"

#include <QCoreApplication>

#include "attnscope/analysis/heatmap_data.h"
#include "attnscope/io/npy.h"
#include "attnscope/io/results_io.h"

namespace attnscope {

QByteArray resultsJsonBytes(const std::vector<BenchmarkResult>& results, const QString& preset_name,
                            int threads) {
    RunContext context;
    context.engine = "attnscope";
    context.version = QCoreApplication::applicationVersion().toStdString();
    context.preset = preset_name.toStdString();
    context.threads = threads;
    return QByteArray::fromStdString(resultsToJson(results, context));
}

QByteArray resultsCsvBytes(const std::vector<BenchmarkResult>& results) {
    return QByteArray::fromStdString(resultsToCsv(results));
}

QByteArray blockMapCsv(const BlockMap& map) {
    const auto values = map.values();
    QByteArray csv;
    csv.reserve(static_cast<qsizetype>(values.size() * 12 + values.cols() * 6));
    csv += "query\\key";
    for (Eigen::Index col = 0; col < values.cols(); ++col) {
        csv += ',' + QByteArray::number(static_cast<qint64>(col * map.col_block));
    }
    csv += '\n';
    for (Eigen::Index row = 0; row < values.rows(); ++row) {
        csv += QByteArray::number(static_cast<qint64>(row * map.row_block));
        for (Eigen::Index col = 0; col < values.cols(); ++col) {
            // Nine significant digits round-trip every float32.
            csv += ',' + QByteArray::number(static_cast<double>(values(row, col)), 'g', 9);
        }
        csv += '\n';
    }
    return csv;
}

QByteArray blockMapNpy(const BlockMap& map) {
    const auto values = map.values();
    // values() views a row-major matrix, which is .npy's C order.
    return QByteArray::fromStdString(serializeNpy({values.rows(), values.cols()}, values.data()));
}

}  // namespace attnscope
