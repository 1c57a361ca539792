#include "attnscope/ui/experiment_session.h"

#include <QAction>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QTimer>
#include <algorithm>
#include <exception>

#include "attnscope/io/run_file.h"
#include "attnscope/measuring/system_info.h"
#include "attnscope/ui/atomic_file.h"
#include "attnscope/ui/job_tracker.h"
#include "attnscope/ui/preset_library.h"
#include "attnscope/ui/sweep_controller.h"
#include "attnscope/ui/sweep_plan.h"
#include "session/input_files.h"

namespace attnscope {

namespace {

// The axes for a list of points: their methods in order of appearance and the span of their lengths.
SweepView sweepViewOf(const AttentionConfig& config, const std::vector<BenchmarkPoint>& points) {
    SweepView view{config, {}, points.front().config.n, points.front().config.n, {}};
    for (const BenchmarkPoint& point : points) {
        if (std::find(view.methods.begin(), view.methods.end(), point.method) == view.methods.end())
            view.methods.push_back(point.method);
        view.min_n = std::min(view.min_n, point.config.n);
        view.max_n = std::max(view.max_n, point.config.n);
    }
    return view;
}

}  // namespace

ExperimentSession::ExperimentSession(QObject* parent)
    : QObject(parent),
      liveOptions_(SweepPlan::liveOptions()),
      fullOptions_(SweepPlan::fullOptions()),
      jobs_(new JobTracker(this)),
      controller_(new SweepController(jobs_, this)),
      liveTimer_(new QTimer(this)) {
    liveTimer_->setSingleShot(true);
    liveTimer_->setInterval(kLiveDelayMs);
    connect(liveTimer_, &QTimer::timeout, this, [this] { measure(true); });
    connect(controller_, &SweepController::resultReady, this, &ExperimentSession::onResult);
    connect(controller_, &SweepController::betweenPoints, this, [this] { flushResults(false); });
    createActions();
    connect(controller_, &SweepController::runningChanged, stopAction_, &QAction::setEnabled);
    connect(controller_, &SweepController::finished, this, [this](bool cancelled) {
        flushResults(true);
        const int points = static_cast<int>(results_.size());
        emit statusMessage(cancelled ? tr("Stopped; %n point(s) on screen", nullptr, points)
                                     : tr("Sweep finished; %n point(s) on screen", nullptr, points),
                           5000);
    });
}

ExperimentSession::~ExperimentSession() {
    // The tracker, a child, waits for its jobs; they must not deliver into a half-destroyed session.
    controller_->cancel();
}

void ExperimentSession::createActions() {
    runAction_ = new QAction(tr("&Run sweep"), this);
    runAction_->setObjectName(QStringLiteral("runAction"));
    runAction_->setShortcut(QKeySequence(Qt::Key_F5));
    runAction_->setToolTip(tr("Measure the selected methods over n with full repetitions (F5)"));
    runAction_->setEnabled(false);
    connect(runAction_, &QAction::triggered, this, [this] {
        liveTimer_->stop();
        measure(false);
    });

    stopAction_ = new QAction(tr("&Stop"), this);
    stopAction_->setObjectName(QStringLiteral("stopAction"));
    stopAction_->setShortcut(QKeySequence(Qt::Key_Escape));
    stopAction_->setToolTip(tr("Stop the running benchmark after the current repetition (Esc)"));
    stopAction_->setEnabled(false);
    connect(stopAction_, &QAction::triggered, this, [this] {
        liveTimer_->stop();
        controller_->cancel();
    });

    liveAction_ = new QAction(tr("&Live"), this);
    liveAction_->setObjectName(QStringLiteral("liveAction"));
    liveAction_->setCheckable(true);
    liveAction_->setChecked(true);
    liveAction_->setToolTip(tr("Re-measure what a parameter change makes new, with quick repetitions"));
    connect(liveAction_, &QAction::toggled, this, [this](bool on) {
        // Off also drops a live run that was about to start (found by the monkey test).
        if (on && valid_) {
            liveTimer_->start();
        } else {
            liveTimer_->stop();
        }
    });

    sweepAction_ = new QAction(tr("Sweep &n"), this);
    sweepAction_->setObjectName(QStringLiteral("sweepAction"));
    sweepAction_->setCheckable(true);
    sweepAction_->setChecked(true);
    sweepAction_->setToolTip(tr("Measure at n = %1, %2, … up to the panel's n (on), or at the panel's n only")
                                 .arg(SweepPlan::kFirstN)
                                 .arg(2 * SweepPlan::kFirstN));
    connect(sweepAction_, &QAction::toggled, this, [this] { setParameters(config_, methods_, valid_); });

    clearComparisonAction_ = new QAction(tr("C&lear comparisons"), this);
    clearComparisonAction_->setObjectName(QStringLiteral("clearCompareAction"));
    clearComparisonAction_->setEnabled(false);
    clearComparisonAction_->setToolTip(tr("Remove the saved runs from the timing plot and the Compare tab"));
    connect(clearComparisonAction_, &QAction::triggered, this, &ExperimentSession::clearComparison);

    randomInputsAction_ = new QAction(tr("Use &random inputs"), this);
    randomInputsAction_->setObjectName(QStringLiteral("randomInputsAction"));
    randomInputsAction_->setEnabled(false);
    randomInputsAction_->setToolTip(tr("Forget the loaded .npy inputs and go back to seeded random ones"));
    connect(randomInputsAction_, &QAction::triggered, this, &ExperimentSession::useRandomInputs);
}

void ExperimentSession::setParameters(const AttentionConfig& config, const std::vector<Method>& methods,
                                      bool valid) {
    config_ = config;
    methods_ = methods;
    valid_ = valid;
    runAction_->setEnabled(valid);
    if (inputs_) {
        const Tensor& t = inputs_->x.empty() ? inputs_->q : inputs_->x;
        if (t.batch() != config.batch || t.rows() != config.n || t.cols() != config.d) {
            useRandomInputs();  // comes back here with the inputs gone
            emit statusMessage(tr("The shape changed, so the loaded inputs no longer fit: using random ones"),
                               5000);
            return;
        }
    }
    emit configChanged();
    if (!preset_) updateSweepView();
    if (liveAction_->isChecked() && valid_) {
        liveTimer_->start();
    } else {
        liveTimer_->stop();
    }
}

void ExperimentSession::updateSweepView() {
    const std::vector<std::int64_t> lengths =
        SweepPlan::lengths(config_.n, sweepAction_->isChecked() && !inputs_);
    sweepView_ = {config_, methods_, lengths.front(), lengths.back(),
                  inputs_ ? tr("loaded inputs") : QString()};
    emit sweepChanged();
}

void ExperimentSession::setRunnerOptions(const RunnerOptions& live, const RunnerOptions& full) {
    liveOptions_ = live;
    fullOptions_ = full;
}

void ExperimentSession::setResults(std::vector<BenchmarkResult> results) {
    results_ = std::move(results);
    unshown_.clear();
    emit resultsReset();
}

void ExperimentSession::clearPreset() {
    preset_.reset();
    emit presetChanged();
    updateSweepView();
}

void ExperimentSession::measure(bool live) {
    if (!valid_) return;
    openedFile_.clear();
    openedMachine_.clear();
    if (preset_) clearPreset();
    const std::vector<BenchmarkPoint> points =
        SweepPlan::points(config_, methods_, sweepAction_->isChecked(), inputs_);
    std::vector<BenchmarkResult> shown;
    std::vector<BenchmarkPoint> toRun;
    for (const BenchmarkPoint& point : points) {
        const auto cached = cache_.find(point.name());
        if (cached != cache_.end()) shown.push_back(cached->second);
        if (!live || cached == cache_.end()) toRun.push_back(point);
    }
    setResults(std::move(shown));
    if (toRun.empty()) {
        controller_->cancel();
        emit statusMessage(tr("All %n point(s) already measured", nullptr, static_cast<int>(points.size())),
                           3000);
        return;
    }
    controller_->start(toRun, live ? liveOptions_ : fullOptions_, inputs_ ? inputPaths_ : InputPaths{});
}

void ExperimentSession::onResult(const BenchmarkResult& result) {
    const std::string name = result.point.name();
    cache_[name] = result;
    // A re-measurement replaces its row.
    const auto same = std::find_if(results_.begin(), results_.end(), [&name](const BenchmarkResult& shown) {
        return shown.point.name() == name;
    });
    if (same != results_.end()) {
        *same = result;
    } else {
        results_.push_back(result);
    }
    unshown_.push_back(result);
}

void ExperimentSession::flushResults(bool now) {
    if (unshown_.empty()) return;
    if (!now && sinceFlush_.isValid() && sinceFlush_.elapsed() < kRepaintIntervalMs) return;
    std::vector<BenchmarkResult> added;
    added.swap(unshown_);
    sinceFlush_.start();
    emit resultsAdded(added);
}

QString ExperimentSession::runPreset(const QString& nameOrPath) {
    openedFile_.clear();
    openedMachine_.clear();
    Preset preset;
    try {
        preset = loadPreset(nameOrPath);
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
    if (preset.points.empty()) return tr("%1: the preset has no points").arg(nameOrPath);
    liveTimer_->stop();
    preset_ = preset;
    emit presetChanged();

    SweepView view = sweepViewOf(preset.points.front().config, preset.points);
    const QString name = QString::fromStdString(preset.name);
    const QString title = QString::fromStdString(preset.title.empty() ? preset.name : preset.title);
    view.caption = tr("preset %1: %2").arg(name, title);
    sweepView_ = view;
    emit sweepChanged();
    setResults({});
    controller_->start(preset.points, fullOptions_);
    emit statusMessage(
        tr("Running preset %1 (%n point(s))", nullptr, static_cast<int>(preset.points.size())).arg(name),
        5000);
    return {};
}

QString ExperimentSession::loadComparison(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return tr("%1: %2").arg(path, file.errorString());
    const QString fileName = QFileInfo(path).fileName();
    try {
        SavedResults saved = parseResultsJson(file.readAll().toStdString(), fileName.toStdString());
        if (saved.benchmarks.empty()) return tr("%1: no benchmarks in the file").arg(path);
        const int count = static_cast<int>(saved.benchmarks.size());
        const QString absolute = QFileInfo(path).absoluteFilePath();
        const auto same = std::find_if(comparisons_.begin(), comparisons_.end(),
                                       [&](const ComparedRun& run) { return run.path == absolute; });
        const int kept = same == comparisons_.end() ? -1 : static_cast<int>(same - comparisons_.begin());
        if (kept >= 0) comparisons_.erase(same);
        ComparedRun run{absolute, comparedRunLabel(saved, fileName, comparisons_), std::move(saved)};
        const QString label = run.label;
        if (kept >= 0) {
            comparisons_.insert(comparisons_.begin() + kept, std::move(run));
        } else {
            comparisons_.push_back(std::move(run));
        }
        clearComparisonAction_->setEnabled(true);
        emit comparisonsChanged();
        emit statusMessage(
            tr("Comparing with %1 as “%2” (%n benchmark(s)); %3 run(s) compared", nullptr, count)
                .arg(fileName, label)
                .arg(comparisons_.size()),
            5000);
    } catch (const ResultsFileError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

QString ExperimentSession::openRun(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return tr("%1: %2").arg(path, file.errorString());
    RunFile run;
    try {
        run = readRunFile(file.readAll().toStdString(), QFileInfo(path).fileName().toStdString());
    } catch (const ResultsFileError& error) {
        return QString::fromStdString(error.what());
    }
    // Parsed: from here on the file replaces what is on screen, and nothing measures by itself.
    liveTimer_->stop();
    controller_->cancel();
    liveAction_->setChecked(false);
    if (preset_) {
        preset_.reset();
        emit presetChanged();
    }
    if (inputs_) takeInputs(nullptr, {}, {}, config_);

    const BenchmarkPoint& first = run.results.front().point;
    AttentionConfig config = run.session ? run.session->config : first.config;
    std::vector<Method> methods = run.session ? run.session->methods : std::vector<Method>{};
    std::vector<BenchmarkPoint> points;
    for (const BenchmarkResult& r : run.results) points.push_back(r.point);
    SweepView view = sweepViewOf(config, points);
    if (methods.empty()) methods = view.methods;
    // Without a session block the panel's n is the top of the sweep, as when the panel measured it.
    if (!run.session) config.n = view.max_n;
    bool valid = true;
    for (Method method : methods) valid = valid && !validate(config, method);
    setParameters(config, methods, valid);

    QStringList warnings;
    for (const std::string& warning : run.warnings) warnings << QString::fromStdString(warning);
    const QString machine = QString::fromStdString(run.cpu_model);
    const bool sameMachine = machine.isEmpty() || machine == QString::fromStdString(cpuModelName());
    if (!sameMachine) {
        warnings.prepend(tr("Measured on another machine (%1); this one is %2: its times are not this "
                            "machine's.")
                             .arg(machine, QString::fromStdString(cpuModelName())));
    }
    // Points from this machine count as measured for live mode; another machine's never do.
    if (sameMachine) {
        for (const BenchmarkResult& r : run.results) {
            if (r.ok()) cache_[r.point.name()] = r;
        }
    }
    openedFile_ = QFileInfo(path).absoluteFilePath();
    openedMethods_ = methods;
    openedMachine_ = machine;
    const QString date =
        QString::fromStdString(run.date).left(16).replace(QLatin1Char('T'), QLatin1Char(' '));
    view.caption = tr("opened %1%2")
                       .arg(QFileInfo(path).fileName(),
                            machine.isEmpty()
                                ? QString()
                                : tr(" (%1%2)").arg(machine, date.isEmpty() ? QString() : tr(", ") + date));
    sweepView_ = view;
    emit sweepChanged();
    setResults(std::move(run.results));
    emit statusMessage(tr("Opened %1: %n point(s)", nullptr, static_cast<int>(results_.size()))
                           .arg(QFileInfo(path).fileName()),
                       5000);
    emit runOpened(openedFile_, warnings);
    return {};
}

QString ExperimentSession::saveSession(const QString& path, bool overwrite) const {
    RunContext context;
    context.engine = "attnscope";
    context.version = QCoreApplication::applicationVersion().toStdString();
    context.preset = preset_ ? preset_->name : std::string();
    context.threads = config_.resolvedThreads();
    const SessionSettings settings{config_, methods_};
    return writeFileAtomically(path, QByteArray::fromStdString(sessionToJson(results_, context, settings)),
                               overwrite);
}

void ExperimentSession::removeComparison(const QString& path) {
    const auto gone = std::remove_if(comparisons_.begin(), comparisons_.end(),
                                     [&](const ComparedRun& run) { return run.path == path; });
    if (gone == comparisons_.end()) return;
    comparisons_.erase(gone, comparisons_.end());
    clearComparisonAction_->setEnabled(!comparisons_.empty());
    emit comparisonsChanged();
}

void ExperimentSession::clearComparison() {
    comparisons_.clear();
    clearComparisonAction_->setEnabled(false);
    emit comparisonsChanged();
}

void ExperimentSession::loadInputFiles(const QStringList& paths) {
    loadInputs([paths] { return readInputFiles(paths); });
}

void ExperimentSession::loadInputFolder(const QString& directory) {
    loadInputs([directory] { return readInputFolder(directory); });
}

void ExperimentSession::loadInputs(std::function<InputFiles()> read) {
    // Reading GiB of .npy must not run beside a timed call, nor wait for a long point: the new inputs make
    // the running sweep stale anyway, so it stops (finished points stay) and the files load at once.
    if (controller_->isRunning()) {
        controller_->cancel();
        emit statusMessage(tr("Stopped measuring to load the inputs"), 5000);
    }
    auto work = [read = std::move(read)](const JobTracker::Job&) { return read(); };
    jobs_->start(JobTracker::Lane::files, this, std::move(work), [this](InputFiles files) {
        if (!files.error.isEmpty()) {
            emit inputsLoaded(files.error);
            return;
        }
        AttentionConfig config = config_;
        const Method kind = files.inputs.x.empty() ? Method::softmax : Method::mha;
        if (const auto error = applyUserInputs(files.inputs, kind, config)) {
            emit inputsLoaded(QString::fromStdString(error->message));
            return;
        }
        // A captured layer's heads (heads.txt) split d as the model did; the Xformer's α stays within a head.
        if (files.heads) {
            config.heads = *files.heads;
            config.alpha = std::clamp<std::int64_t>(config.alpha, 1, config.headDim());
        }
        auto loaded = std::make_shared<const UserInputs>(std::move(files.inputs));
        const Tensor& shape = loaded->x.empty() ? loaded->q : loaded->x;
        const QString description =
            tr("%1 from %2").arg(shapeText(shape), files.names.join(QStringLiteral(", ")));
        QString loaded_text =
            loaded->x.empty()
                ? tr("Loaded Q, K, V %1; mha and xformer use random X of that shape").arg(shapeText(shape))
                : tr("Loaded X %1; the raw methods use random Q, K, V of that shape").arg(shapeText(shape));
        if (!loaded->tokens.empty())
            loaded_text += tr(", with %n token(s)", "", static_cast<int>(loaded->tokens.size()));
        emit statusMessage(loaded_text, 6000);
        takeInputs(std::move(loaded), description, files.paths, config);
        emit inputsLoaded({});
    });
}

void ExperimentSession::takeInputs(std::shared_ptr<const UserInputs> inputs, const QString& description,
                                   InputPaths paths, AttentionConfig config) {
    cache_.clear();  // names do not say where inputs came from
    inputs_ = std::move(inputs);
    inputPaths_ = std::move(paths);
    inputsDescription_ = description;
    randomInputsAction_->setEnabled(inputs_ != nullptr);
    emit inputsChanged();
    setParameters(config, methods_, valid_);
}

void ExperimentSession::useRandomInputs() {
    if (!inputs_) return;
    takeInputs(nullptr, {}, {}, config_);
}

}  // namespace attnscope
