#pragma once
#include <QSettings>
#include <QString>

namespace attnscope {

// The window's QSettings keys, beside the parameters' own (config_settings.h) and the theme's (theme.h).
namespace settings_key {
inline const QString geometry = QStringLiteral("mainWindow/geometry");
inline const QString state = QStringLiteral("mainWindow/state");
inline const QString live = QStringLiteral("run/live");
inline const QString sweep = QStringLiteral("run/sweepN");
inline const QString lowerView = QStringLiteral("view/lowerPlot");  // 0 speed-up, 1 GFLOP/s, 2 memory
inline const QString lastDirectory = QStringLiteral("files/lastDirectory");
inline const QString pngScale = QStringLiteral("export/pngScale");
}  // namespace settings_key

// Bump when the toolbar or dock layout changes incompatibly; restoreState() then ignores the old state.
constexpr int kWindowStateVersion = 2;

QSettings openSettings();
// The directory file dialogs start in, and remembering the one the user went to.
QString lastDirectory();
void rememberDirectory(const QString& directory);

}  // namespace attnscope
