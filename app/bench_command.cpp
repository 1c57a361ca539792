// attnscope bench: time a preset or an ad-hoc sweep and print or save the results.
#include <QCoreApplication>

#include "attnscope/analysis/result_tables.h"
#include "attnscope/io/results_io.h"
#include "attnscope/measuring/system_info.h"
#include "attnscope/ui/preset_library.h"
#include "cli_common.h"
#include "cli_config_options.h"

namespace attnscope::cli {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("cli", text);
}

QString machineLine(int threads) {
    return QStringLiteral("%1, %2 of %3 threads, %4, Eigen %5 (%6), kernels: %7, products: %8, oneTBB %9\n")
        .arg(QString::fromStdString(cpuModelName()))
        .arg(threads > 0 ? threads : hardwareThreads())
        .arg(hardwareThreads())
        .arg(QString::fromStdString(compilerDescription()), QString::fromStdString(eigenVersion()),
             QString::fromStdString(simdInstructionSets()), QString::fromStdString(kernelIsaDescription()),
             QString::fromStdString(blasDescription()), QString::fromStdString(tbbVersion()));
}

}  // namespace

int benchCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Time attention methods on one config, an n sweep, or a preset.\n\n"
           "Examples:\n"
           "  attnscope bench --preset notebook\n"
           "  attnscope bench --method softmax,linear --n-range 128:4096:x2 --d 64 --threads 1\n"
           "  attnscope bench --preset xformer-table --format json --out ours.json"));
    parser.addOption({QStringLiteral("preset"),
                      tr("Run a preset: a built-in name (%1) or a .json file.")
                          .arg(builtInPresetNames().join(QStringLiteral(", "))),
                      QStringLiteral("name|file")});
    addConfigOptions(parser, true);
    addRunnerOptions(parser);
    parser.addOption({QStringLiteral("format"),
                      tr("Output: table (default), csv or json (Google Benchmark's schema)."),
                      QStringLiteral("format"), QStringLiteral("table")});
    parser.addOption({QStringLiteral("out"), tr("Write the output to this file instead of standard output."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("force"), tr("Overwrite an existing --out file.")});
    parser.addOption({QStringLiteral("quiet"), tr("No progress lines on standard error.")});
    parser.addOption(
        {QStringLiteral("counters"),
         tr("Read the kernel's event counters over the timed repetitions: page faults, context "
            "switches and busy cores per call, and cycles, instructions and LLC misses where the "
            "machine has a PMU.")});
    parseOrThrow(parser, arguments, QStringLiteral("bench"));
    if (!parser.positionalArguments().isEmpty()) {
        throw UsageError("unexpected argument '" + parser.positionalArguments().first().toStdString() + "'");
    }

    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("table") && format != QLatin1String("csv") &&
        format != QLatin1String("json")) {
        throw UsageError("--format: expected table, csv or json, got '" + format.toStdString() + "'");
    }
    RunnerOptions options = readRunnerOptions(parser);
    options.counters = parser.isSet(QStringLiteral("counters"));
    const int threads =
        parser.isSet(QStringLiteral("threads")) ? parseThreads(parser.value(QStringLiteral("threads"))) : 0;

    std::optional<Preset> preset;
    std::vector<BenchmarkPoint> points;
    if (parser.isSet(QStringLiteral("preset"))) {
        if (hasConfigOptions(parser)) {
            throw UsageError(
                "--preset sets the configs itself; only --threads and the timing options combine with it");
        }
        try {
            preset = loadPreset(parser.value(QStringLiteral("preset")), threads);
        } catch (const PresetError& error) {
            throw UsageError(std::string("--preset: ") + error.what());
        }
        points = preset->points;
    } else {
        points = readPoints(parser);
    }

    const bool quiet = parser.isSet(QStringLiteral("quiet"));
    std::optional<ProcessCounters> counters;
    if (options.counters) counters.emplace(probedCounters());
    installInterruptHandler();
    const auto results = runSweep(
        points, options, &interruptFlag(),
        quiet ? std::function<void(const SweepProgress&)>() : printProgress,
        [&](const BenchmarkResult& r) {
            if (!quiet) printPointResult(r);
        },
        counters ? &*counters : nullptr);
    const bool interrupted = results.size() < points.size();
    if (interrupted) {
        printErr(tr("interrupted: %1 of %2 points finished; writing those\n")
                     .arg(results.size())
                     .arg(points.size()));
    }

    QString output;
    if (format == QLatin1String("json")) {
        RunContext context{"attnscope", ATTNSCOPE_VERSION, "attnscope", preset ? preset->name : "", threads};
        output = QString::fromStdString(resultsToJson(results, context));
    } else if (format == QLatin1String("csv")) {
        output = QString::fromStdString(resultsToCsv(results));
    } else {
        if (preset) {
            output += QString::fromStdString(preset->title.empty() ? preset->name : preset->title) +
                      QLatin1Char('\n') + machineLine(threads) + QLatin1Char('\n');
        }
        output += QString::fromStdString(formatResultTable(results));
        const TableData stages = stageTableData(results);
        if (!stages.rows.empty()) {
            output +=
                QLatin1Char('\n') +
                tr("Where the time goes (stage clocks in the kernels, per call, averaged over threads)\n") +
                QString::fromStdString(renderText(stages));
        }
        const TableData slopes = slopeTableData(results);
        if (!slopes.rows.empty()) {
            output += QLatin1Char('\n') +
                      tr("Log-log slope of time against n (2: quadratic cost, 1: linear)\n") +
                      QString::fromStdString(renderText(slopes));
        }
        if (preset && preset->layout != PresetLayout::generic) {
            output += QLatin1Char('\n') + QString::fromStdString(formatPresetTable(*preset, results));
            if (!preset->reference_source.empty()) {
                output += tr("Seed figures: %1\n").arg(QString::fromStdString(preset->reference_source));
            }
        }
    }
    writeOutput(parser, output, quiet);
    bool any_failed = false;
    for (const BenchmarkResult& r : results) any_failed |= !r.ok();
    return interrupted ? kInterrupted : any_failed ? kFailure : kSuccess;
}

}  // namespace attnscope::cli
