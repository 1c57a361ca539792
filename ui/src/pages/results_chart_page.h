#pragma once
#include <QVBoxLayout>
#include <QWidget>

#include "attnscope/ui/experiment_session.h"

namespace attnscope {

// A tab that draws the session's results with one chart and nothing else (Breakdown, Roofline, FAVOR+ error):
// it redraws when a result arrives or the results are replaced.
template <typename Chart>
class ResultsChartPage : public QWidget {
public:
    ResultsChartPage(ExperimentSession& session, const QString& chartName, QWidget* parent = nullptr)
        : QWidget(parent), chart_(new Chart(this)) {
        chart_->setObjectName(chartName);
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(chart_);
        auto redraw = [this, &session] { chart_->setResults(session.results()); };
        connect(&session, &ExperimentSession::resultsAdded, this, redraw);
        connect(&session, &ExperimentSession::resultsReset, this, [this, redraw] {
            // A new run: `attnscope peak` may have cached the ceilings meanwhile.
            if constexpr (requires(Chart & c) { c.forgetCeilings(); }) chart_->forgetCeilings();
            redraw();
        });
    }
    Chart* chart() const { return chart_; }

private:
    Chart* chart_ = nullptr;
};

}  // namespace attnscope
