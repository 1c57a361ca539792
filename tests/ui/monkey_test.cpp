// GUI monkey test: for a bounded time, seeded-random user actions on the real MainWindow (sliders, spin
// boxes with invalid values, method toggles, Run / Stop / Live, tabs, heatmap selectors, presets, loaded
// inputs), checking after every action that the event loop stays responsive, the results model stays
// consistent and Run is enabled exactly when the parameters are valid.
//
// ATTNSCOPE_MONKEY_SECONDS (default 60) bounds the run; ATTNSCOPE_MONKEY_SEED replays a seed (the seed in
// use is printed first); ATTNSCOPE_MONKEY_VERBOSE=1 prints every action as it happens;
// ATTNSCOPE_MONKEY_MAX_STALL_MS (default 2000) bounds the event loop's longest gap. Timing differs
// between runs, so a replay repeats the actions, not necessarily the interleaving with the worker.

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QRadioButton>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <deque>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "attnscope/io/npy.h"
#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/main_window.h"
#include "attnscope/ui/parameter_panel.h"
#include "attnscope/ui/preset_library.h"
#include "attnscope/ui/results_model.h"
#include "attnscope/ui/sweep_controller.h"
#include "session_test_helpers.h"

using attnscope::AttentionConfig;
using attnscope::BenchmarkResult;
using attnscope::MainWindow;
using attnscope::ParameterPanel;
using attnscope::RunnerOptions;
using attnscope::SweepController;

namespace {

using attnscope::test::loadInputsAndWait;

// A liveness bound, not a timing test: the GUI thread must never be blocked this long
// (ATTNSCOPE_MONKEY_MAX_STALL_MS overrides it, e.g. for slow sanitizer builds).
constexpr qint64 kDefaultMaxStallMs = 2000;
constexpr int kHeartbeatMs = 50;
constexpr qint64 kReportGapMs = 500;  // longer gaps are printed, to tell a trend from a one-off
// Multiply-adds of one call, roughly batch · n · w · (n + w) with w the widest of d and the features: keeps
// every point under about a second (n = 16384 only with batch 1 and small d) and its memory near 1 GB at
// most.
constexpr double kWorkBudget = 8.6e9;
constexpr int kMaxMonkeyN = 16384;
constexpr std::size_t kLogLength = 40;

enum class Action {
    slider,
    spinBox,
    typeIntoSpinBox,
    invalidValue,
    methodToggle,
    run,
    stop,
    live,
    sweepToggle,
    tab,
    heatmapSelector,
    preset,
    inputs,
    seedOrDistribution,
    idle,
    count
};

constexpr std::array<const char*, static_cast<std::size_t>(Action::count)> kActionNames = {
    "slider",
    "spinBox",
    "typeIntoSpinBox",
    "invalidValue",
    "methodToggle",
    "run",
    "stop",
    "live",
    "sweepToggle",
    "tab",
    "heatmapSelector",
    "preset",
    "inputs",
    "seedOrDistribution",
    "idle"};

// Relative frequencies, parallel to Action.
constexpr std::array<int, static_cast<std::size_t>(Action::count)> kWeights = {14, 12, 5, 8, 10, 6, 5, 3,
                                                                               2,  5,  5, 2, 2,  2, 3};

const std::array<const char*, 8> kParameterKeys = {"batch", "n",    "d",        "heads",
                                                   "alpha", "beta", "features", "threads"};

template <typename T>
T* child(const QObject* parent, const QString& name) {
    T* found = parent->findChild<T*>(name);
    if (!found) qFatal("no child named %s", qPrintable(name));
    return found;
}

QSpinBox* spin(const QObject* parent, const QString& key) {
    return child<QSpinBox>(parent, key + QStringLiteral("SpinBox"));
}

QSlider* slider(const QObject* parent, const QString& key) {
    return child<QSlider>(parent, key + QStringLiteral("Slider"));
}

qint64 environmentNumber(const char* name, qint64 fallback) {
    bool ok = false;
    const qint64 value = qEnvironmentVariable(name).toLongLong(&ok);
    return ok ? value : fallback;
}

// Repetitions enough to give a median, in no time: the monkey tests the window, not the timings.
RunnerOptions tinyOptions(int repetitions) {
    RunnerOptions options;
    options.warmup_calls = 0;
    options.min_seconds = 0;
    options.min_repetitions = repetitions;
    options.max_repetitions = repetitions;
    options.max_seconds = 0.2;
    return options;
}

qint64 guiThreadCpuMs() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<qint64>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

double workOf(const AttentionConfig& config) {
    const double d = static_cast<double>(config.d);
    const double autoFeatures = std::ceil(d * std::log(std::max(d, 2.0)));
    const double width =
        std::max(d, config.features > 0 ? static_cast<double>(config.features) : autoFeatures);
    const double n = static_cast<double>(config.n);
    return static_cast<double>(config.batch) * n * width * (n + width);
}

class Monkey {
public:
    Monkey(MainWindow& window, std::uint64_t seed) : window_(window), random_(seed) {
        panel_ = window.parameterPanel();
        tabs_ = child<QTabWidget>(&window, QStringLiteral("centralTabs"));
        toolBar_ = child<QToolBar>(&window, QStringLiteral("runToolBar"));
        sweepAction_ = child<QAction>(&window, QStringLiteral("sweepAction"));
        for (QCheckBox* check : panel_->findChildren<QCheckBox*>()) {
            if (check->objectName().startsWith(QStringLiteral("methodCheck_")))
                methodChecks_.push_back(check);
        }
        presets_ = attnscope::builtInPresetNames();
        for (int weight : kWeights) totalWeight_ += weight;
    }

    // Picks and performs one action; returns what it did, for the log.
    QString step() {
        const Action action = pickAction();
        ++counts_[static_cast<std::size_t>(action)];
        QString what = perform(action);
        keepAffordable();
        return QStringLiteral("%1: %2").arg(QLatin1String(kActionNames[static_cast<std::size_t>(action)]),
                                            what);
    }

    int uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
    bool chance(double p) { return std::bernoulli_distribution(p)(random_); }

    const std::array<int, static_cast<std::size_t>(Action::count)>& counts() const { return counts_; }
    QString problem() const { return problem_; }

    // Clicks a toolbar button as a user would: a disabled one ignores the click.
    void clickToolButton(QAction* action) {
        QWidget* button = toolBar_->widgetForAction(action);
        if (!button) qFatal("no toolbar button for %s", qPrintable(action->objectName()));
        QTest::mouseClick(button, Qt::LeftButton);
    }

private:
    Action pickAction() {
        int r = uniform(0, totalWeight_ - 1);
        for (std::size_t i = 0; i < kWeights.size(); ++i) {
            if (r < kWeights[i]) return static_cast<Action>(i);
            r -= kWeights[i];
        }
        return Action::idle;
    }

    QString randomKey() {
        return QLatin1String(kParameterKeys[uniform(0, static_cast<int>(kParameterKeys.size()) - 1)]);
    }

    // Powers of two half of the time, since the sliders step through them; any value the box takes otherwise.
    int randomValueFor(const QString& key) {
        QSpinBox* box = spin(panel_, key);
        const int high = key == QStringLiteral("n") ? kMaxMonkeyN : box->maximum();
        if (box->minimum() >= 1 && chance(0.5)) {
            const int maxExponent = static_cast<int>(std::log2(high));
            return 1 << uniform(0, maxExponent);
        }
        return uniform(box->minimum(), high);
    }

    QString perform(Action action) {
        switch (action) {
            case Action::slider:
                return moveSlider();
            case Action::spinBox: {
                const QString key = randomKey();
                const int value = randomValueFor(key);
                spin(panel_, key)->setValue(value);
                return QStringLiteral("%1 = %2").arg(key).arg(value);
            }
            case Action::typeIntoSpinBox:
                return typeIntoSpinBox();
            case Action::invalidValue:
                return setInvalidValue();
            case Action::methodToggle: {
                QCheckBox* check = methodChecks_[uniform(0, static_cast<int>(methodChecks_.size()) - 1)];
                check->click();
                return QStringLiteral("%1 -> %2").arg(check->objectName()).arg(check->isChecked());
            }
            case Action::run: {
                const bool enabled = window_.runAction()->isEnabled();
                clickToolButton(window_.runAction());
                return enabled ? QStringLiteral("Run") : QStringLiteral("Run (disabled)");
            }
            case Action::stop: {
                const bool enabled = window_.stopAction()->isEnabled();
                clickToolButton(window_.stopAction());
                return enabled ? QStringLiteral("Stop") : QStringLiteral("Stop (disabled)");
            }
            case Action::live:
                clickToolButton(window_.liveAction());
                return QStringLiteral("Live -> %1").arg(window_.liveAction()->isChecked());
            case Action::sweepToggle:
                clickToolButton(sweepAction_);
                return QStringLiteral("Sweep n -> %1").arg(sweepAction_->isChecked());
            case Action::tab: {
                const int index = uniform(0, tabs_->count() - 1);
                tabs_->setCurrentIndex(index);
                return QStringLiteral("tab %1").arg(index);
            }
            case Action::heatmapSelector: {
                attnscope::HeatmapView* view = window_.heatmapView();
                QSpinBox* selector = chance(0.5) ? view->batchSelector() : view->headSelector();
                // One past the end too: the selector must clamp it.
                const int value = uniform(selector->minimum(), selector->maximum() + 1);
                selector->setValue(value);
                return QStringLiteral("%1 = %2 (max %3)")
                    .arg(selector == view->batchSelector() ? QStringLiteral("heatmap batch")
                                                           : QStringLiteral("heatmap head"))
                    .arg(value)
                    .arg(selector->maximum());
            }
            case Action::preset:
                return runPreset();
            case Action::inputs:
                return loadInputs();
            case Action::seedOrDistribution:
                return seedOrDistribution();
            case Action::idle: {
                const int ms = uniform(100, 500);
                QTest::qWait(ms);
                return QStringLiteral("%1 ms").arg(ms);
            }
            case Action::count:
                break;
        }
        return {};
    }

    QString moveSlider() {
        const QString key = randomKey();
        QSlider* s = slider(panel_, key);
        if (chance(0.7)) {
            const int position = uniform(s->minimum(), s->maximum());
            s->setValue(position);
            return QStringLiteral("%1 slider at %2").arg(key).arg(position);
        }
        static constexpr std::array<Qt::Key, 6> keys = {Qt::Key_Left,     Qt::Key_Right, Qt::Key_PageUp,
                                                        Qt::Key_PageDown, Qt::Key_Home,  Qt::Key_End};
        const Qt::Key pressed = keys[uniform(0, static_cast<int>(keys.size()) - 1)];
        QTest::keyClick(s, pressed);
        return QStringLiteral("%1 slider key %2 -> %3")
            .arg(key)
            .arg(static_cast<int>(pressed), 0, 16)
            .arg(s->value());
    }

    QString typeIntoSpinBox() {
        const QString key = randomKey();
        QSpinBox* box = spin(panel_, key);
        static const QStringList garbage = {QStringLiteral("-5"), QStringLiteral("abc"), QString(),
                                            QStringLiteral("99999999999"), QStringLiteral("0x10")};
        const QString text = chance(0.8) ? QString::number(randomValueFor(key))
                                         : garbage[uniform(0, static_cast<int>(garbage.size()) - 1)];
        box->setFocus();
        QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(box, text);
        QTest::keyClick(box, Qt::Key_Return);
        return QStringLiteral("typed \"%1\" into %2 -> %3").arg(text, key).arg(box->value());
    }

    // Values each control accepts but the parameters together do not.
    QString setInvalidValue() {
        const AttentionConfig config = panel_->config();
        switch (uniform(0, 3)) {
            case 0: {  // beta > n
                const int beta = static_cast<int>(std::min<std::int64_t>(config.n + uniform(1, 8), 16384));
                spin(panel_, QStringLiteral("beta"))->setValue(beta);
                return QStringLiteral("beta = %1 with n = %2").arg(beta).arg(config.n);
            }
            case 1: {  // heads not dividing d
                int heads = uniform(2, 64);
                if (config.d % heads == 0) heads = heads == 64 ? 63 : heads + 1;
                spin(panel_, QStringLiteral("heads"))->setValue(heads);
                return QStringLiteral("heads = %1 with d = %2").arg(heads).arg(config.d);
            }
            case 2: {  // alpha above the head width
                const int alpha = uniform(2, 64);
                spin(panel_, QStringLiteral("alpha"))->setValue(alpha);
                return QStringLiteral("alpha = %1 with d = %2, heads = %3")
                    .arg(alpha)
                    .arg(config.d)
                    .arg(config.heads);
            }
            default: {  // no method at all
                for (QCheckBox* check : methodChecks_) {
                    if (check->isChecked()) check->click();
                }
                return QStringLiteral("no method");
            }
        }
    }

    QString runPreset() {
        if (chance(0.15)) {
            const QString error = window_.session()->runPreset(QStringLiteral("no-such-preset"));
            if (error.isEmpty()) problem_ = QStringLiteral("an unknown preset was accepted");
            return QStringLiteral("unknown preset rejected");
        }
        const QString name = presets_[uniform(0, static_cast<int>(presets_.size()) - 1)];
        const bool viaMenu = chance(0.5);
        if (viaMenu) {
            child<QAction>(&window_, QStringLiteral("presetAction_") + name)->trigger();
        } else {
            const QString error = window_.session()->runPreset(name);
            if (!error.isEmpty()) problem_ = QStringLiteral("preset %1 failed: %2").arg(name, error);
        }
        // The Xformer table measures batch 40 at D = 512: only stopping it is affordable.
        const int ms = name == QStringLiteral("xformer-table") ? 0 : uniform(20, 300);
        if (ms > 0) QTest::qWait(ms);
        clickToolButton(window_.stopAction());
        return QStringLiteral("%1%2, stopped after %3 ms")
            .arg(name, viaMenu ? QStringLiteral(" (menu)") : QString())
            .arg(ms);
    }

    QString loadInputs() {
        if (chance(0.3)) {
            window_.session()->useRandomInputs();
            return QStringLiteral("random inputs");
        }
        if (!directory_.isValid()) qFatal("no temporary directory");
        const bool corrupt = chance(0.2);
        const std::int64_t batch = uniform(1, 2);
        const std::int64_t n = 1 << uniform(3, 7);
        const std::int64_t d = 1 << uniform(2, 5);
        const bool x = chance(0.3);
        QStringList paths;
        for (const char* name : {"q.npy", "k.npy", "v.npy"}) {
            const QString path = directory_.filePath(QLatin1String(name));
            std::vector<float> values(static_cast<std::size_t>(batch * n * d));
            std::uniform_real_distribution<float> entry(-1.0F, 1.0F);
            for (float& value : values) value = entry(random_);
            std::string bytes = attnscope::serializeNpy({batch, n, d}, values.data());
            if (corrupt) bytes.resize(bytes.size() / 2);
            QFile file(path);
            if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
            file.write(bytes.data(), static_cast<qint64>(bytes.size()));
            paths << path;
            if (x) break;
        }
        const QString error = loadInputsAndWait(*window_.session(), paths);
        if (!corrupt && !error.isEmpty())
            problem_ = QStringLiteral("valid inputs were refused: %1").arg(error);
        if (corrupt && error.isEmpty()) problem_ = QStringLiteral("a truncated .npy was accepted");
        return QStringLiteral("%1 (%2, %3, %4)%5 -> %6")
            .arg(x ? QStringLiteral("X") : QStringLiteral("Q, K, V"))
            .arg(batch)
            .arg(n)
            .arg(d)
            .arg(corrupt ? QStringLiteral(" truncated") : QString())
            .arg(error.isEmpty() ? QStringLiteral("loaded") : error.left(60));
    }

    QString seedOrDistribution() {
        if (chance(0.5)) {
            auto* radio = child<QRadioButton>(
                panel_, chance(0.5) ? QStringLiteral("uniformRadio") : QStringLiteral("normalRadio"));
            radio->click();
            return radio->objectName();
        }
        auto* edit = child<QLineEdit>(panel_, QStringLiteral("seedEdit"));
        const QString text = chance(0.8) ? QString::number(uniform(0, 1 << 30)) : QStringLiteral("-1x");
        edit->setFocus();
        QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Return);
        return QStringLiteral("seed typed \"%1\" -> %2").arg(text, edit->text());
    }

    // The panel accepts shapes that would take minutes or gigabytes; shrink them as a patient user would.
    void keepAffordable() {
        for (AttentionConfig config = panel_->config(); workOf(config) > kWorkBudget;
             config = panel_->config()) {
            if (config.batch > 1) {
                spin(panel_, QStringLiteral("batch"))->setValue(static_cast<int>(config.batch / 2));
            } else if (config.features > config.d) {
                spin(panel_, QStringLiteral("features"))->setValue(static_cast<int>(config.features / 2));
            } else if (config.d > 1) {
                spin(panel_, QStringLiteral("d"))->setValue(static_cast<int>(config.d / 2));
            } else {
                spin(panel_, QStringLiteral("n"))->setValue(static_cast<int>(config.n / 2));
            }
        }
    }

    MainWindow& window_;
    std::mt19937_64 random_;
    ParameterPanel* panel_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QToolBar* toolBar_ = nullptr;
    QAction* sweepAction_ = nullptr;
    std::vector<QCheckBox*> methodChecks_;
    QStringList presets_;
    QTemporaryDir directory_;
    int totalWeight_ = 0;
    QString problem_;  // a wrong answer to an action, reported by the test loop
    std::array<int, static_cast<std::size_t>(Action::count)> counts_{};
};

// What is wrong with the window now; empty when nothing is.
QString inconsistency(const MainWindow& window) {
    const attnscope::ResultsModel* model = window.resultsModel();
    const std::vector<BenchmarkResult>& results = model->results();
    if (model->rowCount() != static_cast<int>(results.size())) {
        return QStringLiteral("the results model has %1 rows for %2 results")
            .arg(model->rowCount())
            .arg(results.size());
    }
    std::set<std::string> names;
    for (const BenchmarkResult& result : results) {
        const std::string name = result.point.name();
        if (!names.insert(name).second) {
            return QStringLiteral("two results rows for %1").arg(QString::fromStdString(name));
        }
        if (result.ok() && !(result.stats.median > 0)) {
            return QStringLiteral("%1 has median %2")
                .arg(QString::fromStdString(name))
                .arg(result.stats.median);
        }
        if (!result.ok() && result.error.empty()) {
            return QStringLiteral("%1 failed without a message").arg(QString::fromStdString(name));
        }
    }
    const ParameterPanel* panel = window.parameterPanel();
    if (window.runAction()->isEnabled() != panel->isValid()) {
        return QStringLiteral("Run is %1 while the panel is %2 (\"%3\")")
            .arg(window.runAction()->isEnabled() ? QStringLiteral("enabled") : QStringLiteral("disabled"),
                 panel->isValid() ? QStringLiteral("valid") : QStringLiteral("invalid"),
                 panel->validationMessage());
    }
    if (window.stopAction()->isEnabled() != window.sweepController()->isRunning()) {
        return QStringLiteral("Stop is %1 while the controller is %2")
            .arg(window.stopAction()->isEnabled() ? QStringLiteral("enabled") : QStringLiteral("disabled"),
                 window.sweepController()->isRunning() ? QStringLiteral("running") : QStringLiteral("idle"));
    }
    return {};
}

QtMessageHandler previousHandler = nullptr;

}  // namespace

class MonkeyTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void randomActionsKeepTheWindowConsistent();
};

void MonkeyTest::initTestCase() {
    // Keeps the user's real ~/.config/AttnScope untouched, and the monkey's parameters out of it.
    QStandardPaths::setTestModeEnabled(true);
    // The offscreen platform says this on every dock resize; thousands of them would use up QtTest's
    // -maxwarnings and hide the action log of a failure.
    previousHandler =
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& message) {
            if (message.contains(QLatin1String("does not support propagateSizeHints"))) return;
            previousHandler(type, context, message);
        });
}

void MonkeyTest::randomActionsKeepTheWindowConsistent() {
    const qint64 seconds = environmentNumber("ATTNSCOPE_MONKEY_SECONDS", 60);
    const auto seed = static_cast<std::uint64_t>(
        environmentNumber("ATTNSCOPE_MONKEY_SEED", static_cast<qint64>(std::random_device{}() & 0x7fffffff)));
    const bool verbose = environmentNumber("ATTNSCOPE_MONKEY_VERBOSE", 0) != 0;
    const qint64 maxStallMs = environmentNumber("ATTNSCOPE_MONKEY_MAX_STALL_MS", kDefaultMaxStallMs);
    qInfo("monkey seed %llu for %lld s; replay with ATTNSCOPE_MONKEY_SEED=%llu ATTNSCOPE_MONKEY_SECONDS=%lld",
          static_cast<unsigned long long>(seed), seconds, static_cast<unsigned long long>(seed), seconds);

    auto window = std::make_unique<MainWindow>();
    window->session()->setRunnerOptions(tinyOptions(1), tinyOptions(3));
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto modelTester = std::make_unique<QAbstractItemModelTester>(window->resultsModel());

    int sweepsStarted = 0, sweepsFinished = 0, sweepsCancelled = 0, resultsArrived = 0;
    SweepController* controller = window->sweepController();
    connect(controller, &SweepController::started, this, [&sweepsStarted] { ++sweepsStarted; });
    connect(controller, &SweepController::finished, this, [&](bool cancelled) {
        ++sweepsFinished;
        if (cancelled) ++sweepsCancelled;
    });
    connect(controller, &SweepController::resultReady, this, [&resultsArrived] { ++resultsArrived; });

    // The heartbeat: if the GUI thread blocks, the gap between two ticks grows.
    // The GUI thread's CPU time over a long gap tells work on that thread (close to the gap) from waiting or
    // being starved of a core (far below it).
    QElapsedTimer sinceTick;
    sinceTick.start();
    qint64 longestGapMs = 0;
    qint64 lastTickCpuMs = guiThreadCpuMs();
    int actions = 0;
    QTimer heartbeat;
    heartbeat.setInterval(kHeartbeatMs);
    connect(&heartbeat, &QTimer::timeout, this, [&] {
        const qint64 gapMs = sinceTick.restart();
        const qint64 cpuMs = guiThreadCpuMs();
        if (gapMs > kReportGapMs) {
            qInfo("event-loop gap of %lld ms (GUI thread busy %lld ms of it) after action #%d", gapMs,
                  cpuMs - lastTickCpuMs, actions - 1);
        }
        longestGapMs = std::max(longestGapMs, gapMs);
        lastTickCpuMs = cpuMs;
    });
    heartbeat.start();

    Monkey monkey(*window, seed);
    std::deque<QString> log;
    const auto failWith = [&log, seed](const QString& problem) {
        qWarning("seed %llu, the last %zu actions:", static_cast<unsigned long long>(seed), log.size());
        for (const QString& line : log) qWarning("  %s", qPrintable(line));
        return problem;
    };

    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < seconds * 1000) {
        const qint64 startMs = clock.elapsed();
        const QString action = monkey.step();
        const QString what = QStringLiteral("#%1 at %2 ms (%3 ms) %4")
                                 .arg(actions)
                                 .arg(startMs)
                                 .arg(clock.elapsed() - startMs)
                                 .arg(action);
        ++actions;
        // Not qInfo: QtTest stops printing after -maxwarnings messages, and a failure's log must come
        // through.
        if (verbose) std::fprintf(stderr, "%s\n", qPrintable(what));
        log.push_back(what);
        if (log.size() > kLogLength) log.pop_front();
        QTest::qWait(monkey.uniform(1, 15));

        const qint64 gapMs = std::max(longestGapMs, sinceTick.elapsed());
        if (gapMs > maxStallMs) {
            QFAIL(
                qPrintable(failWith(QStringLiteral("the event loop stalled for %1 ms (GUI thread busy %2 ms "
                                                   "since the last tick)")
                                        .arg(gapMs)
                                        .arg(guiThreadCpuMs() - lastTickCpuMs))));
        }
        if (const QString problem = monkey.problem(); !problem.isEmpty()) {
            QFAIL(qPrintable(failWith(problem)));
        }
        if (const QString problem = inconsistency(*window); !problem.isEmpty()) {
            QFAIL(qPrintable(failWith(problem)));
        }
        if (QTest::currentTestFailed()) {  // QAbstractItemModelTester reports through QtTest
            QFAIL(qPrintable(failWith(QStringLiteral("the results model failed QAbstractItemModelTester"))));
        }
    }

    // A pending live measurement still starts after Live is switched off, so let it start, then stop it.
    if (window->liveAction()->isChecked()) monkey.clickToolButton(window->liveAction());
    QTest::qWait(attnscope::ExperimentSession::kLiveDelayMs + 50);
    // Something to stop, if the parameters allow it.
    monkey.clickToolButton(window->runAction());
    QTest::qWait(50);
    QElapsedTimer stopping;
    stopping.start();
    monkey.clickToolButton(window->stopAction());
    QTRY_VERIFY_WITH_TIMEOUT(!controller->isRunning(), 10000);
    const qint64 stopMs = stopping.elapsed();
    QTest::qWait(100);
    QVERIFY(!controller->isRunning());
    if (const QString problem = inconsistency(*window); !problem.isEmpty())
        QFAIL(qPrintable(failWith(problem)));
    QVERIFY2(longestGapMs <= maxStallMs, qPrintable(QString::number(longestGapMs)));

    modelTester.reset();
    QVERIFY(window->close());
    QElapsedTimer destroying;
    destroying.start();
    window.reset();
    const qint64 destroyMs = destroying.elapsed();

    QString perKind;
    for (std::size_t i = 0; i < kActionNames.size(); ++i) {
        perKind += QStringLiteral(" %1 %2").arg(QLatin1String(kActionNames[i])).arg(monkey.counts()[i]);
    }
    qInfo("monkey seed %llu: %d actions in %lld ms:%s", static_cast<unsigned long long>(seed), actions,
          clock.elapsed(), qPrintable(perKind));
    qInfo(
        "sweeps started %d, finished %d (cancelled %d), results %d; longest event-loop gap %lld ms; idle "
        "%lld ms after the last Stop; window destroyed in %lld ms",
        sweepsStarted, sweepsFinished, sweepsCancelled, resultsArrived, longestGapMs, stopMs, destroyMs);
}

QTEST_MAIN(MonkeyTest)
#include "monkey_test.moc"
