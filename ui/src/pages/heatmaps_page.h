#pragma once
#include <QWidget>

class QLabel;

namespace attnscope {

class ExperimentSession;
class HeatmapView;

// The Heatmaps tab: the maps of the session's parameters and inputs, and a line naming what stops them.
class HeatmapsPage : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapsPage(ExperimentSession& session, QWidget* parent = nullptr);
    HeatmapView* view() const { return view_; }

private:
    ExperimentSession& session_;
    QLabel* message_ = nullptr;
    HeatmapView* view_ = nullptr;
};

}  // namespace attnscope
