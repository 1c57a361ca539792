#pragma once
#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <stdexcept>

#include "attnscope/measuring/benchmark_runner.h"
#include "attnscope/measuring/machine_ceilings.h"
#include "attnscope/measuring/perf_counters.h"

namespace attnscope::cli {

enum ExitCode { kSuccess = 0, kFailure = 1, kUsage = 2, kInterrupted = 130 };

// Bad arguments: printed as "attnscope COMMAND: message" with exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// Failures at run time (files, memory): exit code 1.
struct RunError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Parses `arguments` (program name first, the command word removed), handling --help. Throws UsageError.
void parseOrThrow(QCommandLineParser& parser, const QStringList& arguments, const QString& command);

// --min-time, --max-reps, --warmup.
void addRunnerOptions(QCommandLineParser& parser);
RunnerOptions readRunnerOptions(const QCommandLineParser& parser);

std::int64_t parseInteger(const QString& option, const QString& text, std::int64_t low, std::int64_t high);
// --threads: 0 (every hardware thread) up to the config field's maximum, 4 × the hardware threads.
int parseThreads(const QString& text);
double parseSeconds(const QString& option, const QString& text);

// Ctrl+C sets this flag instead of killing the process, so finished points are still written.
CancelFlag& interruptFlag();
void installInterruptHandler();

// "[3/25] mha/batch:40/..." lines on stderr, rewritten in place on a terminal.
void printProgress(const SweepProgress& progress);
void printPointResult(const BenchmarkResult& result);

// The event counters of a run, probed, with what is missing said once on standard error (even when quiet: it
// says why columns are missing from the output).
ProcessCounters probedCounters();

void printOut(const QString& text);
void printErr(const QString& text);
// --out FILE (atomically; --force replaces an existing file) or else standard output; "wrote FILE" on
// standard error unless quiet. Throws RunError naming the file when it cannot be written.
void writeOutput(const QCommandLineParser& parser, const QString& output, bool quiet);

int benchCommand(const QStringList& arguments);
int evalCommand(const QStringList& arguments);
int compareCommand(const QStringList& arguments);
int reportCommand(const QStringList& arguments);
int workerCommand(const QStringList& arguments);
int peakCommand(const QStringList& arguments);

// `attnscope peak`'s ceilings on `threads` threads: from the cache unless `remeasure`, else measured (a few
// seconds; progress on standard error unless quiet) and cached. Used by peak and report.
MachineCeilings cachedOrMeasuredCeilings(int threads, bool remeasure, bool quiet, bool* from_cache = nullptr);

}  // namespace attnscope::cli
