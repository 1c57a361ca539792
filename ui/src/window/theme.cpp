#include "attnscope/ui/theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

#include "charts/plot_theme.h"

namespace attnscope {

namespace {

struct PlatformLook {
    QString style;
    QPalette palette;
};

// Captured before the first change, since afterwards the application's style and palette are ours.
const PlatformLook& platformLook() {
    static const PlatformLook look{QApplication::style()->name(), QApplication::palette()};
    return look;
}

Theme& current() {
    static Theme theme = Theme::system;
    return theme;
}

void setStyleNamed(const QString& name) {
    if (QApplication::style()->name().compare(name, Qt::CaseInsensitive) == 0) return;
    if (QStyle* style = QStyleFactory::create(name)) QApplication::setStyle(style);
}

}  // namespace

QString themeSettingsKey() {
    return QStringLiteral("view/theme");
}

QString themeName(Theme theme) {
    switch (theme) {
        case Theme::light:
            return QStringLiteral("light");
        case Theme::dark:
            return QStringLiteral("dark");
        case Theme::system:
            break;
    }
    return QStringLiteral("system");
}

std::optional<Theme> themeFromName(const QString& name) {
    for (Theme theme : {Theme::system, Theme::light, Theme::dark}) {
        if (name.compare(themeName(theme), Qt::CaseInsensitive) == 0) return theme;
    }
    return std::nullopt;
}

QPalette darkPalette() {
    // Text is light grey rather than white, so long labels do not glare; placeholder and disabled text
    // stay readable (>= 4.5:1 against the base for placeholder text).
    const QColor window(45, 45, 48), base(32, 32, 34), text(225, 225, 225), disabled(128, 128, 128);
    const QColor highlight(61, 142, 222);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(52, 52, 56));
    p.setColor(QPalette::ToolTipBase, QColor(60, 60, 64));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(160, 160, 160));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(255, 110, 110));
    p.setColor(QPalette::Light, QColor(75, 75, 80));
    p.setColor(QPalette::Midlight, QColor(62, 62, 66));
    p.setColor(QPalette::Mid, QColor(38, 38, 40));
    p.setColor(QPalette::Dark, QColor(140, 140, 145));
    p.setColor(QPalette::Shadow, QColor(10, 10, 10));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(110, 170, 240));
    p.setColor(QPalette::LinkVisited, QColor(170, 140, 230));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Disabled, role, disabled);
    }
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(80, 80, 80));
    p.setColor(QPalette::Disabled, QPalette::HighlightedText, disabled);
    return p;
}

void applyTheme(Theme theme) {
    const PlatformLook& platform = platformLook();
    switch (theme) {
        case Theme::system:
            setStyleNamed(platform.style);
            QApplication::setPalette(platform.palette);
            break;
        case Theme::light:
            setStyleNamed(QStringLiteral("Fusion"));
            QApplication::setPalette(exportPalette());
            break;
        case Theme::dark:
            setStyleNamed(QStringLiteral("Fusion"));
            QApplication::setPalette(darkPalette());
            break;
    }
    current() = theme;
}

Theme currentTheme() {
    return current();
}

}  // namespace attnscope
