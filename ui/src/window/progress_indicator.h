#pragma once

class QToolBar;

namespace attnscope {

class ExperimentSession;

// The running sweep's progress at the right of the toolbar: the point being measured and done/total.
void addProgressIndicator(QToolBar& toolBar, ExperimentSession& session);

}  // namespace attnscope
