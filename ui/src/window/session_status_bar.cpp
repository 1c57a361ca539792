#include "window/session_status_bar.h"
#include "window/window_text.h"

#include <QCoreApplication>
#include <QLabel>
#include <QStatusBar>

#include "attnscope/measuring/system_info.h"
#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/sweep_controller.h"

namespace attnscope {

namespace {

QLabel* addField(QStatusBar& statusBar, const char* name) {
    auto* label = new QLabel;
    label->setObjectName(QLatin1String(name));
    label->setContentsMargins(6, 0, 6, 0);
    statusBar.addPermanentWidget(label);
    return label;
}

void showLastPoint(QLabel& point, QLabel& variance, const BenchmarkResult& result) {
    const QString name = QString::fromStdString(result.point.benchmarkName().shortLabel());
    if (!result.ok()) {
        point.setText(windowTr("%1: failed").arg(name));
        point.setToolTip(QString::fromStdString(result.error));
        variance.clear();
        return;
    }
    point.setText(windowTr("last: %1 in %2 ms").arg(name).arg(result.stats.median * 1e3, 0, 'g', 4));
    point.setToolTip(QString::fromStdString(result.point.name()));
    const double spread = result.stats.relativeSpread();
    const bool noisy = result.stats.noisy();
    variance.setText(noisy ? windowTr("IQR/median %1% ⚠ noisy").arg(spread * 100, 0, 'f', 0)
                           : windowTr("IQR/median %1% ✓").arg(spread * 100, 0, 'f', 0));
    variance.setProperty("noisy", noisy);
    variance.setStyleSheet(noisy ? QStringLiteral("QLabel { color: #8a4b00; background: #ffe7b3; "
                                                  "padding: 0 4px; border-radius: 3px; }")
                                 : QStringLiteral("QLabel { color: #1b6e3a; padding: 0 4px; }"));
}

}  // namespace

void buildStatusBar(QStatusBar& statusBar, ExperimentSession& session, HeatmapView& heatmaps) {
    QLabel* point = addField(statusBar, "lastPointLabel");
    QLabel* variance = addField(statusBar, "varianceLabel");
    variance->setToolTip(
        windowTr("Interquartile range over median of the last point; above 10% the timing is "
                 "noisy (as torch.utils.benchmark warns)"));
    QLabel* latency = addField(statusBar, "heatmapLatencyLabel");
    QLabel* isolation = addField(statusBar, "isolationLabel");
    SweepController* controller = session.sweepController();
    auto showIsolation = [isolation, controller] {
        const bool separate = controller->isolation() == SweepController::Isolation::process;
        isolation->setText(separate ? windowTr("measuring process") : windowTr("in-process (less isolated)"));
        isolation->setProperty("isolated", separate);
        isolation->setStyleSheet(separate ? QString()
                                          : QStringLiteral("QLabel { color: #8a4b00; background: #ffe7b3; "
                                                           "padding: 0 4px; border-radius: 3px; }"));
        isolation->setToolTip(
            separate ? windowTr("Points are measured in a separate process (attnscope worker), pinned to the "
                                "cores their threads use; nothing of the window runs beside a timed call")
                     : windowTr("Points are measured inside the window's process: painting and other work of "
                                "the window can disturb the timings. %1")
                           .arg(controller->isolationProblem()));
    };
    QObject::connect(controller, &SweepController::isolationChanged, isolation, showIsolation);
    QObject::connect(controller, &SweepController::isolationChanged, &statusBar, [controller, &statusBar] {
        if (!controller->isolationProblem().isEmpty()) {
            statusBar.showMessage(
                windowTr("%1; measuring in-process (less isolated)").arg(controller->isolationProblem()),
                15000);
        }
    });
    showIsolation();
    QLabel* machine = addField(statusBar, "machineLabel");
    machine->setText(windowTr("%1 · %2 hardware threads")
                         .arg(QString::fromStdString(cpuModelName()))
                         .arg(hardwareThreads()));
    machine->setToolTip(windowTr("The machine every timing on this screen comes from"));

    QObject::connect(&session, &ExperimentSession::resultsAdded, point,
                     [point, variance](const std::vector<BenchmarkResult>& added) {
                         showLastPoint(*point, *variance, added.back());
                     });
    QObject::connect(&heatmaps, &HeatmapView::updated, latency, [latency, &heatmaps](double latencyMs) {
        latency->setText(HeatmapView::waitNote(
            windowTr("heatmaps updated in %1 ms").arg(latencyMs, 0, 'f', 0), heatmaps.lastWaitMs()));
    });
    QObject::connect(&session, &ExperimentSession::statusMessage, &statusBar, &QStatusBar::showMessage);
}

}  // namespace attnscope
