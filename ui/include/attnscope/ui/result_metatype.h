#pragma once
#include <QMetaType>

#include "attnscope/measuring/benchmark_runner.h"

// Results travel in queued signals (from the measuring lane to the GUI thread) and in QSignalSpy.
Q_DECLARE_METATYPE(attnscope::BenchmarkResult)
