#pragma once
#include <QObject>
#include <QPoint>
#include <QString>

#include "attnscope/ui/export_dialog.h"
#include "attnscope/ui/report_writer.h"

namespace attnscope {

class MainWindow;

// File → Export…, the plots' context menus and File → Export report…: asks what and where, writes through
// QSaveFile and says what went wrong.
class ExportController : public QObject {
    Q_OBJECT
public:
    explicit ExportController(MainWindow& window);

    // Writes what File → Export… would write, without any dialog: a plot as on screen (its tab is brought
    // to the front, as the dialog does), the results, or a heatmap's cells. Returns an empty string or the
    // message the user sees; nothing is left at `path` on failure, nor replaced without `overwrite`.
    QString exportTo(const ExportRequest& request, const QString& path, bool overwrite);
    // What File → Export report… hands to writeReport(): the results on screen as one section (titled
    // after the preset if one was run), the panel's config for the heatmaps, and the loaded inputs.
    ReportInput reportInput() const;

    // The export dialog starting from what the current tab shows.
    void exportCurrent();
    void exportWithDialog(const ExportRequest& initial, bool choose);
    void showPlotMenu(ExportItem item, const QPoint& position);
    // Asks for a directory, computes the heatmaps in the background, then writes report.html and .pdf.
    void exportReport();

signals:
    // After a report was written (or failed): the files, or the error.
    void reportWritten(const attnscope::ReportFiles& files, const QString& error);

private:
    void showTabOf(ExportItem item);
    QString askExportPath(const ExportRequest& request);
    void writeReportInto(const QString& directory, bool overwrite, ReportInput input);

    MainWindow& window_;
};

}  // namespace attnscope
