#include "attnscope/ui/export_controller.h"

#include <qcustomplot.h>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QUrl>
#include <algorithm>
#include <exception>
#include <map>

#include "attnscope/analysis/heatmap_data.h"
#include "attnscope/measuring/perf_counters.h"
#include "attnscope/measuring/system_info.h"
#include "attnscope/ui/atomic_file.h"
#include "attnscope/ui/data_export.h"
#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/job_tracker.h"
#include "attnscope/ui/main_window.h"
#include "attnscope/ui/plot_export.h"
#include "charts/roofline_chart.h"
#include "export/roofline_csv.h"
#include "window/window_settings.h"

namespace attnscope {

ExportController::ExportController(MainWindow& window) : QObject(&window), window_(window) {}

void ExportController::showTabOf(ExportItem item) {
    // A page behind another tab is not laid out, so its plot would be drawn at a stale size.
    if (item == ExportItem::timingPlot || item == ExportItem::lowerPlot) window_.showTab(TabId::timing);
    if (item == ExportItem::heatmaps) window_.showTab(TabId::heatmaps);
    if (item == ExportItem::roofline) window_.showTab(TabId::roofline);
}

QString ExportController::exportTo(const ExportRequest& request, const QString& path, bool overwrite) {
    const std::vector<ExportFormat> formats = formatsFor(request.item);
    if (std::find(formats.begin(), formats.end(), request.format) == formats.end()) {
        return tr("cannot write %1: that item has no %2 export").arg(path, exportSuffix(request.format));
    }
    if (isPlotFormat(request.format)) {
        showTabOf(request.item);
        return exportPlot(*window_.plotFor(request.item), path, toPlotFormat(request.format), request.scale,
                          overwrite);
    }
    QByteArray bytes;
    const ExperimentSession& session = *window_.session();
    if (request.item == ExportItem::roofline) {
        const RooflineChart& chart = *window_.rooflineChart();
        if (chart.points().empty())
            return tr("nothing to write to %1: no points on the roofline yet").arg(path);
        bytes = rooflineCsv(chart.points(), chart.roofs());
    } else if (request.item == ExportItem::results) {
        const std::vector<BenchmarkResult>& results = session.results();
        if (results.empty()) return tr("nothing to write to %1: there are no results yet").arg(path);
        const QString preset = session.preset() ? QString::fromStdString(session.preset()->name) : QString();
        bytes = request.format == ExportFormat::json
                    ? resultsJsonBytes(results, preset, results.front().point.config.threads)
                    : resultsCsvBytes(results);
    } else {
        const BlockMap* map = window_.heatmapView()->shownMap(request.map);
        if (!map) return tr("nothing to write to %1: the heatmaps are not computed yet").arg(path);
        bytes = request.format == ExportFormat::npy ? blockMapNpy(*map) : blockMapCsv(*map);
    }
    return writeFileAtomically(path, bytes, overwrite);
}

QString ExportController::askExportPath(const ExportRequest& request) {
    const QString directory = lastDirectory();
    QFileDialog dialog(&window_, tr("Export to"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);  // asks before replacing a file
    dialog.setDirectory(directory);
    dialog.setNameFilter(exportFilter(request.format));
    dialog.setDefaultSuffix(exportSuffix(request.format));
    dialog.selectFile(QDir(directory).filePath(defaultExportFileName(request)));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return {};
    const QString path = dialog.selectedFiles().front();
    rememberDirectory(QFileInfo(path).absolutePath());
    return path;
}

void ExportController::exportCurrent() {
    // Start from what is on screen: the results tab suggests the results, the heatmaps tab the maps.
    ExportRequest request;
    request.item =
        tabTable()[static_cast<std::size_t>(std::max(0, window_.tabs()->currentIndex()))].export_item;
    request.format = formatsFor(request.item).front();
    exportWithDialog(request, true);
}

void ExportController::exportWithDialog(const ExportRequest& initial, bool choose) {
    ExportRequest request = initial;
    if (choose) {
        ExportDialog dialog(&window_);
        for (ExportItem item :
             {ExportItem::timingPlot, ExportItem::lowerPlot, ExportItem::heatmaps, ExportItem::roofline}) {
            dialog.setPlotSize(item, window_.plotFor(item)->size());
        }
        if (window_.session()->results().empty()) {
            dialog.setUnavailable(ExportItem::results, tr("No results yet: run a sweep (F5) or a preset."));
        }
        if (!window_.heatmapView()->shownMap(HeatmapKind::softmax)) {
            const QString reason =
                tr("The heatmaps are not computed yet, or the parameters do not allow them.");
            dialog.setUnavailable(ExportItem::heatmaps, reason);
            dialog.setUnavailable(ExportItem::heatmapMatrix, reason);
        }
        if (request.format == ExportFormat::png)
            request.scale = openSettings().value(settings_key::kPngScale, 2).toInt();
        dialog.setRequest(request);
        if (dialog.exec() != QDialog::Accepted) return;
        request = dialog.request();
        if (request.format == ExportFormat::png)
            openSettings().setValue(settings_key::kPngScale, request.scale);
    }
    showTabOf(request.item);
    const QString path = askExportPath(request);
    if (path.isEmpty()) return;
    // The file dialog already asked before replacing an existing file.
    const QString error = exportTo(request, path, true);
    if (!error.isEmpty()) {
        QMessageBox::warning(&window_, tr("Export failed"), error);
        return;
    }
    window_.statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 6000);
}

void ExportController::showPlotMenu(ExportItem item, const QPoint& position) {
    QCustomPlot* plot = window_.plotFor(item);
    auto* menu = new QMenu(plot);
    menu->setObjectName(QStringLiteral("plotExportMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const std::map<ExportFormat, QString> texts{{ExportFormat::png, tr("Export as &PNG…")},
                                                {ExportFormat::pdf, tr("Export as P&DF…")},
                                                {ExportFormat::svg, tr("Export as &SVG…")},
                                                {ExportFormat::csv, tr("Export points as &CSV…")}};
    for (ExportFormat format : formatsFor(item)) {
        QAction* action = menu->addAction(texts.at(format));
        action->setObjectName(QStringLiteral("exportAs_") + exportSuffix(format));
        // PNG goes through the export dialog for its scale; the other formats have nothing to choose.
        connect(action, &QAction::triggered, this, [this, item, format] {
            ExportRequest request;
            request.item = item;
            request.format = format;
            exportWithDialog(request, format == ExportFormat::png);
        });
    }
    menu->popup(plot->mapToGlobal(position));
}

ReportInput ExportController::reportInput() const {
    const ExperimentSession& session = *window_.session();
    ReportInput input;
    const std::vector<BenchmarkResult>& results = session.results();
    input.threads = results.empty() ? session.config().threads : results.front().point.config.threads;
    // Read from `attnscope peak`'s cache, never measured here: a measurement may be running.
    input.ceilings = cachedCeilings(input.threads > 0 ? input.threads : hardwareThreads());
    // The worker measured on this machine; probing here finds the same events (it opens them for a moment).
    ProcessCounters counters(makePerfEventSource());
    counters.probe();
    input.counters_notice = counters.notice();
    ReportSection section;
    if (const auto& preset = session.preset()) {
        section.title = QString::fromStdString(preset->title.empty() ? preset->name : preset->title);
        section.description = QString::fromStdString(preset->description);
        section.preset = preset;
    } else {
        section.title = tr("Current sweep");
    }
    section.results = results;
    input.sections.push_back(std::move(section));
    // The maps as the Heatmaps tab draws them, with its choice of random inputs.
    input.heatmap_config = window_.heatmapView()->mapsConfig();
    input.heatmap_inputs = session.inputs();
    return input;
}

void ExportController::exportReport() {
    if (window_.session()->results().empty()) {
        QMessageBox::information(
            &window_, tr("Export report"),
            tr("There are no results to report yet: run a sweep (F5) or a preset first."));
        return;
    }
    const QString directory = QFileDialog::getExistingDirectory(
        &window_, tr("Write report.html and report.pdf into"), lastDirectory());
    if (directory.isEmpty()) return;
    rememberDirectory(directory);

    const QDir target(directory);
    QStringList existing;
    for (const QString& name : {QStringLiteral("report.html"), QStringLiteral("report.pdf")}) {
        if (target.exists(name)) existing << name;
    }
    const bool overwrite = !existing.isEmpty();
    if (overwrite && QMessageBox::question(
                         &window_, tr("Replace the report?"),
                         tr("%1 already holds %2. Replace?")
                             .arg(QDir::toNativeSeparators(directory), existing.join(tr(" and "))),
                         QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes) {
        return;
    }
    connect(
        this, &ExportController::reportWritten, this,
        [this](const ReportFiles& files, const QString& error) {
            if (!error.isEmpty()) {
                QMessageBox::warning(&window_, tr("Cannot write the report"), error);
                return;
            }
            const QString html = QDir::toNativeSeparators(files.html),
                          pdf = QDir::toNativeSeparators(files.pdf);
            if (QMessageBox::question(&window_, tr("Report written"),
                                      tr("Wrote %1 and %2.\nOpen the HTML report?").arg(html, pdf),
                                      QMessageBox::Open | QMessageBox::Close,
                                      QMessageBox::Open) == QMessageBox::Open) {
                QDesktopServices::openUrl(QUrl::fromLocalFile(files.html));
            }
        },
        Qt::SingleShotConnection);
    writeReportInto(directory, overwrite, reportInput());
}

void ExportController::writeReportInto(const QString& directory, bool overwrite, ReportInput input) {
    window_.statusBar()->showMessage(tr("Writing the report: computing its heatmaps…"));
    // The heatmaps are the slow part: they run in the tracker's figure lane, and the figures are drawn on the
    // GUI thread once they are in.
    auto work = [input](const JobTracker::Job& job) { return reportHeatmaps(input, job.cancelFlag()); };
    window_.session()->jobs()->start(
        JobTracker::Lane::figures, this, std::move(work),
        [this, directory, overwrite, input](ReportHeatmaps heatmaps) mutable {
            input.heatmaps = std::move(heatmaps);
            ReportFiles files;
            QString error;
            try {
                files = writeReport(input, directory, overwrite);
                window_.statusBar()->showMessage(
                    tr("Report written: %1, %2")
                        .arg(QDir::toNativeSeparators(files.html), QDir::toNativeSeparators(files.pdf)),
                    10000);
            } catch (const std::exception& e) {
                error = QString::fromStdString(e.what());
                window_.statusBar()->clearMessage();
            }
            emit reportWritten(files, error);
        });
}

}  // namespace attnscope
