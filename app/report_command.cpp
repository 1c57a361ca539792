// attnscope report: run presets and write their tables and data to a directory. This is also what the
// README's run command does on a machine without a display.
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "attnscope/analysis/result_tables.h"
#include "attnscope/io/results_io.h"
#include "attnscope/measuring/system_info.h"
#include "attnscope/ui/atomic_file.h"
#include "attnscope/ui/preset_library.h"
#include "attnscope/ui/report_writer.h"
#include "cli_common.h"

namespace attnscope::cli {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("cli", text);
}

}  // namespace

int reportCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Run presets and write report.html and report.pdf (tables, figures, machine), plus each preset's "
           "results as "
           "JSON and CSV.\n\n"
           "Example:\n  attnscope report --preset notebook --preset xformer-table --out attnscope-report"));
    parser.addOption(
        {QStringLiteral("preset"),
         tr("A preset to run; repeat for several (default: notebook, xformer-table and favor-error)."),
         QStringLiteral("name|file")});
    parser.addOption({QStringLiteral("out"), tr("Output directory (default attnscope-report)."),
                      QStringLiteral("dir"), QStringLiteral("attnscope-report")});
    parser.addOption({QStringLiteral("threads"), tr("Threads, 1 to the hardware's; 0 = all (default)."),
                      QStringLiteral("T"), QStringLiteral("0")});
    addRunnerOptions(parser);
    parser.addOption({QStringLiteral("force"), tr("Overwrite existing files in the output directory.")});
    parser.addOption({QStringLiteral("no-heatmaps"), tr("Leave out the attention heatmaps.")});
    parseOrThrow(parser, arguments, QStringLiteral("report"));
    if (!parser.positionalArguments().isEmpty()) {
        throw UsageError("unexpected argument '" + parser.positionalArguments().first().toStdString() + "'");
    }
    const int threads = parseThreads(parser.value(QStringLiteral("threads")));
    RunnerOptions options = readRunnerOptions(parser);
    // Page faults, context switches and busy cores per point for the report's Counters tables.
    options.counters = true;
    QStringList preset_names = parser.values(QStringLiteral("preset"));
    if (preset_names.isEmpty()) {
        preset_names = {QStringLiteral("notebook"), QStringLiteral("xformer-table"),
                        QStringLiteral("favor-error")};
    }
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

    if (!force) {
        // Refuse before minutes of benchmarks, not after them.
        QStringList outputs{QStringLiteral("report.html"), QStringLiteral("report.pdf")};
        for (const Preset& preset : presets) {
            outputs << QString::fromStdString(preset.name) + QStringLiteral(".json")
                    << QString::fromStdString(preset.name) + QStringLiteral(".csv");
        }
        for (const QString& output : outputs) {
            const QString path = QDir(dir).filePath(output);
            if (QFileInfo::exists(path))
                throw RunError(path.toStdString() + " exists; use --force to overwrite it");
        }
    }
    installInterruptHandler();
    ReportInput report;
    report.threads = threads;
    // The roofline figures' roofs: measured (a few seconds) before the presets unless peak has cached them.
    printErr(tr("machine ceilings (attnscope peak)\n"));
    report.ceilings = cachedOrMeasuredCeilings(threads > 0 ? threads : hardwareThreads(), false, false);
    ProcessCounters counters = probedCounters();
    report.counters_notice = counters.notice();
    bool interrupted = false;
    for (const Preset& preset : presets) {
        printErr(
            tr("preset %1: %2 points\n").arg(QString::fromStdString(preset.name)).arg(preset.points.size()));
        const auto results =
            runSweep(preset.points, options, &interruptFlag(), printProgress, printPointResult, &counters);
        const QString name = QString::fromStdString(preset.name);
        write(name + QStringLiteral(".json"),
              QString::fromStdString(resultsToJson(
                  results, {"attnscope", ATTNSCOPE_VERSION, "attnscope", preset.name, threads})));
        write(name + QStringLiteral(".csv"), QString::fromStdString(resultsToCsv(results)));
        ReportSection section;
        section.title = QString::fromStdString(preset.title.empty() ? preset.name : preset.title);
        section.description =
            QString::fromStdString(preset.description) +
            tr(" Data: %1.json (Google Benchmark schema) and %1.csv beside this report.").arg(name);
        section.preset = preset;
        section.results = results;
        if (results.size() < preset.points.size()) {
            interrupted = true;
            section.description +=
                tr(" Interrupted: %1 of %2 points finished.").arg(results.size()).arg(preset.points.size());
        }
        report.sections.push_back(std::move(section));
        if (interrupted) break;
    }
    if (!parser.isSet(QStringLiteral("no-heatmaps"))) {
        AttentionConfig heatmaps;
        heatmaps.n = 512;
        heatmaps.d = 64;
        heatmaps.alpha = heatmaps.beta = 4;
        heatmaps.distribution = ConfigDefaults::kHeatmapDistribution;
        heatmaps.threads = threads;
        report.heatmap_config = heatmaps;
    }
    printErr(tr("writing the report\n"));
    const ReportFiles files = writeReport(report, dir, force);
    printErr(tr("report written to %1 and %2\n")
                 .arg(QFileInfo(files.html).absoluteFilePath(), QFileInfo(files.pdf).absoluteFilePath()));
    return interrupted ? kInterrupted : kSuccess;
}

}  // namespace attnscope::cli
