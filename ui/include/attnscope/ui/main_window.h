#pragma once
#include <QMainWindow>
#include <functional>
#include <memory>

#include "attnscope/ui/report_writer.h"
#include "attnscope/ui/tab_table.h"
#include "attnscope/ui/theme.h"

class QAction;
class QCustomPlot;
class QDockWidget;
class QTabWidget;

namespace attnscope {

class ExperimentSession;
class ExportController;
class HeatmapView;
class ParameterPanel;
class ResultsModel;
class RooflineChart;
class SweepController;
struct WindowActions;

// Lays out the session's pages, the parameter dock, the menus and the status bar; everything else lives in
// the session (state and background work), the pages (what each tab shows) and the export controller.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Restores geometry, dock layout and parameters from QSettings("AttnScope", "AttnScope").
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ExperimentSession* session() const { return session_; }
    ParameterPanel* parameterPanel() const { return panel_; }
    ExportController* exporter() const { return exporter_; }
    QTabWidget* tabs() const { return tabs_; }
    void showTab(TabId tab);
    QWidget* page(TabId tab) const;

    // The widgets tests and exports reach into.
    SweepController* sweepController() const;
    ResultsModel* resultsModel() const;
    HeatmapView* heatmapView() const;
    RooflineChart* rooflineChart() const;
    QCustomPlot* plotFor(ExportItem item) const;
    QAction* runAction() const;
    QAction* stopAction() const;
    QAction* liveAction() const;
    QAction* exportAction() const;
    QAction* exportReportAction() const;
    QAction* gettingStartedAction() const;
    // The View → Theme entry of a theme.
    QAction* themeAction(Theme theme) const;

    // Applies the theme to the application and checks its View → Theme entry; with `remember` it is
    // stored under themeSettingsKey() for the next start (--theme passes false: a one-off look).
    void setTheme(Theme theme, bool remember = true);

    // closeEvent() calls this; it is public so that a caller ending the app some other way can keep the
    // state.
    void saveSettings() const;

    // Reopens a results or session file (File → Open results, Open recent, a dropped file, `attnscope FILE`):
    // remembered in Open recent on success; returns an empty string or the message, which is also shown
    // unless `quiet`.
    QString openResults(const QString& path, bool quiet = false);

signals:
    void themeChanged(Theme theme);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createDock();
    void createPages();
    void connectSession();
    void restoreSettings();
    // Asks for a file and hands it to `open`, which returns an empty string or the error to show.
    void openFile(const QString& title, const QString& filter, const QString& failure,
                  const std::function<QString(const QString&)>& open);
    void openInputFiles();
    void saveSessionWithDialog();
    // Open recent's entries, newest first; files that are gone are pruned, with a note in the status bar.
    void fillRecentMenu();
    void openInputFolder();
    // Shows a warning if the next inputsLoaded() reports an error.
    void warnIfInputsFail();
    void showGettingStarted();

    ExperimentSession* session_ = nullptr;
    ParameterPanel* panel_ = nullptr;
    QDockWidget* parametersDock_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    std::unique_ptr<WindowActions> actions_;
    ExportController* exporter_ = nullptr;
};

}  // namespace attnscope
