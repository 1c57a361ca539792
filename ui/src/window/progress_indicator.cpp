#include "window/progress_indicator.h"

#include <QCoreApplication>
#include <QLabel>
#include <QProgressBar>
#include <QToolBar>
#include <algorithm>

#include "attnscope/measuring/benchmark_name.h"
#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/sweep_controller.h"

namespace attnscope {

namespace {
// "softmax · n 512" for a point's name; the name itself if it is not one of ours.
QString shortLabel(const QString& name) {
    const auto parsed = BenchmarkName::parse(name.toStdString());
    return parsed ? QString::fromStdString(parsed->shortLabel()) : name;
}
}  // namespace

void addProgressIndicator(QToolBar& toolBar, ExperimentSession& session) {
    auto* label = new QLabel;
    label->setObjectName(QStringLiteral("progressLabel"));
    toolBar.addWidget(label);
    auto* bar = new QProgressBar;
    bar->setObjectName(QStringLiteral("progressBar"));
    bar->setRange(0, 1);
    bar->setValue(0);
    bar->setFormat(QStringLiteral("%v/%m"));
    bar->setTextVisible(true);
    bar->setFixedWidth(toolBar.fontMetrics().averageCharWidth() * 24);
    bar->setToolTip(
        QCoreApplication::translate("attnscope::MainWindow", "Points measured in the running sweep"));

    SweepController* controller = session.sweepController();
    QObject::connect(controller, &SweepController::progress, bar,
                     [label, bar](int done, int total, const QString& current) {
                         bar->setRange(0, std::max(total, 1));
                         bar->setValue(done);
                         label->setText(current.isEmpty() ? QString()
                                                          : QCoreApplication::translate(
                                                                "attnscope::MainWindow", "measuring %1  ")
                                                                .arg(shortLabel(current)));
                         label->setToolTip(current);
                     });
    QObject::connect(controller, &SweepController::runningChanged, label, [label](bool running) {
        if (!running) label->clear();
    });
    toolBar.addWidget(bar);
}

}  // namespace attnscope
