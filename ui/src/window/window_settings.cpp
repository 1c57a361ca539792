#include "window/window_settings.h"

#include <QDir>

namespace attnscope {

QSettings openSettings() {
    return QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope"));
}

QString lastDirectory() {
    return openSettings().value(settings_key::kLastDirectory, QDir::homePath()).toString();
}

void rememberDirectory(const QString& directory) {
    openSettings().setValue(settings_key::kLastDirectory, directory);
}

}  // namespace attnscope
