#include "window/window_settings.h"

#include <QDir>
#include <QFileInfo>

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

QStringList recentRuns() {
    return openSettings().value(settings_key::kRecentRuns).toStringList();
}

void rememberRun(const QString& path) {
    QStringList runs = recentRuns();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    runs.removeAll(absolute);
    runs.prepend(absolute);
    while (runs.size() > kMaxRecentRuns) runs.removeLast();
    openSettings().setValue(settings_key::kRecentRuns, runs);
}

void forgetRuns(const QStringList& paths) {
    QStringList runs = recentRuns();
    for (const QString& path : paths) runs.removeAll(path);
    openSettings().setValue(settings_key::kRecentRuns, runs);
}

}  // namespace attnscope
