#include "attnscope/ui/compared_run.h"

#include <algorithm>

namespace attnscope {

QString comparedRunLabel(const SavedResults& results, const QString& fileName,
                         const std::vector<ComparedRun>& open) {
    auto taken = [&open](const QString& label) {
        return std::any_of(open.begin(), open.end(),
                           [&](const ComparedRun& run) { return run.label == label; });
    };
    const QString engine = QString::fromStdString(results.engine);
    if (engine != QStringLiteral("attnscope") && !engine.isEmpty() && !taken(engine)) return engine;
    QString label = fileName;
    for (int copy = 2; taken(label); ++copy) label = QStringLiteral("%1 (%2)").arg(fileName).arg(copy);
    return label;
}

}  // namespace attnscope
