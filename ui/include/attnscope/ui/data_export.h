#pragma once
#include <QByteArray>
#include <QString>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

struct BlockMap;

// The results as the command line writes them (core's resultsToJson / resultsToCsv): Google Benchmark's
// JSON schema with engine "attnscope" and this application's version, or one CSV row per point.
QByteArray resultsJsonBytes(const std::vector<BenchmarkResult>& results, const QString& preset_name,
                            int threads);
QByteArray resultsCsvBytes(const std::vector<BenchmarkResult>& results);

// A heatmap's cells as shown (block means when averaged). CSV: a header row "query\key" followed by the
// first key position of each cell's block, then one row per cell row starting with its first query position,
// so pandas.read_csv(path, index_col=0) gives a frame labelled with real positions. .npy: float32,
// shape (rows, cols) of the cells.
QByteArray blockMapCsv(const BlockMap& map);
QByteArray blockMapNpy(const BlockMap& map);

}  // namespace attnscope
