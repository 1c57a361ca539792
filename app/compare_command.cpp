// attnscope compare: per-benchmark time ratios of a baseline results file and one or more others, paired by
// name.
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

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
        "Compare results files (attnscope bench --format json, the window's File → Save results, "
        "tests/bench/torch_bench.py, or Google Benchmark): the first file is the baseline; per benchmark, "
        "its "
        "median and, for every other file, its median, how many times faster it is (▲ faster, ▼ slower) and "
        "the U test's p.\n\n"
        "Examples:\n  attnscope compare torch.json ours.json\n"
        "  attnscope compare --label torch --label before --label after torch.json old.json new.json"));
    parser.addPositionalArgument(QStringLiteral("baseline"),
                                 QCoreApplication::translate("cli", "The baseline results file."));
    parser.addPositionalArgument(QStringLiteral("others"),
                                 QCoreApplication::translate("cli", "One or more results files to compare."),
                                 QStringLiteral("other…"));
    const QCommandLineOption label(
        QStringLiteral("label"),
        QCoreApplication::translate(
            "cli", "Column name of a file, once per file in order (default: the file's name)."),
        QStringLiteral("name"));
    parser.addOption(label);
    parseOrThrow(parser, arguments, QStringLiteral("compare"));
    const QStringList files = parser.positionalArguments();
    if (files.size() < 2)
        throw UsageError("expected two results files or more, got " + std::to_string(files.size()));
    const QStringList labels = parser.values(label);
    if (labels.size() > files.size()) {
        throw UsageError("--label given " + std::to_string(labels.size()) + " times for " +
                         std::to_string(files.size()) + " files");
    }
    std::vector<LabelledRun> runs;
    for (int i = 0; i < files.size(); ++i) {
        SavedResults results = readResults(files[i]);
        if (results.benchmarks.empty()) {
            throw RunError(files[i].toStdString() +
                           ": no benchmarks with times in it (expected entries with \"real_time\")");
        }
        const QString name = i < labels.size() ? labels[i] : QFileInfo(files[i]).fileName();
        runs.push_back({name.toStdString(), std::move(results)});
    }
    for (std::size_t i = 1; i < runs.size(); ++i) {
        bool paired = false;
        for (const SavedBenchmark& benchmark : runs.front().results.benchmarks) {
            paired = paired || runs[i].results.find(benchmark.name) != nullptr;
        }
        if (!paired) {
            throw RunError("no benchmark of " + files[0].toStdString() + " is in " +
                           files[static_cast<int>(i)].toStdString() + ": benchmarks pair by name (e.g. " +
                           runs.front().results.benchmarks.front().name + ")");
        }
    }
    printOut(QString::fromStdString(formatComparisons(runs)));
    return kSuccess;
}

}  // namespace attnscope::cli
