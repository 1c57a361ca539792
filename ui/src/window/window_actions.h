#pragma once
#include <QObject>
#include <array>

#include "attnscope/ui/tab_table.h"
#include "attnscope/ui/theme.h"

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QMainWindow;

namespace attnscope {

class ExperimentSession;

// The window's own actions (files, exports, view, help); the session owns the measuring ones (run, stop,
// live, sweep, clear comparison, random inputs). Built once, shared by the menus and the toolbar.
struct WindowActions {
    QAction* open_results = nullptr;
    QAction* save_session = nullptr;
    QAction* open_preset = nullptr;
    QAction* compare = nullptr;
    QAction* load_inputs = nullptr;
    QAction* load_input_folder = nullptr;
    QAction* save_results = nullptr;
    QAction* export_item = nullptr;
    QAction* export_report = nullptr;
    QAction* reset_zoom = nullptr;
    QAction* quit = nullptr;
    QAction* about = nullptr;
    QAction* getting_started = nullptr;
    std::array<QAction*, kTabCount> show_tab{};  // in tabTable() order
    QActionGroup* themes = nullptr;
    QComboBox* preset_combo = nullptr;  // made by buildToolBar()

    // Creates the actions as children of `window`; connecting them is the window's business.
    explicit WindowActions(QMainWindow& window);
    QAction* themeAction(Theme theme) const;
};

// File, Run, View and Help, with every entry's tooltip as its status tip.
void buildMenus(QMainWindow& window, const WindowActions& actions, ExperimentSession& session,
                QDockWidget& parametersDock);
// Run, Stop, Live, Sweep n, the preset box, and the sweep's progress on the right.
void buildToolBar(QMainWindow& window, WindowActions& actions, ExperimentSession& session);

// Version, libraries and machine, for Help → About.
QString aboutText();

}  // namespace attnscope
