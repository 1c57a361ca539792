#pragma once
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"
#include "attnscope/config/user_inputs.h"
#include "attnscope/io/preset.h"
#include "attnscope/io/results_io.h"
#include "attnscope/io/worker_protocol.h"
#include "attnscope/measuring/benchmark_runner.h"
#include "attnscope/ui/compared_run.h"
#include "attnscope/ui/result_metatype.h"

class QAction;
class QTimer;

namespace attnscope {

class JobTracker;
class SweepController;
struct InputFiles;

// What the Timing tab's axes and model curves span: the panel's sweep or a preset's points.
struct SweepView {
    AttentionConfig config;
    std::vector<Method> methods;
    std::int64_t min_n = 16;
    std::int64_t max_n = 512;
    QString caption;  // e.g. the preset's name; empty for the panel's sweep on random inputs
};

// The state of one experiment, without any widget: the parameters, the inputs (random or loaded), the
// measured results, a saved run to compare with, the runner options and the one job tracker. Pages and
// menus subscribe to its signals and share its actions (as hotspot's FilterAndZoomStack shares its own).
class ExperimentSession : public QObject {
    Q_OBJECT
public:
    // How long live mode waits after the last change before measuring, so a dragged slider measures once.
    static constexpr int kLiveDelayMs = 150;
    // Streamed results reach the pages at most this often (about 10 repaints a second), and only between
    // points: painting never runs beside a timed call.
    static constexpr int kRepaintIntervalMs = 100;

    explicit ExperimentSession(QObject* parent = nullptr);
    ~ExperimentSession() override;

    const AttentionConfig& config() const { return config_; }
    const std::vector<Method>& methods() const { return methods_; }
    bool isValid() const { return valid_; }
    // The panel's parameters; `valid` is the panel's verdict (core's validate() for every method).
    void setParameters(const AttentionConfig& config, const std::vector<Method>& methods, bool valid);

    const std::shared_ptr<const UserInputs>& inputs() const { return inputs_; }
    QString inputsDescription() const { return inputsDescription_; }
    // Reads three files q*, k*, v* (Q, K, V) or one file (X) off the GUI thread, then takes their shape;
    // inputsLoaded() says how it went. Files can be GiB.
    void loadInputFiles(const QStringList& paths);
    // The same for a folder holding q.npy, k.npy, v.npy and perhaps tokens.txt (tools/capture_qkv.py's).
    void loadInputFolder(const QString& directory);
    void useRandomInputs();

    const std::vector<BenchmarkResult>& results() const { return results_; }
    const SweepView& sweepView() const { return sweepView_; }
    const std::optional<Preset>& preset() const { return preset_; }
    // Runs a built-in preset by name, or a preset file; returns an empty string or the error message.
    QString runPreset(const QString& nameOrPath);
    // Measures the panel's sweep: `live` re-measures only what is new, with quick repetitions.
    void measure(bool live);

    // Reopens a results JSON (a saved session, File → Save results, attnscope bench --format json) as the
    // session: stops measuring and live mode, takes the file's parameters and methods (a session file's, else
    // its first point's and its methods), and shows every point with its repetitions, stages, memory and
    // errors. Returns an empty string or the message naming the file and the problem; nothing on screen
    // changes until the file has parsed. runOpened() tells what was opened.
    QString openRun(const QString& path);
    // The results on screen plus what measuring them again needs (the panel's parameters and methods).
    QString saveSession(const QString& path, bool overwrite) const;
    // The file the results on screen came from, and the machine it names; empty after a new measurement.
    QString openedFile() const { return openedFile_; }
    QString openedMachine() const { return openedMachine_; }
    // The methods the opened file measured (its session's, else those of its points), for the panel.
    const std::vector<Method>& openedMethods() const { return openedMethods_; }

    // The saved runs compared with the points on screen, in the order they were opened.
    const std::vector<ComparedRun>& comparisons() const { return comparisons_; }
    // Reads a saved results JSON (ours or PyTorch's) and adds it to the runs compared with (the same file
    // again replaces its run); returns an empty string or the error message naming the file and the problem.
    // Nothing on screen changes on failure.
    QString loadComparison(const QString& path);
    // Takes one run (by its absolute path) out of the comparison; clearComparison() takes them all.
    void removeComparison(const QString& path);
    void clearComparison();

    // How live mode and Run (F5) repeat each point; SweepPlan's options unless changed (tests use tiny ones).
    void setRunnerOptions(const RunnerOptions& live, const RunnerOptions& full);

    JobTracker* jobs() const { return jobs_; }
    SweepController* sweepController() const { return controller_; }

    QAction* runAction() const { return runAction_; }
    QAction* stopAction() const { return stopAction_; }
    QAction* liveAction() const { return liveAction_; }
    QAction* sweepAction() const { return sweepAction_; }
    QAction* clearComparisonAction() const { return clearComparisonAction_; }
    QAction* randomInputsAction() const { return randomInputsAction_; }

signals:
    // The panel's parameters changed (or loaded inputs set the shape); config() holds them.
    void configChanged();
    // What the timing axes and model curves span changed: sweepView().
    void sweepChanged();
    // New or re-measured points, already in results(): a batch gathered since the last repaint.
    void resultsAdded(const std::vector<attnscope::BenchmarkResult>& added);
    // results() was replaced as a whole (a new sweep, a preset, cached points).
    void resultsReset();
    void inputsChanged();
    // With an empty error once loaded inputs are in use, else the message the user sees.
    void inputsLoaded(const QString& error);
    void comparisonsChanged();
    // openRun() succeeded: the panel should show openedMethods() too. `warnings` are what the user should
    // read (another machine, a newer file version, skipped points); empty when there is nothing to say.
    void runOpened(const QString& path, const QStringList& warnings);
    void presetChanged();
    // A line for the status bar, shown for `timeoutMs`.
    void statusMessage(const QString& text, int timeoutMs);

private:
    void createActions();
    void onResult(const BenchmarkResult& result);
    // Hands the gathered results to the pages if kRepaintIntervalMs passed since the last time, or `now`.
    void flushResults(bool now);
    void updateSweepView();
    void setResults(std::vector<BenchmarkResult> results);
    void clearPreset();
    // Runs `read` in the files lane, then takes what it read or says why not (inputsLoaded()).
    void loadInputs(std::function<InputFiles()> read);
    void takeInputs(std::shared_ptr<const UserInputs> inputs, const QString& description, InputPaths paths,
                    AttentionConfig config);

    AttentionConfig config_;
    std::vector<Method> methods_;
    bool valid_ = false;
    std::shared_ptr<const UserInputs> inputs_;
    QString inputsDescription_;
    InputPaths inputPaths_;  // the loaded inputs' files, for the measuring process
    std::vector<BenchmarkResult> unshown_;
    QElapsedTimer sinceFlush_;
    std::vector<BenchmarkResult> results_;
    // Measured points by BenchmarkPoint::name(): live mode re-measures only what a change made new.
    std::map<std::string, BenchmarkResult> cache_;
    std::vector<ComparedRun> comparisons_;
    QString openedFile_;
    QString openedMachine_;
    std::vector<Method> openedMethods_;
    std::optional<Preset> preset_;
    SweepView sweepView_;
    RunnerOptions liveOptions_;
    RunnerOptions fullOptions_;

    JobTracker* jobs_ = nullptr;
    SweepController* controller_ = nullptr;
    QTimer* liveTimer_ = nullptr;
    QAction* runAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QAction* liveAction_ = nullptr;
    QAction* sweepAction_ = nullptr;
    QAction* clearComparisonAction_ = nullptr;
    QAction* randomInputsAction_ = nullptr;
};

}  // namespace attnscope
