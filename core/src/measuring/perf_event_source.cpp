// The real CounterSource: perf_event_open(2) on every thread of this process.
//
// Why per thread: a counter opened with pid = getpid() and cpu = -1 follows one task, the thread whose id is
// the process id, and with inherit = 1 the threads it creates afterwards. oneTBB's workers already exist when
// a point's timed repetitions start (the warm-up woke them), so such a counter would miss all of their work:
// checked here, 16384 page faults in an existing second thread read as 2. So each point opens its counters on
// every thread listed in /proc/self/task, and with inherit = 1 on each, so that a worker started during the
// timed region (by a counted thread) is counted too. cpu = -1: each counter follows its thread onto any CPU.
#include <dirent.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>

#include "attnscope/measuring/perf_counters.h"

namespace attnscope {

namespace {

std::vector<pid_t> processThreads() {
    std::vector<pid_t> threads;
    DIR* tasks = opendir("/proc/self/task");
    if (!tasks) return {getpid()};
    while (const dirent* entry = readdir(tasks)) {
        if (entry->d_name[0] != '.') threads.push_back(static_cast<pid_t>(std::atoi(entry->d_name)));
    }
    closedir(tasks);
    return threads;
}

perf_event_attr eventAttributes(CounterEvent event) {
    perf_event_attr attr{};
    attr.size = sizeof attr;
    switch (event) {
        case CounterEvent::task_clock:
            attr.type = PERF_TYPE_SOFTWARE;
            attr.config = PERF_COUNT_SW_TASK_CLOCK;
            break;
        case CounterEvent::page_faults:
            attr.type = PERF_TYPE_SOFTWARE;
            attr.config = PERF_COUNT_SW_PAGE_FAULTS;
            break;
        case CounterEvent::context_switches:
            attr.type = PERF_TYPE_SOFTWARE;
            attr.config = PERF_COUNT_SW_CONTEXT_SWITCHES;
            break;
        case CounterEvent::cycles:
            attr.type = PERF_TYPE_HARDWARE;
            attr.config = PERF_COUNT_HW_CPU_CYCLES;
            break;
        case CounterEvent::instructions:
            attr.type = PERF_TYPE_HARDWARE;
            attr.config = PERF_COUNT_HW_INSTRUCTIONS;
            break;
        case CounterEvent::llc_misses:
            // The generic cache event perf calls LLC-load-misses: demand reads that missed the last level.
            attr.type = PERF_TYPE_HW_CACHE;
            attr.config = PERF_COUNT_HW_CACHE_LL | (PERF_COUNT_HW_CACHE_OP_READ << 8) |
                          (PERF_COUNT_HW_CACHE_RESULT_MISS << 16);
            break;
    }
    attr.inherit = 1;
    attr.exclude_hv = 1;
    attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    return attr;
}

class PerfEventSource final : public CounterSource {
public:
    ~PerfEventSource() override { close(); }

    int open(CounterEvent event, bool leader) override {
        if (events_.empty()) threads_ = processThreads();
        perf_event_attr attr = eventAttributes(event);
        attr.disabled = leader ? 1 : 0;  // members follow their leader's enable
        OpenEvent opened{event, leader, std::vector<int>(threads_.size(), -1)};
        const OpenEvent* group = leader ? nullptr : latestLeader();
        if (!leader && !group) return EINVAL;
        for (std::size_t t = 0; t < threads_.size(); ++t) {
            const int group_fd = group ? group->fds[t] : -1;
            if (group && group_fd < 0) continue;  // that thread was gone when its leader opened
            int fd = openOne(attr, threads_[t], group_fd);
            if (fd < 0 && errno == ESRCH) continue;  // the thread exited meanwhile
            if (fd < 0) {
                const int error = errno;
                closeAll(opened.fds);
                return error;
            }
            opened.fds[t] = fd;
        }
        events_.push_back(std::move(opened));
        return 0;
    }

    void start() override {
        forEachLeader(PERF_EVENT_IOC_RESET);
        forEachLeader(PERF_EVENT_IOC_ENABLE);
    }
    void stop() override { forEachLeader(PERF_EVENT_IOC_DISABLE); }

    CounterValues read() override {
        CounterValues values;
        for (const OpenEvent& event : events_) {
            double sum = 0;
            bool scheduled = false;
            for (int fd : event.fds) {
                std::uint64_t reading[3] = {};  // value, time enabled, time running
                if (fd < 0 || ::read(fd, reading, sizeof reading) != sizeof reading) continue;
                if (reading[2] == 0) continue;  // never on the PMU: nothing to scale
                scheduled = true;
                sum += static_cast<double>(reading[0]) * (static_cast<double>(reading[1]) / reading[2]);
            }
            if (scheduled) values[static_cast<std::size_t>(event.event)] = sum;
        }
        return values;
    }

    void close() override {
        // Members before leaders: closing a leader first would promote its members to groups of their own.
        for (auto event = events_.rbegin(); event != events_.rend(); ++event) closeAll(event->fds);
        events_.clear();
        threads_.clear();
    }

    std::optional<int> paranoid() const override {
        std::ifstream file("/proc/sys/kernel/perf_event_paranoid");
        int level = 0;
        if (file >> level) return level;
        return std::nullopt;
    }

private:
    struct OpenEvent {
        CounterEvent event;
        bool leader;
        std::vector<int> fds;  // one per thread of threads_, -1 where it did not open
    };

    // Kernel and user space; where only user space is allowed (kernel.perf_event_paranoid 2 without
    // CAP_PERFMON), user space, except for context switches: they happen in the kernel and would read 0.
    static int openOne(perf_event_attr attr, pid_t thread, int group_fd) {
        int fd =
            static_cast<int>(syscall(SYS_perf_event_open, &attr, thread, -1, group_fd, PERF_FLAG_FD_CLOEXEC));
        const bool kernel_only =
            attr.type == PERF_TYPE_SOFTWARE && attr.config == PERF_COUNT_SW_CONTEXT_SWITCHES;
        if (fd < 0 && (errno == EACCES || errno == EPERM) && !kernel_only) {
            attr.exclude_kernel = 1;
            fd = static_cast<int>(
                syscall(SYS_perf_event_open, &attr, thread, -1, group_fd, PERF_FLAG_FD_CLOEXEC));
        }
        return fd;
    }

    static void closeAll(std::vector<int>& fds) {
        for (int& fd : fds) {
            if (fd >= 0) ::close(fd);
            fd = -1;
        }
    }

    const OpenEvent* latestLeader() const {
        for (auto event = events_.rbegin(); event != events_.rend(); ++event) {
            if (event->leader) return &*event;
        }
        return nullptr;
    }

    void forEachLeader(unsigned long request) {
        for (const OpenEvent& event : events_) {
            if (!event.leader) continue;
            for (int fd : event.fds) {
                if (fd >= 0) ioctl(fd, request, PERF_IOC_FLAG_GROUP);
            }
        }
    }

    std::vector<pid_t> threads_;  // listed at the first open after close(), shared by every event
    std::vector<OpenEvent> events_;
};

}  // namespace

std::unique_ptr<CounterSource> makePerfEventSource() {
    return std::make_unique<PerfEventSource>();
}

}  // namespace attnscope
