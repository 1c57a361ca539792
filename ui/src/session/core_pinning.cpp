#include "session/core_pinning.h"

#include <sched.h>

#include <QStringList>
#include <vector>

namespace attnscope {

namespace {

// The cores this process was allowed when it first asked, before it pinned anything itself.
const std::vector<int>& allowedCores() {
    static const std::vector<int> cores = [] {
        std::vector<int> list;
        cpu_set_t set;
        CPU_ZERO(&set);
        if (sched_getaffinity(0, sizeof set, &set) == 0) {
            for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
                if (CPU_ISSET(cpu, &set)) list.push_back(cpu);
            }
        }
        return list;
    }();
    return cores;
}

QString listText(std::vector<int>::const_iterator first, std::vector<int>::const_iterator last) {
    QStringList parts;
    for (auto it = first; it != last; ++it) parts << QString::number(*it);
    return parts.join(QLatin1Char(','));
}

}  // namespace

CoreSplit splitCores(int threads) {
    const std::vector<int>& cores = allowedCores();
    const auto count = static_cast<int>(cores.size());
    if (threads <= 0 || threads >= count) return {};
    const auto boundary = cores.end() - threads;
    return {listText(boundary, cores.end()), listText(cores.begin(), boundary)};
}

void pinCallingThread(const QString& cpus) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (cpus.isEmpty()) {
        for (int cpu : allowedCores()) CPU_SET(cpu, &set);
    } else {
        for (const QString& cpu : cpus.split(QLatin1Char(','), Qt::SkipEmptyParts))
            CPU_SET(cpu.toInt(), &set);
    }
    if (CPU_COUNT(&set) > 0) sched_setaffinity(0, sizeof set, &set);
}

}  // namespace attnscope
