#include "pages/results_page.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/results_model.h"

namespace attnscope {

ResultsPage::ResultsPage(ExperimentSession& session, QWidget* parent)
    : QWidget(parent),
      session_(session),
      model_(new ResultsModel(this)),
      proxy_(new QSortFilterProxyModel(this)),
      view_(new QTableView(this)) {
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(ResultsModel::kSortRole);
    view_->setObjectName(QStringLiteral("resultsView"));
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(-1, Qt::AscendingOrder);  // arrival order until the user picks a column
    view_->setAlternatingRowColors(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->verticalHeader()->hide();
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view_->horizontalHeader()->setStretchLastSection(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);

    connect(model_, &QAbstractItemModel::modelReset, this, &ResultsPage::hideUnusedColumns);
    connect(model_, &QAbstractItemModel::rowsInserted, this, &ResultsPage::hideUnusedColumns);
    connect(&session_, &ExperimentSession::resultsAdded, model_,
            [this](const std::vector<BenchmarkResult>& added) {
                for (const BenchmarkResult& result : added) model_->addResult(result);
            });
    connect(&session_, &ExperimentSession::resultsReset, this,
            [this] { model_->setResults(session_.results()); });
    hideUnusedColumns();
}

void ResultsPage::hideUnusedColumns() {
    for (int column : {ResultsModel::AlphaColumn, ResultsModel::BetaColumn, ResultsModel::FeaturesColumn}) {
        bool used = false;
        for (int row = 0; row < model_->rowCount() && !used; ++row) {
            used = !model_->index(row, column).data().toString().isEmpty();
        }
        view_->setColumnHidden(column, !used);
    }
}

}  // namespace attnscope
