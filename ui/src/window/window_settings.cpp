#include "window_settings.h"

#include <QDir>

namespace attnscope {

QSettings openSettings() {
    return QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope"));
}

QString lastDirectory() {
    return openSettings().value(settings_key::lastDirectory, QDir::homePath()).toString();
}

void rememberDirectory(const QString& directory) {
    openSettings().setValue(settings_key::lastDirectory, directory);
}

}  // namespace attnscope
