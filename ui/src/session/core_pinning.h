#pragma once
#include <QString>

namespace attnscope {

// Which cores the measuring process gets and which the window keeps, as --cpus lists ("2,3"). The worker
// takes the last `threads` of the cores this process may use; the window's GUI thread the others. When the
// sweep uses every core, both lists are empty: nothing is pinned, and the window stays idle during a point
// because side jobs are held and painting waits for the gap between points.
struct CoreSplit {
    QString worker;
    QString gui;
};

CoreSplit splitCores(int threads);

// Restricts the calling thread to `cpus` (a --cpus list); empty: every core this process may use.
void pinCallingThread(const QString& cpus);

}  // namespace attnscope
