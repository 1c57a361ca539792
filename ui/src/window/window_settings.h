#pragma once
#include <QSettings>
#include <QString>
#include <QStringList>

namespace attnscope {

// The window's QSettings keys, beside the parameters' own (config_settings.h) and the theme's (theme.h).
namespace settings_key {
inline const QString kGeometry = QStringLiteral("mainWindow/geometry");
inline const QString kState = QStringLiteral("mainWindow/state");
inline const QString kLive = QStringLiteral("run/live");
inline const QString kSweep = QStringLiteral("run/sweepN");
inline const QString kLowerView = QStringLiteral("view/lowerPlot");  // 0 speed-up, 1 GFLOP/s, 2 memory
inline const QString kHeatmapInputs = QStringLiteral("view/heatmapInputs");  // a distribution's name
inline const QString kLastDirectory = QStringLiteral("files/lastDirectory");
inline const QString kPngScale = QStringLiteral("export/pngScale");
inline const QString kRecentRuns = QStringLiteral("files/recentRuns");
}  // namespace settings_key

// Bump when the toolbar or dock layout changes incompatibly; restoreState() then ignores the old state.
constexpr int kWindowStateVersion = 2;

QSettings openSettings();
// The directory file dialogs start in, and remembering the one the user went to.
QString lastDirectory();
void rememberDirectory(const QString& directory);

// Results files opened or saved lately, newest first, at most kMaxRecentRuns.
constexpr int kMaxRecentRuns = 10;
QStringList recentRuns();
void rememberRun(const QString& path);
// Drops `paths` from the list (files that are gone).
void forgetRuns(const QStringList& paths);

}  // namespace attnscope
