#pragma once
#include <QByteArray>
#include <optional>
#include <vector>

#include "charts/roofline_points.h"

namespace attnscope {

// The Roofline tab's points as CSV, one row per point drawn: the point's name, method and shape (alpha and
// beta empty where the method has none), its median, attained GFLOP/s, modelled DRAM bytes, FLOP/byte, share
// of the compute roof and nearest roof, then the ceilings it was placed under (empty, like the two roof
// columns, where `attnscope peak` has not measured them). pandas.read_csv reads it as is.
QByteArray rooflineCsv(const std::vector<RooflinePoint>& points, const std::optional<Roofs>& roofs);

}  // namespace attnscope
