#pragma once
#include <QByteArray>
#include <QString>

namespace attnscope {

// Writes through QSaveFile: the file appears whole or not at all, and an existing one is only replaced
// when `overwrite` is set. Returns an empty string on success, else a message naming the path and the cause.
QString writeFileAtomically(const QString& path, const QByteArray& contents, bool overwrite);

}  // namespace attnscope
