#include "window/window_actions.h"
#include "window/window_text.h"

#include <qcustomplot.h>
#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QCoreApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>

#include "attnscope/analysis/ceilings_table.h"
#include "attnscope/measuring/system_info.h"
#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/preset_library.h"
#include "attnscope/ui/tab_table.h"
#include "charts/roofline_chart.h"
#include "window/progress_indicator.h"

namespace attnscope {

namespace {

QAction* makeAction(QMainWindow& window, const QString& text, const char* name, const QString& toolTip,
                    const QKeySequence& shortcut = {}) {
    auto* action = new QAction(text, &window);
    action->setObjectName(QLatin1String(name));
    action->setToolTip(toolTip);
    if (!shortcut.isEmpty()) action->setShortcut(shortcut);
    return action;
}

}  // namespace

WindowActions::WindowActions(QMainWindow& window) {
    open_results =
        makeAction(window, windowTr("&Open results…"), "openResultsAction",
                   windowTr("Reopen a saved run (a session, File → Save results, or attnscope bench "
                            "--format json) with every tab filled (Ctrl+O; or drop the file on the "
                            "window)"),
                   QKeySequence::Open);
    save_session =
        makeAction(window, windowTr("Save sess&ion…"), "saveSessionAction",
                   windowTr("Write the results on screen and the parameters that measured them, to reopen "
                            "and measure again later (Ctrl+Shift+S)"),
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    open_preset = makeAction(window, windowTr("Open &preset…"), "openPresetAction",
                             windowTr("Open a preset file (JSON) and run its experiment (Ctrl+Shift+P)"),
                             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    compare =
        makeAction(window, windowTr("&Compare with saved results…"), "compareAction",
                   windowTr("Open a results JSON (attnscope's or PyTorch's) to overlay on the timing plot "
                            "and compare (Ctrl+Shift+O)"),
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    load_inputs =
        makeAction(window, windowTr("&Load Q/K/V from .npy…"), "loadInputsAction",
                   windowTr("Three files q*.npy, k*.npy, v*.npy, or one X file for mha and xformer"));
    load_input_folder = makeAction(
        window, windowTr("Load Q/K/V from &folder…"), "loadInputFolderAction",
        windowTr(
            "A folder holding q.npy, k.npy, v.npy and perhaps tokens.txt, as tools/capture_qkv.py writes "
            "them from a PyTorch model"));
    save_results = makeAction(window, windowTr("&Save results…"), "saveResultsAction",
                              windowTr("Write the results on screen as a results JSON, as attnscope bench "
                                       "--json does, to reopen, compare or share (Ctrl+S)"),
                              QKeySequence::Save);
    export_item =
        makeAction(window, windowTr("&Export…"), "exportAction",
                   windowTr("Save a plot as PNG, PDF or SVG, the results as CSV or JSON, or a heatmap's "
                            "matrix as CSV or .npy"),
                   QKeySequence(Qt::CTRL | Qt::Key_E));
    export_report = makeAction(
        window, windowTr("Export &report…"), "exportReportAction",
        windowTr("Write report.html and report.pdf: machine, parameters, results, plots and heatmaps"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    reset_zoom = makeAction(window, windowTr("Reset &zoom"), "resetZoomAction",
                            windowTr("Fit the timing plots to the data again (or double-click a plot)"),
                            QKeySequence(Qt::CTRL | Qt::Key_0));
    quit = makeAction(window, windowTr("&Quit"), "quitAction",
                      windowTr("Close AttnScope; parameters and layout are kept for next time"),
                      QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    about = makeAction(window, windowTr("&About AttnScope"), "aboutAction",
                       windowTr("Version, libraries and the machine AttnScope runs on"));
    about->setMenuRole(QAction::AboutRole);
    getting_started = makeAction(
        window, windowTr("&Getting started"), "gettingStartedAction",
        windowTr(
            "A short guide: the three method families and their costs, the controls, the seed experiments"),
        QKeySequence::HelpContents);
    for (std::size_t i = 0; i < tabTable().size(); ++i) {
        const TabInfo& tab = tabTable()[i];
        show_tab[i] =
            makeAction(window, QLatin1Char('&') + tabTitle(tab),
                       QStringLiteral("showTab%1Action").arg(i + 1).toLatin1().constData(),
                       tabMenuToolTip(tab), QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }

    themes = new QActionGroup(&window);
    const std::array<std::pair<Theme, QString>, 3> entries = {{{Theme::system, windowTr("&System")},
                                                               {Theme::light, windowTr("&Light")},
                                                               {Theme::dark, windowTr("&Dark")}}};
    const std::array<QString, 3> tips = {windowTr("Follow the desktop's style and colours"),
                                         windowTr("Fusion style, dark text on a light background"),
                                         windowTr("Fusion style, light text on a dark background")};
    for (std::size_t i = 0; i < entries.size(); ++i) {
        QAction* action = themes->addAction(entries[i].second);
        action->setObjectName(QStringLiteral("themeAction_") + themeName(entries[i].first));
        action->setCheckable(true);
        action->setData(themeName(entries[i].first));
        action->setToolTip(tips[i]);
    }
}

QAction* WindowActions::themeAction(Theme theme) const {
    for (QAction* action : themes->actions()) {
        if (action->data().toString() == themeName(theme)) return action;
    }
    return nullptr;
}

void buildMenus(QMainWindow& window, const WindowActions& actions, ExperimentSession& session,
                QDockWidget& parametersDock) {
    QMenu* file = window.menuBar()->addMenu(windowTr("&File"));
    file->addAction(actions.open_results);
    QMenu* recent = file->addMenu(windowTr("Open &recent"));
    recent->setObjectName(QStringLiteral("recentMenu"));  // filled by the window each time it opens
    file->addAction(actions.open_preset);
    file->addAction(actions.compare);
    file->addAction(session.clearComparisonAction());
    QMenu* presets = file->addMenu(windowTr("&Presets"));
    presets->setObjectName(QStringLiteral("presetsMenu"));
    for (const QString& name : builtInPresetNames()) {
        QAction* action = presets->addAction(name);
        action->setObjectName(QStringLiteral("presetAction_") + name);
        action->setToolTip(windowTr("Run the preset %1").arg(name));
        QObject::connect(action, &QAction::triggered, &session,
                         [&session, name] { session.runPreset(name); });
    }
    file->addSeparator();
    file->addAction(actions.load_inputs);
    file->addAction(actions.load_input_folder);
    file->addAction(session.randomInputsAction());
    file->addSeparator();
    file->addAction(actions.save_session);
    file->addAction(actions.save_results);
    file->addAction(actions.export_item);
    file->addAction(actions.export_report);
    file->addSeparator();
    file->addAction(actions.quit);

    QMenu* run = window.menuBar()->addMenu(windowTr("&Run"));
    run->addAction(session.runAction());
    run->addAction(session.stopAction());
    run->addSeparator();
    run->addAction(session.liveAction());
    run->addAction(session.sweepAction());

    QMenu* view = window.menuBar()->addMenu(windowTr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    for (QAction* action : actions.show_tab) view->addAction(action);
    view->addSeparator();
    view->addAction(actions.reset_zoom);
    view->addAction(parametersDock.toggleViewAction());
    parametersDock.toggleViewAction()->setToolTip(windowTr("Show or hide the Parameters panel"));
    view->addSeparator();
    QMenu* theme = view->addMenu(windowTr("T&heme"));
    theme->setObjectName(QStringLiteral("themeMenu"));
    theme->addActions(actions.themes->actions());

    QMenu* help = window.menuBar()->addMenu(windowTr("&Help"));
    help->addAction(actions.getting_started);
    help->addSeparator();
    help->addAction(actions.about);

    // Menus show the status tip in the status bar while an entry is highlighted; toolbars show the tooltip.
    for (QMenu* menu : window.menuBar()->findChildren<QMenu*>()) {
        for (QAction* action : menu->actions()) {
            if (!action->isSeparator() && action->statusTip().isEmpty())
                action->setStatusTip(action->toolTip());
        }
    }
}

void buildToolBar(QMainWindow& window, WindowActions& actions, ExperimentSession& session) {
    session.runAction()->setIcon(window.style()->standardIcon(QStyle::SP_MediaPlay));
    session.stopAction()->setIcon(window.style()->standardIcon(QStyle::SP_MediaStop));
    QToolBar* toolBar = window.addToolBar(windowTr("Run"));
    toolBar->setObjectName(QStringLiteral("runToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(session.runAction());
    toolBar->addAction(session.stopAction());
    toolBar->addSeparator();
    toolBar->addAction(session.liveAction());
    toolBar->addAction(session.sweepAction());
    toolBar->addSeparator();

    auto* presetLabel = new QLabel(windowTr(" Preset: "));
    actions.preset_combo = new QComboBox;
    QComboBox* combo = actions.preset_combo;
    combo->setObjectName(QStringLiteral("presetCombo"));
    combo->addItems(builtInPresetNames());
    combo->setPlaceholderText(windowTr("choose to run…"));
    combo->setCurrentIndex(-1);
    combo->setToolTip(windowTr("Run one of the seed experiments"));
    presetLabel->setBuddy(combo);
    // The box names the preset on screen, and nothing once the panel's sweep replaces it.
    QObject::connect(&session, &ExperimentSession::presetChanged, combo, [combo, &session] {
        combo->setCurrentIndex(
            session.preset() ? combo->findText(QString::fromStdString(session.preset()->name)) : -1);
    });
    toolBar->addWidget(presetLabel);
    toolBar->addWidget(combo);

    auto* spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolBar->addWidget(spacer);
    addProgressIndicator(*toolBar, session);
}

QString aboutText() {
    const QString version = QCoreApplication::applicationVersion();
    QString text = QStringLiteral("<h3>%1</h3><p>%2</p><table>")
                       .arg(version.isEmpty() ? windowTr("AttnScope")
                                              : windowTr("AttnScope %1").arg(version.toHtmlEscaped()),
                            windowTr("What does each way of computing attention cost?"));
    const auto row = [&text](const QString& name, const QString& value) {
        text +=
            QStringLiteral("<tr><td>%1&nbsp;&nbsp;</td><td>%2</td></tr>").arg(name, value.toHtmlEscaped());
    };
    row(windowTr("Qt"),
        windowTr("%1 (built with %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)));
    row(windowTr("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR));
    row(windowTr("Eigen"), QString::fromStdString(eigenVersion()));
    row(windowTr("Hand-written kernels"), QString::fromStdString(kernelIsaDescription()));
    row(windowTr("Matrix products"), QString::fromStdString(blasDescription()));
    row(windowTr("oneTBB"), QString::fromStdString(tbbVersion()));
    row(windowTr("CPU"), QString::fromStdString(cpuModelName()));
    row(windowTr("Threads"), QString::number(hardwareThreads()));
    // The roofs `attnscope peak` measured, read from its cache (never measured here).
    if (const std::optional<MachineCeilings> ceilings = cachedCeilings(hardwareThreads())) {
        for (const std::vector<std::string>& ceiling : ceilingSummaryRows(*ceilings))
            row(QString::fromStdString(ceiling[0]), QString::fromStdString(ceiling[1]));
    } else {
        row(windowTr("Measured ceilings"), windowTr("not measured yet: run attnscope peak"));
    }
    text += QStringLiteral("</table>");
    return text;
}

}  // namespace attnscope
