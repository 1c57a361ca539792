#include "attnscope/measuring/perf_counters.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace attnscope {

namespace {

constexpr double kCacheLineBytes = 64;

std::string errnoName(int error) {
    const char* name = strerrorname_np(error);
    return name ? name : "errno " + std::to_string(error);
}

bool refused(int error) {
    return error == EACCES || error == EPERM;
}

// Why perf_event_open said no, for the notice; names the sysctl when the paranoia level is the cause.
std::string refusalReason(int error, std::optional<int> paranoid) {
    if (refused(error) || (paranoid && *paranoid > 2)) {
        const std::string level = paranoid ? " = " + std::to_string(*paranoid) : "";
        return "perf_event_open refused (" + errnoName(error) + ") at kernel.perf_event_paranoid" + level +
               "; sysctl kernel.perf_event_paranoid=2 allows counting one's own process, 1 the kernel side "
               "too";
    }
    if (error == ENOENT || error == ENODEV || error == EOPNOTSUPP) {
        return "no PMU exposed (" + errnoName(error) + ")";
    }
    return "perf_event_open failed (" + errnoName(error) + ": " + std::strerror(error) + ")";
}

}  // namespace

bool isHardwareEvent(CounterEvent event) {
    return event >= CounterEvent::cycles;
}

const char* counterEventName(CounterEvent event) {
    switch (event) {
        case CounterEvent::task_clock:
            return "task-clock";
        case CounterEvent::page_faults:
            return "page-faults";
        case CounterEvent::context_switches:
            return "context-switches";
        case CounterEvent::cycles:
            return "cycles";
        case CounterEvent::instructions:
            return "instructions";
        case CounterEvent::llc_misses:
            return "LLC-load-misses";
    }
    return "?";
}

std::optional<double> CounterStats::ipc() const {
    if (!cycles || !instructions || *cycles <= 0) return std::nullopt;
    return *instructions / *cycles;
}

std::optional<double> CounterStats::ghz() const {
    if (!cycles || task_clock_seconds <= 0) return std::nullopt;
    return *cycles / task_clock_seconds * 1e-9;
}

std::optional<double> CounterStats::dramBytes() const {
    if (!llc_misses) return std::nullopt;
    return *llc_misses * kCacheLineBytes;
}

ProcessCounters::ProcessCounters(std::unique_ptr<CounterSource> source) : source_(std::move(source)) {}

void ProcessCounters::probe() {
    if (probed_) return;
    probed_ = true;
    // Without task-clock there is no software group, and nothing else would open either.
    if (const int error = source_->open(CounterEvent::task_clock, true); error != 0) {
        notice_ = "counters unavailable: " + refusalReason(error, source_->paranoid());
        return;
    }
    software_.push_back(CounterEvent::task_clock);
    std::string missing;  // "event (ERRNO), ..."
    bool kernel_side_refused = false;
    auto openSibling = [&](CounterEvent event, std::vector<CounterEvent>& group) {
        const int error = source_->open(event, false);
        if (error == 0) {
            group.push_back(event);
            return;
        }
        missing += (missing.empty() ? "" : ", ") + std::string(counterEventName(event)) + " (" +
                   errnoName(error) + ")";
        kernel_side_refused |= refused(error);
    };
    openSibling(CounterEvent::page_faults, software_);
    openSibling(CounterEvent::context_switches, software_);
    const int hardware_error = source_->open(CounterEvent::cycles, true);
    if (hardware_error == 0) {
        hardware_.push_back(CounterEvent::cycles);
        openSibling(CounterEvent::instructions, hardware_);
        openSibling(CounterEvent::llc_misses, hardware_);
    }
    source_->close();
    if (hardware_error != 0) {
        notice_ = "hardware counters unavailable on this machine: " +
                  refusalReason(hardware_error, source_->paranoid()) + "; software counters only";
    }
    if (!missing.empty()) {
        notice_ += (notice_.empty() ? "" : "; ") + std::string("not counted: ") + missing;
        // Only context switches are refused this way: the others fall back to counting user space.
        if (kernel_side_refused) {
            notice_ +=
                " (kernel.perf_event_paranoid hides the kernel side; sysctl kernel.perf_event_paranoid=1)";
        }
    }
}

void ProcessCounters::start() {
    if (open_) source_->close();  // a cancelled point never reached stop()
    probe();
    if (!available()) return;
    // A point can refuse what the probe allowed (threads exited, descriptors ran out): that point then counts
    // less, or nothing, rather than failing.
    open_ = source_->open(software_.front(), true) == 0;
    if (!open_) return;
    for (std::size_t i = 1; i < software_.size(); ++i) source_->open(software_[i], false);
    for (std::size_t i = 0; i < hardware_.size(); ++i) {
        if (source_->open(hardware_[i], i == 0) != 0 && i == 0) break;
    }
    source_->start();
}

std::optional<CounterStats> ProcessCounters::stop(std::int64_t calls, double wall_seconds) {
    if (!open_) return std::nullopt;
    open_ = false;
    source_->stop();
    const CounterValues values = source_->read();
    source_->close();
    if (calls <= 0 || !values[static_cast<std::size_t>(CounterEvent::task_clock)]) return std::nullopt;
    const double per_call = 1.0 / static_cast<double>(calls);
    auto perCall = [&](CounterEvent event) -> std::optional<double> {
        const auto& value = values[static_cast<std::size_t>(event)];
        if (!value) return std::nullopt;
        return *value * per_call;
    };
    CounterStats stats;
    stats.calls = calls;
    stats.wall_seconds = wall_seconds * per_call;
    stats.task_clock_seconds = *perCall(CounterEvent::task_clock) * 1e-9;  // task-clock counts ns
    stats.page_faults = perCall(CounterEvent::page_faults).value_or(0);
    stats.context_switches = perCall(CounterEvent::context_switches);
    stats.cycles = perCall(CounterEvent::cycles);
    stats.instructions = perCall(CounterEvent::instructions);
    stats.llc_misses = perCall(CounterEvent::llc_misses);
    return stats;
}

}  // namespace attnscope
