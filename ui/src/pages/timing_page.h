#pragma once
#include <QWidget>

namespace attnscope {

class ExperimentSession;
class TimingChart;

// The Timing tab: the session's sweep, results and saved run on the timing chart.
class TimingPage : public QWidget {
    Q_OBJECT
public:
    explicit TimingPage(ExperimentSession& session, QWidget* parent = nullptr);
    TimingChart* chart() const { return chart_; }

private:
    ExperimentSession& session_;
    TimingChart* chart_ = nullptr;
};

}  // namespace attnscope
