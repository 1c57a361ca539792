#include "pages/compare_page.h"

#include <QVBoxLayout>

#include "attnscope/ui/experiment_session.h"
#include "pages/compare_view.h"

namespace attnscope {

ComparePage::ComparePage(ExperimentSession& session, QWidget* parent)
    : QWidget(parent), view_(new CompareView(this)) {
    view_->setObjectName(QStringLiteral("compareView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    auto showResults = [this, &session] { view_->setResults(session.results()); };
    connect(&session, &ExperimentSession::resultsAdded, this, showResults);
    connect(&session, &ExperimentSession::resultsReset, this, showResults);
    connect(&session, &ExperimentSession::comparisonsChanged, this,
            [this, &session] { view_->setSaved(session.comparisons()); });
    connect(view_, &CompareView::removeRequested, &session, &ExperimentSession::removeComparison);
}

}  // namespace attnscope
