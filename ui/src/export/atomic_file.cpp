#include "attnscope/ui/atomic_file.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>

namespace attnscope {

QString writeFileAtomically(const QString& path, const QByteArray& contents, bool overwrite) {
    const QFileInfo info(path);
    if (info.exists() && !overwrite) {
        return QCoreApplication::translate("attnscope", "%1 exists; use --force to overwrite it").arg(path);
    }
    // QSaveFile writes a temporary file and renames it over the target: for a device node, a pipe or a
    // directory that would replace the node itself (as root, /dev/full became a plain file).
    if (info.exists() && !info.isFile()) {
        return QCoreApplication::translate("attnscope", "%1 is not a regular file").arg(path);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return QCoreApplication::translate("attnscope", "cannot write %1: %2").arg(path, file.errorString());
    }
    if (file.write(contents) != contents.size() || !file.commit()) {
        return QCoreApplication::translate("attnscope", "cannot write %1: %2").arg(path, file.errorString());
    }
    return {};
}

}  // namespace attnscope
