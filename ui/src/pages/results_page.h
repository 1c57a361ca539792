#pragma once
#include <QWidget>

class QSortFilterProxyModel;
class QTableView;

namespace attnscope {

class ExperimentSession;
class ResultsModel;

// The Results tab: every point of the session, sortable; columns only some methods have stay hidden until a
// row uses them.
class ResultsPage : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPage(ExperimentSession& session, QWidget* parent = nullptr);
    ResultsModel* model() const { return model_; }
    QTableView* view() const { return view_; }

private:
    void hideUnusedColumns();

    ExperimentSession& session_;
    ResultsModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableView* view_ = nullptr;
};

}  // namespace attnscope
