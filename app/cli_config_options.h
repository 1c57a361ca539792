#pragma once
#include <QCommandLineParser>
#include <memory>
#include <vector>

#include "attnscope/config/user_inputs.h"
#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope::cli {

// --method, one option per config field (config_fields.h) with its range and default in the help,
// --n-range (bench), --s, --q, --k, --v, --x, --qkv.
void addConfigOptions(QCommandLineParser& parser, bool allow_n_range);

// True when any option that shapes a config (everything above but --threads) was given.
bool hasConfigOptions(const QCommandLineParser& parser);

// Every method x every n of --n-range, validated: a bad value throws UsageError naming the option and
// its allowed range. Loaded .npy inputs set batch, n and d.
std::vector<BenchmarkPoint> readPoints(const QCommandLineParser& parser);

}  // namespace attnscope::cli
