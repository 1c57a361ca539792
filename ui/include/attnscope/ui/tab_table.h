#pragma once
#include <QString>
#include <QStringList>
#include <array>
#include <cstddef>
#include <optional>

#include "attnscope/ui/export_dialog.h"

namespace attnscope {

enum class TabId { timing, heatmaps, results, breakdown, roofline, favor, compare };
inline constexpr std::size_t kTabCount = 7;

// One row per tab of the window: the menus (View → tab, Ctrl+1…), the command line (--tab) and File →
// Export…'s default item all read this table.
struct TabInfo {
    TabId id;
    const char* name;        // for --tab
    const char* title;       // the tab's caption (translated through "attnscope::MainWindow")
    const char* tool_tip;    // the tab's and its View entry's tooltip
    ExportItem export_item;  // what File → Export… offers first while the tab is shown
};

const std::array<TabInfo, kTabCount>& tabTable();
const TabInfo& tabInfo(TabId id);
// The tab an --tab argument names (case-insensitive), if any.
std::optional<TabId> tabFromName(const QString& name);
// "timing, heatmaps, … or compare": every --tab name, for messages and --help.
QString tabNameList();
QString tabTitle(const TabInfo& tab);
QString tabToolTip(const TabInfo& tab);      // for the tab itself
QString tabMenuToolTip(const TabInfo& tab);  // for its View → entry

}  // namespace attnscope
