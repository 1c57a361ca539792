// attnscope report: run presets and write their tables and data to a directory. This is also what the
// README's run command does on a machine without a display.
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include "attnscope/result_tables.h"
#include "attnscope/results_io.h"
#include "attnscope/system_info.h"
#include "attnscope/ui/atomic_file.h"
#include "attnscope/ui/preset_library.h"
#include "cli_common.h"

namespace attnscope::cli {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("cli", text);
}

}  // namespace

int reportCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(tr(
        "Run presets and write report.md with their tables, plus each preset's results as JSON and CSV.\n\n"
        "Example:\n  attnscope report --preset notebook --preset xformer-table --out attnscope-report"));
    parser.addOption({QStringLiteral("preset"),
                      tr("A preset to run; repeat for several (default: notebook and xformer-table)."),
                      QStringLiteral("name|file")});
    parser.addOption({QStringLiteral("out"), tr("Output directory (default attnscope-report)."),
                      QStringLiteral("dir"), QStringLiteral("attnscope-report")});
    parser.addOption({QStringLiteral("threads"), tr("Threads, 1 to the hardware's; 0 = all (default)."),
                      QStringLiteral("T"), QStringLiteral("0")});
    addRunnerOptions(parser);
    parser.addOption({QStringLiteral("force"), tr("Overwrite existing files in the output directory.")});
    parseOrThrow(parser, arguments, QStringLiteral("report"));
    if (!parser.positionalArguments().isEmpty()) {
        throw UsageError("unexpected argument '" + parser.positionalArguments().first().toStdString() + "'");
    }
    const int threads = static_cast<int>(parseInteger(
        QStringLiteral("threads"), parser.value(QStringLiteral("threads")), 0, 4 * hardwareThreads()));
    const RunnerOptions options = readRunnerOptions(parser);
    QStringList preset_names = parser.values(QStringLiteral("preset"));
    if (preset_names.isEmpty()) preset_names = {QStringLiteral("notebook"), QStringLiteral("xformer-table")};
    std::vector<Preset> presets;
    for (const QString& name : preset_names) {
        try {
            presets.push_back(loadPreset(name, threads));
        } catch (const PresetError& error) {
            throw UsageError(std::string("--preset: ") + error.what());
        }
    }

    const QString dir = parser.value(QStringLiteral("out"));
    if (!QDir().mkpath(dir)) throw RunError("cannot create directory " + dir.toStdString());
    const bool force = parser.isSet(QStringLiteral("force"));
    auto write = [&](const QString& name, const QString& text) {
        const QString error = writeFileAtomically(QDir(dir).filePath(name), text.toUtf8(), force);
        if (!error.isEmpty()) throw RunError(error.toStdString());
    };

    installInterruptHandler();
    QString markdown = QStringLiteral("# AttnScope report\n\n%1\n\n")
                           .arg(QDateTime::currentDateTime().toString(Qt::ISODate));
    markdown +=
        tr("Machine: %1, %2 of %3 threads; %4; Eigen %5 (%6); oneTBB %7; AttnScope %8.\n\n")
            .arg(QString::fromStdString(cpuModelName()))
            .arg(threads > 0 ? threads : hardwareThreads())
            .arg(hardwareThreads())
            .arg(QString::fromStdString(compilerDescription()), QString::fromStdString(eigenVersion()),
                 QString::fromStdString(simdInstructionSets()), QString::fromStdString(tbbVersion()),
                 QStringLiteral(ATTNSCOPE_VERSION));
    bool interrupted = false;
    for (const Preset& preset : presets) {
        printErr(
            tr("preset %1: %2 points\n").arg(QString::fromStdString(preset.name)).arg(preset.points.size()));
        const auto results =
            runSweep(preset.points, options, &interruptFlag(), printProgress, printPointResult);
        const QString name = QString::fromStdString(preset.name);
        write(name + QStringLiteral(".json"),
              QString::fromStdString(resultsToJson(
                  results, {"attnscope", ATTNSCOPE_VERSION, "attnscope", preset.name, threads})));
        write(name + QStringLiteral(".csv"), QString::fromStdString(resultsToCsv(results)));
        markdown += QStringLiteral("## %1\n\n%2\n\n```\n%3```\n\n")
                        .arg(QString::fromStdString(preset.title), QString::fromStdString(preset.description),
                             QString::fromStdString(formatResultTable(results)));
        if (preset.layout != PresetLayout::generic) {
            markdown += QStringLiteral("```\n%1```\n\n")
                            .arg(QString::fromStdString(formatPresetTable(preset, results)));
        }
        if (!preset.reference_source.empty()) {
            markdown += tr("Seed figures: %1.\n\n").arg(QString::fromStdString(preset.reference_source));
        }
        markdown += tr("Data: [%1.json](%1.json) (Google Benchmark schema), [%1.csv](%1.csv).\n\n").arg(name);
        if (results.size() < preset.points.size()) {
            interrupted = true;
            markdown += tr("Interrupted: %1 of %2 points finished.\n\n")
                            .arg(results.size())
                            .arg(preset.points.size());
            break;
        }
    }
    write(QStringLiteral("report.md"), markdown);
    printErr(tr("report written to %1\n")
                 .arg(QFileInfo(QDir(dir).filePath(QStringLiteral("report.md"))).absoluteFilePath()));
    return interrupted ? kInterrupted : kSuccess;
}

}  // namespace attnscope::cli
