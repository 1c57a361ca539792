#include "attnscope/ui/heatmap_view.h"

namespace attnscope {

HeatmapView::HeatmapView(QWidget* parent) : QWidget(parent) {}

void HeatmapView::setProblem(const AttentionConfig&, std::shared_ptr<const UserInputs>) {}

}  // namespace attnscope
