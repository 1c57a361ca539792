// attnscope peak: the machine's measured ceilings (FMA peak per vector ISA, bandwidth per memory level),
// cached per CPU model and thread count so that a second call answers at once.
#include <QCoreApplication>
#include <nlohmann/json.hpp>

#include "attnscope/analysis/ceilings_table.h"
#include "attnscope/io/ceilings_file.h"
#include "attnscope/measuring/machine_ceilings.h"
#include "attnscope/measuring/system_info.h"
#include "cli_common.h"

namespace attnscope::cli {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("cli", text);
}

}  // namespace

MachineCeilings cachedOrMeasuredCeilings(int threads, bool remeasure, bool quiet, bool* from_cache) {
    const std::filesystem::path cache = ceilingsCachePath();
    if (!remeasure && !cache.empty()) {
        if (std::optional<MachineCeilings> cached = readCachedCeilings(cache, cpuModelName(), threads)) {
            if (from_cache) *from_cache = true;
            return *cached;
        }
    }
    if (from_cache) *from_cache = false;
    std::function<void(const std::string&)> on_step;
    if (!quiet) {
        on_step = [](const std::string& step) {
            printErr(tr("measuring %1\n").arg(QString::fromStdString(step)));
        };
    }
    MachineCeilings ceilings = measureCeilings(threads, machineTopology(), on_step);
    if (!cache.empty()) {
        try {
            writeCachedCeilings(cache, ceilings);
        } catch (const CeilingsFileError& error) {
            // The figures are still good; only the next call will measure again.
            printErr(tr("attnscope: ceilings not cached: %1\n").arg(QString::fromLocal8Bit(error.what())));
        }
    }
    return ceilings;
}

int peakCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Measure the machine's ceilings: the float32 FMA peak of each vector ISA the CPU has and the "
           "bandwidth of a STREAM-like triad from L1, L2, L3 and DRAM, on 1 thread and on --threads. The "
           "figures are cached per CPU model and thread count in $XDG_CACHE_HOME/attnscope/ceilings.json "
           "(default ~/.cache).\n\n"
           "Examples:\n"
           "  attnscope peak\n"
           "  attnscope peak --threads 1 --format json --out ceilings.json"));
    parser.addOption({QStringLiteral("threads"),
                      tr("Threads for the second column, 1 to 4 × the hardware's; 0 = all (default)."),
                      QStringLiteral("T"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("format"), tr("Output: table (default) or json."),
                      QStringLiteral("format"), QStringLiteral("table")});
    parser.addOption({QStringLiteral("out"), tr("Write the output to this file instead of standard output."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("force"), tr("Overwrite an existing --out file.")});
    parser.addOption(
        {QStringLiteral("remeasure"), tr("Measure again, even when the cache has these figures.")});
    parser.addOption({QStringLiteral("quiet"), tr("No progress lines on standard error.")});
    parseOrThrow(parser, arguments, QStringLiteral("peak"));
    if (!parser.positionalArguments().isEmpty()) {
        throw UsageError("unexpected argument '" + parser.positionalArguments().first().toStdString() + "'");
    }
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("table") && format != QLatin1String("json"))
        throw UsageError("--format: expected table or json, got '" + format.toStdString() + "'");
    const int requested = parseThreads(parser.value(QStringLiteral("threads")));
    const int threads = requested > 0 ? requested : hardwareThreads();
    const bool quiet = parser.isSet(QStringLiteral("quiet"));

    const std::filesystem::path cache = ceilingsCachePath();
    bool from_cache = false;
    const std::optional<MachineCeilings> ceilings =
        cachedOrMeasuredCeilings(threads, parser.isSet(QStringLiteral("remeasure")), quiet, &from_cache);

    QString output;
    if (format == QLatin1String("json")) {
        nlohmann::json json = ceilingsToJson(*ceilings);
        json["from_cache"] = from_cache;
        json["cache_file"] = cache.string();
        output = QString::fromStdString(json.dump(2) + "\n");
    } else {
        output = QString::fromStdString(formatCeilings(*ceilings));
        output += from_cache ? tr("From the cache %1 (measured %2); --remeasure measures again.\n")
                                   .arg(QString::fromStdString(cache.string()),
                                        QString::fromStdString(ceilings->measured_at))
                             : QString();
    }
    writeOutput(parser, output, quiet);
    return kSuccess;
}

}  // namespace attnscope::cli
