#pragma once
#include <optional>
#include <vector>

#include "attnscope/config/method.h"
#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

// Whether two points' times may be set side by side (a speed-up, a ratio, a time for scale): the same
// problem size (batch, n, d, heads) on the same number of threads. What the methods do with it (alpha,
// beta, features) may differ, that is what is compared; so may the inputs' seed and distribution, which
// the time does not depend on (and the GUI's cache keeps points measured under an earlier seed).
bool comparablePoints(const BenchmarkPoint& a, const BenchmarkPoint& b);

// The method speed-ups are measured against, wherever they are shown (tables, the timing chart, the
// report): mha, else softmax, else quadratic, else the first of kAllMethods present. It depends on which
// methods are present, not on their order. std::nullopt when `methods` is empty.
std::optional<Method> speedupBaseline(const std::vector<Method>& methods);
// The baseline among the methods of `results`, failed points included.
std::optional<Method> speedupBaseline(const std::vector<BenchmarkResult>& results);

}  // namespace attnscope
