#pragma once
#include <array>

namespace attnscope {

// The four maps of the Heatmaps tab and the report, in reading order.
enum class HeatmapKind { softmax, xformer, performer, difference };
constexpr std::array<HeatmapKind, 4> kHeatmapKinds = {HeatmapKind::softmax, HeatmapKind::xformer,
                                                      HeatmapKind::performer, HeatmapKind::difference};

}  // namespace attnscope
