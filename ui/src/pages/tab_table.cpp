#include "attnscope/ui/tab_table.h"

#include <QCoreApplication>

namespace attnscope {

const std::array<TabInfo, kTabCount>& tabTable() {
    static const std::array<TabInfo, kTabCount> table = {{
        {TabId::timing, "timing", QT_TRANSLATE_NOOP("attnscope::MainWindow", "Timing"),
         QT_TRANSLATE_NOOP("attnscope::MainWindow", "time against n and the speed-up"),
         ExportItem::timingPlot},
        {TabId::heatmaps, "heatmaps", QT_TRANSLATE_NOOP("attnscope::MainWindow", "Heatmaps"),
         QT_TRANSLATE_NOOP("attnscope::MainWindow", "softmax, FAVOR+ and Xformer attention"),
         ExportItem::heatmaps},
        {TabId::results, "results", QT_TRANSLATE_NOOP("attnscope::MainWindow", "Results"),
         QT_TRANSLATE_NOOP("attnscope::MainWindow", "every measured point"), ExportItem::results},
        {TabId::breakdown, "breakdown", QT_TRANSLATE_NOOP("attnscope::MainWindow", "Breakdown"),
         QT_TRANSLATE_NOOP("attnscope::MainWindow", "where each point's time goes, stage by stage"),
         ExportItem::timingPlot},
        {TabId::roofline, "roofline", QT_TRANSLATE_NOOP("attnscope::MainWindow", "Roofline"),
         QT_TRANSLATE_NOOP("attnscope::MainWindow",
                           "each point's GFLOP/s against its FLOPs per byte, under the machine's roofs"),
         ExportItem::roofline},
        {TabId::favor, "favor", QT_TRANSLATE_NOOP("attnscope::MainWindow", "FAVOR+ error"),
         QT_TRANSLATE_NOOP("attnscope::MainWindow",
                           "FAVOR+ error and time against the number of random features"),
         ExportItem::timingPlot},
        {TabId::compare, "compare", QT_TRANSLATE_NOOP("attnscope::MainWindow", "Compare"),
         QT_TRANSLATE_NOOP("attnscope::MainWindow",
                           "the points on screen against a saved run, with a U test"),
         ExportItem::timingPlot},
    }};
    return table;
}

const TabInfo& tabInfo(TabId id) {
    return tabTable()[static_cast<std::size_t>(id)];
}

std::optional<TabId> tabFromName(const QString& name) {
    for (const TabInfo& tab : tabTable()) {
        if (name.compare(QLatin1String(tab.name), Qt::CaseInsensitive) == 0) return tab.id;
    }
    return std::nullopt;
}

QString tabNameList() {
    QStringList names;
    for (const TabInfo& tab : tabTable()) names << QLatin1String(tab.name);
    const QString last = names.takeLast();
    return names.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
}

QString tabTitle(const TabInfo& tab) {
    return QCoreApplication::translate("attnscope::MainWindow", tab.title);
}

QString tabToolTip(const TabInfo& tab) {
    QString text = QCoreApplication::translate("attnscope::MainWindow", tab.tool_tip);
    if (!text.isEmpty()) text[0] = text[0].toUpper();
    return text;
}

QString tabMenuToolTip(const TabInfo& tab) {
    return QCoreApplication::translate("attnscope::MainWindow", "Show the %1 tab: %2")
        .arg(tabTitle(tab), QCoreApplication::translate("attnscope::MainWindow", tab.tool_tip));
}

}  // namespace attnscope
