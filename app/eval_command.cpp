// attnscope eval: run one method once and dump inputs, weights, output and attention matrix as .npy, so any
// outside implementation can check our numbers.
#include <QCoreApplication>
#include <QDir>
#include <nlohmann/json.hpp>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/io/config_json.h"
#include "attnscope/io/npy.h"
#include "attnscope/kernels/attention_matrix.h"
#include "attnscope/kernels/kernels.h"
#include "attnscope/kernels/reference.h"
#include "attnscope/ui/atomic_file.h"
#include "cli_common.h"
#include "cli_config_options.h"

namespace attnscope::cli {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("cli", text);
}

// The float64 reference is naive; above this many FLOPs it would take longer than a user waits.
constexpr double kReferenceFlopLimit = 2e9;
// Larger attention matrices are skipped in the dump; their size is said.
constexpr double kAttentionDumpLimitBytes = 512.0 * 1024 * 1024;

QByteArray npyBytes(const std::vector<std::int64_t>& shape, const float* data) {
    const std::string bytes = serializeNpy(shape, data);
    return QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()));
}

}  // namespace

int evalCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Run one method once; print the output's summary and its error against the float64 reference, and "
           "with "
           "--dump write every array as .npy plus config.json.\n\n"
           "Examples:\n  attnscope eval --method xformer --batch 2 --n 256 --d 64 --heads 4 --s 4 --dump "
           "out/xf\n  attnscope eval --method softmax --qkv captured   # tools/capture_qkv.py's "
           "folder (heads from its heads.txt)"));
    addConfigOptions(parser, false);
    parser.addOption(
        {QStringLiteral("dump"), tr("Directory for the .npy files and config.json."), QStringLiteral("dir")});
    parser.addOption({QStringLiteral("batch-index"),
                      tr("Which batch element's attention matrix to dump (default 0)."), QStringLiteral("b"),
                      QStringLiteral("0")});
    parser.addOption({QStringLiteral("head"), tr("Which head's attention matrix to dump (default 0)."),
                      QStringLiteral("h"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("force"), tr("Overwrite existing files in the dump directory.")});
    parseOrThrow(parser, arguments, QStringLiteral("eval"));
    if (!parser.positionalArguments().isEmpty()) {
        throw UsageError("unexpected argument '" + parser.positionalArguments().first().toStdString() + "'");
    }
    const std::vector<BenchmarkPoint> points = readPoints(parser);
    if (points.size() != 1) throw UsageError("--method: eval runs exactly one method");
    const BenchmarkPoint& point = points.front();
    const AttentionConfig& c = point.config;
    const std::int64_t batch_index = parseInteger(
        QStringLiteral("batch-index"), parser.value(QStringLiteral("batch-index")), 0, c.batch - 1);
    const std::int64_t head =
        parseInteger(QStringLiteral("head"), parser.value(QStringLiteral("head")), 0, c.heads - 1);

    const AttentionProblem problem = makeProblem(point.method, c, point.inputs.get());
    const Tensor out = runAttention(problem);
    const CostEstimate cost = estimateCost(point.method, c);

    nlohmann::json summary = pointConfigJson(point.method, c);
    summary.update({{"pooled_length", point.method == Method::xformer ? c.pooledLength() : 0},
                    {"inputs", point.inputs ? "loaded from .npy" : "random"},
                    {"attnscope_version", ATTNSCOPE_VERSION},
                    {"flops", cost.flops},
                    {"attention_matrix", {{"batch", batch_index}, {"head", head}}},
                    {"conventions",
                     "row-major; y = x W with W of shape (in, out); no biases; "
                     "attention matrix as in core/include/attnscope/kernels/attention_matrix.h"}});
    QString report = QStringLiteral("%1: output (%2, %3, %4)\n")
                         .arg(QString::fromStdString(point.name()))
                         .arg(c.batch)
                         .arg(c.n)
                         .arg(c.d);
    if (point.inputs && !point.inputs->tokens.empty()) {
        summary["tokens"] = point.inputs->tokens;
        report += tr("%1 tokens from tokens.txt\n").arg(point.inputs->tokens.size());
    }
    if (cost.flops <= kReferenceFlopLimit) {
        const std::vector<double> expected = referenceAttention(problem);
        const double error = relativeFrobeniusError(out.data(), expected.data(), out.size());
        summary["reference_relative_error"] = error;
        report += tr("relative Frobenius error against the float64 reference: %1\n").arg(error, 0, 'e', 2);
    } else {
        report += tr("float64 reference skipped: %1 GFLOP is above its %2 GFLOP limit\n")
                      .arg(cost.flops * 1e-9, 0, 'f', 1)
                      .arg(kReferenceFlopLimit * 1e-9);
    }

    if (parser.isSet(QStringLiteral("dump"))) {
        const QString dir = parser.value(QStringLiteral("dump"));
        if (!QDir().mkpath(dir)) throw RunError("cannot create directory " + dir.toStdString());
        const bool force = parser.isSet(QStringLiteral("force"));
        QStringList written;
        auto write = [&](const QString& name, const QByteArray& bytes) {
            const QString error = writeFileAtomically(QDir(dir).filePath(name), bytes, force);
            if (!error.isEmpty()) throw RunError(error.toStdString());
            written << name;
        };
        auto writeTensor = [&](const char* name, const Tensor& t) {
            if (!t.empty())
                write(QStringLiteral("%1.npy").arg(QLatin1String(name)),
                      npyBytes({t.batch(), t.rows(), t.cols()}, t.data()));
        };
        auto writeMatrix = [&](const char* name, const MatrixRM& m) {
            if (m.size() > 0)
                write(QStringLiteral("%1.npy").arg(QLatin1String(name)),
                      npyBytes({m.rows(), m.cols()}, m.data()));
        };
        writeTensor("q", problem.q);
        writeTensor("k", problem.k);
        writeTensor("v", problem.v);
        writeTensor("x", problem.x);
        writeMatrix("w_q", problem.w_q);
        writeMatrix("w_k", problem.w_k);
        writeMatrix("w_v", problem.w_v);
        writeMatrix("w_o", problem.w_o);
        writeMatrix("pooling", problem.pooling);
        writeMatrix("features", problem.features);
        writeTensor("output", out);
        const double matrix_bytes =
            static_cast<double>(c.n) *
            static_cast<double>(point.method == Method::xformer ? c.pooledLength() : c.n) * 4;
        if (matrix_bytes <= kAttentionDumpLimitBytes) {
            writeMatrix("attention", attentionMatrix(problem, batch_index, head));
        } else {
            report += tr("attention.npy skipped: it would take %1\n")
                          .arg(QString::fromStdString(formatBytes(matrix_bytes)));
        }
        summary["files"] = nlohmann::json::array();
        for (const QString& name : written) summary["files"].push_back(name.toStdString());
        // Token strings come from a user's file: bytes that are not UTF-8 must not stop the dump.
        write(QStringLiteral("config.json"),
              QByteArray::fromStdString(
                  summary.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
        report +=
            tr("wrote %1 files to %2: %3\n").arg(written.size()).arg(dir, written.join(QStringLiteral(", ")));
    }
    printOut(report);
    return kSuccess;
}

}  // namespace attnscope::cli
