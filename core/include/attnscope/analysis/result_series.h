#pragma once
#include <string>
#include <vector>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"
#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

// The points of one method at one setting, swept over n: one curve of the timing chart.
struct ResultSeries {
    std::string key;  // the points' name without n (BenchmarkName::withoutLength): a results file pairs by it
    std::string label;  // the method, plus what sets it apart from the method's other series (UTF-8)
    Method method = Method::softmax;
    AttentionConfig config;  // of the series' first point in the results (or the sweep's, when unmeasured)
    int index = 0;           // among the series of its method, in order: picks a shade and a marker
    std::vector<const BenchmarkResult*> points;  // the successful ones, by n; point into the results given
};

// One series per method and everything but n, ordered by method (kAllMethods), then by first appearance
// in `results`. A failed point still makes its series (drawn with its model curve only). Each method of
// `selected` without any result gets a series of `config` with no points, for its model curve. Labels of a
// method measured at several settings name the fields that differ among them, e.g. "xformer β 4" or
// "performer m 64". The series point into `results`, which must outlive them.
std::vector<ResultSeries> groupSeries(const std::vector<BenchmarkResult>& results,
                                      const std::vector<Method>& selected = {},
                                      const AttentionConfig& config = {});

}  // namespace attnscope
