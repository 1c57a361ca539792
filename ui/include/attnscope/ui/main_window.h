#pragma once
#include <QMainWindow>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attnscope/benchmark_runner.h"
#include "attnscope/preset.h"
#include "attnscope/ui/report_writer.h"
#include "attnscope/ui/theme.h"
#include "attnscope/user_inputs.h"

class QAction;
class QActionGroup;
class QComboBox;
class QCustomPlot;
class QDockWidget;
class QLabel;
class QProgressBar;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;
class QTimer;

namespace attnscope {

class GettingStartedDialog;
class HeatmapView;
class ParameterPanel;
class ResultsModel;
class SweepController;
class TimingChart;
class StageChart;
class FavorErrorChart;
class CompareView;
enum class ExportItem;
struct ExportRequest;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // How long live mode waits after the last change before measuring, so a dragged slider measures once.
    static constexpr int kLiveDelayMs = 150;

    // Restores geometry, dock layout and parameters from QSettings("AttnScope", "AttnScope").
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ParameterPanel* parameterPanel() const { return panel_; }
    SweepController* sweepController() const { return controller_; }
    ResultsModel* resultsModel() const { return resultsModel_; }
    QAction* runAction() const { return runAction_; }
    QAction* stopAction() const { return stopAction_; }
    QAction* liveAction() const { return liveAction_; }
    QAction* exportAction() const { return exportAction_; }
    QAction* exportReportAction() const { return exportReportAction_; }
    HeatmapView* heatmapView() const { return heatmapView_; }
    QAction* gettingStartedAction() const { return gettingStartedAction_; }
    // The View → Theme entry of a theme.
    QAction* themeAction(Theme theme) const;

    // Applies the theme to the application and checks its View → Theme entry; with `remember` it is
    // stored under themeSettingsKey() for the next start (--theme passes false: a one-off look).
    void setTheme(Theme theme, bool remember = true);

    // Loads Q, K, V (three files named q*, k*, v*) or X (one file) and makes the panel follow their shape.
    // Returns an empty string on success, else the message the user sees.
    QString loadInputFiles(const QStringList& paths);
    void useRandomInputs();
    // Runs a built-in preset by name, or a preset file; returns an empty string or the error message.
    QString runPreset(const QString& name_or_path);
    // Reads a saved results JSON (ours or PyTorch's) to overlay on the timing plot and pair in the Compare
    // tab; returns an empty string or the error message naming the file and the problem.
    QString loadComparison(const QString& path);
    void clearComparison();

    // Writes what File → Export… would write, without any dialog: a plot as on screen (its tab is brought
    // to the front, as the dialog does), the results, or a heatmap's cells. Returns an empty string or the
    // message the user sees; nothing is left at `path` on failure, nor replaced without `overwrite`.
    QString exportTo(const ExportRequest& request, const QString& path, bool overwrite);
    // The plot an export item shows; null for the results and the heatmap matrix.
    QCustomPlot* plotFor(ExportItem item) const;
    // What File → Export report… hands to writeReport(): the results on screen as one section (titled
    // after the preset if one was run), the panel's config for the heatmaps, and the loaded inputs.
    ReportInput reportInput() const;

    // How live mode and Run (F5) repeat each point; SweepPlan's options unless changed (tests use tiny ones).
    void setRunnerOptions(const RunnerOptions& live, const RunnerOptions& full);

    // closeEvent() calls this; it is public so that a caller ending the app some other way can keep the
    // state.
    void saveSettings() const;

signals:
    void themeChanged(Theme theme);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createDock();
    void createCentralTabs();
    void createStatusBar();
    void restoreSettings();

    void run();
    void measure(bool live);
    void onConfigChanged();
    void onResult(const BenchmarkResult& result);
    void showResults(const std::vector<BenchmarkResult>& results);  // every chart that plots results
    void onProgress(int done, int total, const QString& current);
    void onRunningChanged(bool running);
    void updateSweepView();
    void openPreset();
    void openComparison();
    void openInputFiles();
    void showAbout();
    void showGettingStarted();
    void exportWithDialog(const ExportRequest& initial, bool choose);
    void showPlotMenu(ExportItem item, const QPoint& position);
    void showTabOf(ExportItem item);
    QString askExportPath(const ExportRequest& request);
    void exportReport();
    QString aboutText() const;

    ParameterPanel* panel_ = nullptr;
    QDockWidget* parametersDock_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    TimingChart* timingChart_ = nullptr;
    StageChart* stageChart_ = nullptr;
    FavorErrorChart* favorChart_ = nullptr;
    CompareView* compareView_ = nullptr;
    QAction* compareAction_ = nullptr;
    QAction* clearCompareAction_ = nullptr;
    HeatmapView* heatmapView_ = nullptr;
    QLabel* heatmapMessage_ = nullptr;
    QTableView* resultsView_ = nullptr;
    QSortFilterProxyModel* resultsProxy_ = nullptr;
    ResultsModel* resultsModel_ = nullptr;
    SweepController* controller_ = nullptr;
    QTimer* liveTimer_ = nullptr;

    QComboBox* presetCombo_ = nullptr;
    QProgressBar* progressBar_ = nullptr;
    QLabel* progressLabel_ = nullptr;
    QLabel* lastPointLabel_ = nullptr;
    QLabel* varianceLabel_ = nullptr;
    QLabel* heatmapLatencyLabel_ = nullptr;
    QLabel* machineLabel_ = nullptr;

    QAction* runAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QAction* liveAction_ = nullptr;
    QAction* sweepAction_ = nullptr;
    QAction* openPresetAction_ = nullptr;
    QAction* loadInputsAction_ = nullptr;
    QAction* randomInputsAction_ = nullptr;
    QAction* resetZoomAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* aboutAction_ = nullptr;
    QAction* exportAction_ = nullptr;
    QAction* exportReportAction_ = nullptr;
    QAction* gettingStartedAction_ = nullptr;
    QActionGroup* themeGroup_ = nullptr;
    GettingStartedDialog* gettingStarted_ = nullptr;

    // Measured points by BenchmarkPoint::name(): live mode re-measures only what a change made new.
    std::map<std::string, BenchmarkResult> cache_;
    std::shared_ptr<const UserInputs> inputs_;
    RunnerOptions liveOptions_;
    RunnerOptions fullOptions_;
    QString presetName_;            // the preset on screen, empty for the panel's sweep
    std::optional<Preset> preset_;  // the same preset, for the report's reference figures
};

}  // namespace attnscope
