// attnscope compare: per-benchmark time ratios of two results files, paired by name.
#include <QCoreApplication>
#include <QFile>

#include "attnscope/analysis/result_tables.h"
#include "cli_common.h"

namespace attnscope::cli {

namespace {

SavedResults readResults(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throw RunError("cannot read " + path.toStdString() + ": " + file.errorString().toStdString());
    }
    return parseResultsJson(file.readAll().toStdString(), path.toStdString());
}

}  // namespace

int compareCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "cli",
        "Compare two results files (attnscope bench --format json, tests/bench/torch_bench.py, or Google "
        "Benchmark): per benchmark, both medians and how many times faster the second file is.\n\n"
        "Example:\n  attnscope compare torch.json ours.json"));
    parser.addPositionalArgument(QStringLiteral("baseline"),
                                 QCoreApplication::translate("cli", "The first results file."));
    parser.addPositionalArgument(QStringLiteral("contender"),
                                 QCoreApplication::translate("cli", "The second results file."));
    parseOrThrow(parser, arguments, QStringLiteral("compare"));
    const QStringList files = parser.positionalArguments();
    if (files.size() != 2)
        throw UsageError("expected two results files, got " + std::to_string(files.size()));
    const SavedResults baseline = readResults(files[0]);
    const SavedResults contender = readResults(files[1]);
    printOut(QString::fromStdString(formatComparison(baseline, contender)));
    return kSuccess;
}

}  // namespace attnscope::cli
