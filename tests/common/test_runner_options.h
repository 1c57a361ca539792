#pragma once
#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope::test {

// Enough repetitions for a median and an IQR in a few milliseconds per point; tests never assert on time.
inline RunnerOptions tinyOptions() {
    RunnerOptions options;
    options.warmup_calls = 1;
    options.min_seconds = 0.002;
    options.min_repetitions = 3;
    options.max_repetitions = 10;
    options.max_seconds = 0.5;
    options.stage_seconds = 0.001;
    return options;
}

}  // namespace attnscope::test
