#include "attnscope/ui/preset_library.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace attnscope {

QStringList builtInPresetNames() {
    QStringList names;
    for (const QFileInfo& info : QDir(QStringLiteral(":/presets"))
                                     .entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        names << info.completeBaseName();
    }
    return names;
}

Preset loadPreset(const QString& name_or_path, int threads) {
    const bool is_path =
        name_or_path.contains(QLatin1Char('/')) || name_or_path.endsWith(QLatin1String(".json"));
    const QString path = is_path ? name_or_path : QStringLiteral(":/presets/%1.json").arg(name_or_path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (!is_path) {
            throw PresetError("no preset named \"" + name_or_path.toStdString() + "\"; built-in presets: " +
                              builtInPresetNames().join(QStringLiteral(", ")).toStdString() +
                              " (or give the path of a .json file)");
        }
        throw PresetError(name_or_path.toStdString() + ": cannot read: " + file.errorString().toStdString());
    }
    const QString shown = is_path ? name_or_path : QStringLiteral("%1.json").arg(name_or_path);
    return parsePreset(file.readAll().toStdString(), shown.toStdString(), threads);
}

}  // namespace attnscope
