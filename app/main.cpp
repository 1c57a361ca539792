// One binary: `attnscope COMMAND ...` runs the command line on the core engine; `attnscope` opens the GUI.
#include <unistd.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include <QAction>
#include "attnscope/kernels/isa.h"
#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/export_controller.h"
#include "attnscope/ui/main_window.h"
#include "attnscope/ui/sweep_controller.h"
#include "attnscope/ui/tab_table.h"
#include "attnscope/ui/theme.h"
#include "cli.h"

namespace {

bool hasDisplay() {
    return std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY") || std::getenv("QT_QPA_PLATFORM");
}

void setApplicationInfo() {
    QCoreApplication::setOrganizationName(QStringLiteral("AttnScope"));
    QCoreApplication::setApplicationName(QStringLiteral("AttnScope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ATTNSCOPE_VERSION));
}

// Without a QCoreApplication, Qt writes "<executable_name>" where the program goes; with one, the path.
const QRegularExpression kUsageLine(QStringLiteral("^Usage: \\S+"));

const char* const kCommandsHelp =
    "\nCommands (attnscope COMMAND --help for each):\n"
    "  bench    time methods on a config, an n sweep or a preset\n"
    "           attnscope bench --preset notebook\n"
    "  eval     run one method once; dump inputs, weights, output and attention as .npy\n"
    "           attnscope eval --method softmax --n 128 --d 64 --dump out/softmax\n"
    "  compare  per-benchmark time ratios of results files against the first\n"
    "           attnscope compare torch.json ours.json\n"
    "  report   run presets and write their tables and data to a directory\n"
    "           attnscope report --out attnscope-report\n"
    "  peak     the machine's measured ceilings: FMA peak, bandwidth from L1 to DRAM\n"
    "           attnscope peak --threads 1\n"
    "  worker   the measuring process the window starts (JSON lines on stdin and stdout)\n"
    "Without a command, attnscope opens the GUI; attnscope FILE.json opens a saved run or session in it.\n";

// The offscreen platform warns that it cannot propagate size hints whenever a report lays out a widget; the
// warning is about the platform, not the report, so the command line keeps it out of the user's terminal.
QtMessageHandler defaultMessageHandler = nullptr;

void quietOffscreenMessages(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (message.startsWith(QLatin1String("This plugin does not support"))) return;
    defaultMessageHandler(type, context, message);
}

}  // namespace

namespace {

// Two settings are read while the process loads, before main(), so changing them takes a restart (once):
// - OpenBLAS picks its kernels from OPENBLAS_CORETYPE; a value naming an older core (some environments set
//   Haswell) halves the speed of every product. Dropped unless ATTNSCOPE_KEEP_OPENBLAS_CORETYPE is set.
// - glibc's malloc backs large blocks with transparent huge pages only when GLIBC_TUNABLES asks for it
//   (glibc.malloc.hugetlb=1). Without it every first touch of a 4 KiB page costs ~12 µs on these machines,
//   which made the first heatmap update after a change of n take 150-190 ms instead of 70-100
//   (docs/performance.md). Added unless GLIBC_TUNABLES already says how malloc should use huge pages.
// Returns only when nothing needed changing, or the restart failed (then it carries on as it is).
void restartWithLoadTimeSettings(char** argv) {
    bool restart = false;
#ifdef ATTNSCOPE_OPENBLAS
    if (std::getenv("OPENBLAS_CORETYPE") && !std::getenv("ATTNSCOPE_KEEP_OPENBLAS_CORETYPE")) {
        unsetenv("OPENBLAS_CORETYPE");
        restart = true;
    }
#endif
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    const std::string current = tunables ? tunables : "";
    if (current.find("glibc.malloc.hugetlb") == std::string::npos) {
        const std::string wanted = (current.empty() ? "" : current + ":") + "glibc.malloc.hugetlb=1";
        setenv("GLIBC_TUNABLES", wanted.c_str(), 1);
        restart = true;
    }
    if (restart) execv("/proc/self/exe", argv);
}

}  // namespace

int main(int argc, char** argv) {
    restartWithLoadTimeSettings(argv);
    // An ATTNSCOPE_ISA the kernels cannot follow is said once, by the process the user started.
    const bool is_worker = argc > 1 && std::string(argv[1]) == "worker";
    if (const std::string notice = attnscope::isaNotice(); !notice.empty() && !is_worker)
        std::fprintf(stderr, "attnscope: %s\n", notice.c_str());
    if (argc > 1 && attnscope::isCliCommand(QString::fromLocal8Bit(argv[1]))) {
        // report draws its plots with QCustomPlot, which needs a GUI application; offscreen needs no display.
        if (QString::fromLocal8Bit(argv[1]) == QLatin1String("report")) {
            if (!hasDisplay()) qputenv("QT_QPA_PLATFORM", "offscreen");
            defaultMessageHandler = qInstallMessageHandler(quietOffscreenMessages);
            QApplication app(argc, argv);
            setApplicationInfo();
            return attnscope::runCli(app.arguments());
        }
        QCoreApplication app(argc, argv);
        setApplicationInfo();
        return attnscope::runCli(app.arguments());
    }

    // Parse before creating a QApplication, so --help and --version work without a display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "AttnScope: what does each way of computing attention cost?"));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption grab(
        QStringLiteral("grab"),
        QCoreApplication::translate("main", "Save a screenshot of the window to FILE (PNG) and exit."),
        QStringLiteral("file"));
    const QCommandLineOption grab_after(
        QStringLiteral("grab-after"),
        QCoreApplication::translate(
            "main", "Milliseconds to wait before --grab (default 800), e.g. for a sweep to finish."),
        QStringLiteral("ms"), QStringLiteral("800"));
    const QCommandLineOption tab(
        QStringLiteral("tab"),
        QCoreApplication::translate("main", "Open on this tab: %1.").arg(attnscope::tabNameList()),
        QStringLiteral("name"));
    const QCommandLineOption compare_with(
        QStringLiteral("compare"),
        QCoreApplication::translate(
            "main",
            "Overlay and compare a saved results JSON (ours or PyTorch's); repeat to compare several."),
        QStringLiteral("file"));
    const QCommandLineOption preset_to_run(
        QStringLiteral("preset"),
        QCoreApplication::translate("main", "Run this preset (a built-in name or a JSON file) on opening."),
        QStringLiteral("name"));
    const QCommandLineOption load_qkv(
        QStringLiteral("qkv"),
        QCoreApplication::translate(
            "main",
            "Load Q, K and V from DIR/q.npy, DIR/k.npy and DIR/v.npy (and DIR/tokens.txt) "
            "on opening, as File → Load Q/K/V from folder… does."),
        QStringLiteral("dir"));
    const QCommandLineOption quit_after(
        QStringLiteral("quit-after"),
        QCoreApplication::translate("main", "Quit after this many milliseconds."), QStringLiteral("ms"));
    const QCommandLineOption run_sweep(
        QStringLiteral("run"),
        QCoreApplication::translate("main",
                                    "Run the panel's sweep with full repetitions on opening (as F5); "
                                    "with --preset, the preset runs."));
    const QCommandLineOption save_results(
        QStringLiteral("save-results"),
        QCoreApplication::translate("main",
                                    "When the run started by --preset or --run finishes, write its results "
                                    "JSON (as attnscope bench --json) to FILE."),
        QStringLiteral("file"));
    const QCommandLineOption quit_when_done(
        QStringLiteral("quit"),
        QCoreApplication::translate("main",
                                    "Quit when the run started by --preset or --run finishes (exit "
                                    "code 0, or 1 if it was stopped or its results could not be saved)."));
    const QCommandLineOption in_process(
        QStringLiteral("in-process"),
        QCoreApplication::translate("main",
                                    "Measure inside the window's process instead of a separate "
                                    "measuring process (less isolated; for comparisons)."));
    const QCommandLineOption theme(
        QStringLiteral("theme"),
        QCoreApplication::translate("main",
                                    "Open with this theme: system, light or dark (this run only; the View "
                                    "menu's Theme is remembered)."),
        QStringLiteral("name"));
    parser.addOption(theme);
    parser.addOption(grab);
    parser.addOption(grab_after);
    parser.addOption(tab);
    parser.addOption(preset_to_run);
    parser.addOption(compare_with);
    parser.addOption(load_qkv);
    parser.addOption(quit_after);
    parser.addOption(run_sweep);
    parser.addOption(save_results);
    parser.addOption(quit_when_done);
    parser.addOption(in_process);
    if (!parser.parse(arguments)) {
        const QString word = arguments.value(1);
        std::fprintf(
            stderr, "attnscope: %s\n%s",
            qPrintable(
                !word.startsWith(QLatin1Char('-'))
                    ? QStringLiteral("unknown command '%1'; commands: bench, eval, compare, report, peak")
                          .arg(word)
                    : parser.errorText()),
            "Try 'attnscope --help'.\n");
        return 2;
    }
    // One positional argument that is a file opens it as a saved run (attnscope RESULTS.json); anything else
    // is a mistyped command.
    const QStringList positional = parser.positionalArguments();
    const bool opensRun = positional.size() == 1 && QFileInfo(positional.front()).isFile();
    if (!positional.isEmpty() && !opensRun) {
        std::fprintf(stderr,
                     "attnscope: unknown command '%s'; commands: bench, eval, compare, report, peak\n",
                     qPrintable(positional.first()));
        return 2;
    }
    if (parser.isSet(help)) {
        std::printf("%s%s",
                    qPrintable(parser.helpText().replace(kUsageLine, QStringLiteral("Usage: attnscope"))),
                    kCommandsHelp);
        return 0;
    }
    if (parser.isSet(version)) {
        std::printf("attnscope %s\n", ATTNSCOPE_VERSION);
        return 0;
    }
    if (!hasDisplay()) {
        std::fprintf(
            stderr,
            "attnscope: no display (DISPLAY and WAYLAND_DISPLAY are unset), so the GUI cannot open.\n"
            "Run it in a desktop session or under xvfb-run, or use a command, e.g.\n"
            "  attnscope report --out attnscope-report\n");
        return 1;
    }

    std::optional<attnscope::Theme> chosen_theme;
    if (parser.isSet(theme)) {
        chosen_theme = attnscope::themeFromName(parser.value(theme));
        if (!chosen_theme) {
            std::fprintf(stderr, "attnscope: --theme: expected system, light or dark, got '%s'\n",
                         qPrintable(parser.value(theme)));
            return 2;
        }
    }

    QApplication app(argc, argv);
    setApplicationInfo();
    // The window manager, the task switcher and every dialog take this one; the .desktop file names the
    // installed copy of the same SVG.
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/attnscope.svg")));
    // Points are measured in `attnscope worker`, this same executable, so the window never runs beside them.
    if (!parser.isSet(in_process)) {
        attnscope::SweepController::setDefaultWorkerProgram(QCoreApplication::applicationFilePath(),
                                                            {QStringLiteral("worker")});
    }
    attnscope::MainWindow window;
    if (chosen_theme) window.setTheme(*chosen_theme, false);
    window.show();
    for (const QString& path : parser.values(compare_with)) {
        const QString error = window.session()->loadComparison(path);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "attnscope: --compare: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (opensRun) {
        const QString error = window.openResults(positional.front(), true);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "attnscope: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (parser.isSet(load_qkv)) {
        // Loading runs off the GUI thread; a file that cannot be read ends the program as a bad argument.
        QObject::connect(
            window.session(), &attnscope::ExperimentSession::inputsLoaded, &window,
            [](const QString& error) {
                if (error.isEmpty()) return;
                std::fprintf(stderr, "attnscope: --qkv: %s\n", qPrintable(error));
                QCoreApplication::exit(2);
            },
            Qt::SingleShotConnection);
        window.session()->loadInputFolder(parser.value(load_qkv));
    }
    if (parser.isSet(save_results) || parser.isSet(quit_when_done)) {
        if (!parser.isSet(preset_to_run) && !parser.isSet(run_sweep)) {
            std::fprintf(stderr, "attnscope: --save-results and --quit need --preset or --run\n");
            return 2;
        }
        // After the run requested here: live mode's first sweep, replaced by it, never finishes.
        QObject::connect(
            window.sweepController(), &attnscope::SweepController::finished, &window,
            [&window, path = parser.value(save_results),
             quit = parser.isSet(quit_when_done)](bool cancelled) {
                int code = cancelled ? 1 : 0;
                if (!path.isEmpty()) {
                    const QString error = window.exporter()->exportTo(
                        {attnscope::ExportItem::results, attnscope::ExportFormat::json}, path, true);
                    std::fprintf(stderr, error.isEmpty() ? "saved %s\n" : "attnscope: %s\n",
                                 qPrintable(error.isEmpty() ? path : error));
                    if (!error.isEmpty()) code = 1;
                }
                if (quit) QCoreApplication::exit(code);
            },
            Qt::SingleShotConnection);
    }
    if (parser.isSet(run_sweep) && !parser.isSet(preset_to_run)) {
        if (!window.session()->runAction()->isEnabled()) {
            std::fprintf(stderr, "attnscope: --run: the panel's parameters are not valid\n");
            return 2;
        }
        window.session()->runAction()->trigger();
    }
    if (parser.isSet(preset_to_run)) {
        const QString error = window.session()->runPreset(parser.value(preset_to_run));
        if (!error.isEmpty()) {
            std::fprintf(stderr, "attnscope: --preset: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (parser.isSet(tab)) {
        const auto chosen = attnscope::tabFromName(parser.value(tab));
        if (!chosen) {
            std::fprintf(stderr, "attnscope: --tab: expected %s, got '%s'\n",
                         qPrintable(attnscope::tabNameList()), qPrintable(parser.value(tab)));
            return 2;
        }
        window.showTab(*chosen);
    }
    if (parser.isSet(grab)) {
        const QString path = parser.value(grab);
        QTimer::singleShot(parser.value(grab_after).toInt(), &window, [&window, path] {
            const bool saved = window.grab().save(path);
            std::fprintf(stderr, saved ? "saved %s\n" : "attnscope: cannot write %s\n", qPrintable(path));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    if (parser.isSet(quit_after)) {
        QTimer::singleShot(parser.value(quit_after).toInt(), &app, &QCoreApplication::quit);
    }
    return app.exec();
}
