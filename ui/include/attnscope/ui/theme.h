#pragma once
#include <QPalette>
#include <QString>
#include <optional>

namespace attnscope {

// The application's look: the platform's own style and palette, or Fusion with a light or a dark palette.
enum class Theme { system, light, dark };

// The QSettings key View → Theme is kept under.
QString themeSettingsKey();
// "system", "light", "dark": the names --theme and the settings use.
QString themeName(Theme theme);
std::optional<Theme> themeFromName(const QString& name);

// Sets the application's style and palette. Every widget receives QEvent::PaletteChange, which the plots
// follow (see plot_theme.h). The first call remembers the platform's style and palette for Theme::system.
void applyTheme(Theme theme);
// The theme last applied; Theme::system before any call.
Theme currentTheme();

QPalette darkPalette();

}  // namespace attnscope
