#include "point_label.h"

#include <QStringList>

namespace attnscope {

QString shortPointName(const QString& name) {
    const QStringList parts = name.split(QLatin1Char('/'));
    for (const QString& part : parts) {
        if (part.startsWith(QStringLiteral("n:"))) return QStringLiteral("%1 · n %2").arg(parts.front(), part.mid(2));
    }
    return name;
}

}  // namespace attnscope
