#pragma once
#include <QImage>
#include <optional>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {

// For results measured at a few fixed shapes rather than along n (the notebook preset): median time per
// shape and method as grouped bars on a log axis, IQR as whiskers, on white. Nothing when fewer than one
// shape has a successful point.
std::optional<QImage> shapeBarsFigure(const std::vector<BenchmarkResult>& results);

}  // namespace attnscope
