#include "pages/heatmaps_page.h"

#include <QLabel>
#include <QVBoxLayout>

#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/heatmap_view.h"

namespace attnscope {

HeatmapsPage::HeatmapsPage(ExperimentSession& session, QWidget* parent)
    : QWidget(parent),
      session_(session),
      message_(new QLabel(this)),
      view_(new HeatmapView(session.jobs(), this)) {
    message_->setObjectName(QStringLiteral("heatmapMessage"));
    message_->setWordWrap(true);
    message_->setTextFormat(Qt::PlainText);
    message_->setMargin(6);
    QPalette warning = palette();
    warning.setColor(QPalette::WindowText, QColor(0xb0, 0x00, 0x20));
    message_->setPalette(warning);
    message_->hide();
    view_->setObjectName(QStringLiteral("heatmapView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(message_);
    layout->addWidget(view_, 1);

    connect(view_, &HeatmapView::updated, message_, &QLabel::hide);
    connect(view_, &HeatmapView::failed, this, [this](const QString& message) {
        message_->setText(message);
        message_->show();
    });
    auto follow = [this] { view_->setProblem(session_.config(), session_.inputs()); };
    connect(&session_, &ExperimentSession::configChanged, this, follow);
    connect(&session_, &ExperimentSession::inputsChanged, this, follow);
}

}  // namespace attnscope
