#pragma once
#include <QWidget>

namespace attnscope {

class CompareView;
class ExperimentSession;

// The Compare tab: the session's points against its saved run.
class ComparePage : public QWidget {
    Q_OBJECT
public:
    explicit ComparePage(ExperimentSession& session, QWidget* parent = nullptr);
    CompareView* view() const { return view_; }

private:
    CompareView* view_ = nullptr;
};

}  // namespace attnscope
