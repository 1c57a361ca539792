#include "cli.h"

#include <unistd.h>

#include <QCoreApplication>
#include <csignal>
#include <cstdio>

#include "attnscope/analysis/text_table.h"
#include "attnscope/config/attention_config.h"
#include "attnscope/ui/atomic_file.h"
#include "cli_common.h"

namespace attnscope {

namespace cli {

void parseOrThrow(QCommandLineParser& parser, const QStringList& arguments, const QString& command) {
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QCoreApplication::translate("cli", "Show this help and exit."));
    parser.addOption(help);
    if (!parser.parse(arguments)) throw UsageError(parser.errorText().toStdString());
    if (parser.isSet(help)) {
        printOut(parser.helpText().replace(QStringLiteral("Usage: ") + arguments.value(0),
                                           QStringLiteral("Usage: attnscope ") + command));
        throw UsageError("");  // empty: help was printed, exit 0
    }
}

CancelFlag& interruptFlag() {
    static CancelFlag flag{false};
    return flag;
}

namespace {
void onInterrupt(int) {
    interruptFlag().store(true);
}
}  // namespace

void installInterruptHandler() {
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

void printProgress(const SweepProgress& progress) {
    if (!progress.current) return;
    const QString line = QStringLiteral("[%1/%2] %3")
                             .arg(progress.done + 1)
                             .arg(progress.total)
                             .arg(QString::fromStdString(progress.current->name()));
    if (isatty(STDERR_FILENO)) {
        std::fprintf(stderr, "\r\033[K%s", line.toLocal8Bit().constData());
    } else {
        std::fprintf(stderr, "%s", line.toLocal8Bit().constData());
    }
    std::fflush(stderr);
}

void printPointResult(const BenchmarkResult& result) {
    const std::string text = result.ok() ? "  " + formatMilliseconds(result.stats.median * 1e3) + " ms, " +
                                               formatFixed(result.gflops(), 1) + " GFLOP/s"
                                         : "  failed: " + result.error;
    std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
}

void printOut(const QString& text) {
    std::fputs(text.toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

ProcessCounters probedCounters() {
    ProcessCounters counters(makePerfEventSource());
    counters.probe();
    if (!counters.notice().empty()) printErr(QString::fromStdString(counters.notice()) + QLatin1Char('\n'));
    return counters;
}

void printErr(const QString& text) {
    std::fputs(text.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}

void writeOutput(const QCommandLineParser& parser, const QString& output, bool quiet) {
    if (!parser.isSet(QStringLiteral("out"))) {
        printOut(output);
        return;
    }
    const QString path = parser.value(QStringLiteral("out"));
    const QString error = writeFileAtomically(path, output.toUtf8(), parser.isSet(QStringLiteral("force")));
    if (!error.isEmpty()) throw RunError(error.toStdString());
    if (!quiet) printErr(QCoreApplication::translate("cli", "wrote %1\n").arg(path));
}

}  // namespace cli

bool isCliCommand(const QString& word) {
    return word == QLatin1String("bench") || word == QLatin1String("eval") ||
           word == QLatin1String("compare") || word == QLatin1String("report") ||
           word == QLatin1String("peak") || word == QLatin1String("worker");
}

int runCli(const QStringList& arguments) {
    const QString command = arguments.value(1);
    QStringList rest = arguments;
    rest.removeAt(1);
    try {
        if (command == QLatin1String("bench")) return cli::benchCommand(rest);
        if (command == QLatin1String("eval")) return cli::evalCommand(rest);
        if (command == QLatin1String("compare")) return cli::compareCommand(rest);
        if (command == QLatin1String("report")) return cli::reportCommand(rest);
        if (command == QLatin1String("peak")) return cli::peakCommand(rest);
        if (command == QLatin1String("worker")) return cli::workerCommand(rest);
    } catch (const cli::UsageError& error) {
        if (std::string(error.what()).empty()) return cli::kSuccess;  // --help
        cli::printErr(QStringLiteral("attnscope %1: %2\nTry 'attnscope %1 --help'.\n")
                          .arg(command, QString::fromStdString(error.what())));
        return cli::kUsage;
    } catch (const std::exception& error) {
        cli::printErr(
            QStringLiteral("attnscope %1: %2\n").arg(command, QString::fromLocal8Bit(error.what())));
        return cli::kFailure;
    }
    cli::printErr(
        QStringLiteral("attnscope: unknown command '%1'; commands: bench, eval, compare, report, peak\n")
            .arg(command));
    return cli::kUsage;
}

}  // namespace attnscope
