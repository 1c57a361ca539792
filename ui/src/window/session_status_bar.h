#pragma once

class QStatusBar;

namespace attnscope {

class ExperimentSession;
class HeatmapView;

// The status bar's permanent fields: the last point and its spread, the heatmaps' latency and the machine;
// and the session's passing messages.
void buildStatusBar(QStatusBar& statusBar, ExperimentSession& session, HeatmapView& heatmaps);

}  // namespace attnscope
