#pragma once
#include <QString>
#include <QStringList>

#include "attnscope/io/preset.h"

namespace attnscope {

// The presets compiled into the binary (resources/presets), by name.
QStringList builtInPresetNames();

// Loads a preset from a file path, or by the name of a built-in preset. Throws PresetError with a message
// that names the file or lists the built-in names.
Preset loadPreset(const QString& name_or_path, int threads = 0);

}  // namespace attnscope
