#pragma once
#include <QMainWindow>

class QAction;
class QDockWidget;
class QLabel;
class QTabWidget;

namespace attnscope {

class ParameterPanel;
class TimingChart;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Restores geometry, dock layout and parameters from QSettings("AttnScope", "AttnScope").
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ParameterPanel* parameterPanel() const { return panel_; }
    QAction* runAction() const { return runAction_; }
    QAction* stopAction() const { return stopAction_; }

    // closeEvent() calls this; it is public so that a caller ending the app some other way can keep the
    // state.
    void saveSettings() const;

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
    void showAbout();
    QString aboutText() const;
    void updatePrediction();

    ParameterPanel* panel_ = nullptr;
    QDockWidget* parametersDock_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    TimingChart* timingChart_ = nullptr;
    QLabel* machineLabel_ = nullptr;

    QAction* runAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* aboutAction_ = nullptr;
};

}  // namespace attnscope
