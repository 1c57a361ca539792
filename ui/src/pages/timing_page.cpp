#include "pages/timing_page.h"

#include <QVBoxLayout>

#include "attnscope/ui/experiment_session.h"
#include "charts/timing_chart.h"

namespace attnscope {

TimingPage::TimingPage(ExperimentSession& session, QWidget* parent)
    : QWidget(parent), session_(session), chart_(new TimingChart(this)) {
    chart_->setObjectName(QStringLiteral("timingChart"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(chart_);
    connect(&session_, &ExperimentSession::sweepChanged, this, [this] {
        const SweepView& view = session_.sweepView();
        chart_->setSweep(view.config, view.methods, view.min_n, view.max_n);
        chart_->setCaption(view.caption);
    });
    auto showResults = [this] { chart_->setResults(session_.results()); };
    connect(&session_, &ExperimentSession::resultsAdded, this, showResults);
    connect(&session_, &ExperimentSession::resultsReset, this, showResults);
    connect(&session_, &ExperimentSession::comparisonsChanged, this,
            [this] { chart_->setOverlays(session_.comparisons()); });
}

}  // namespace attnscope
