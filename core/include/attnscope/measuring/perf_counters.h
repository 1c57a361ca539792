#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace attnscope {

// The kernel's event counters (perf_event_open) read around a point's timed repetitions: what the machine did
// while the kernel ran, beside how long it took. The software events exist everywhere a kernel does, VMs
// included; the hardware ones need a PMU, which most cloud VMs do not expose.
enum class CounterEvent : std::uint8_t {
    task_clock,        // ns of CPU time, all threads together
    page_faults,       //
    context_switches,  //
    cycles,            // hardware from here on
    instructions,      //
    llc_misses,        // last-level cache read misses (perf's LLC-load-misses)
};
inline constexpr std::size_t kCounterEventCount = 6;

bool isHardwareEvent(CounterEvent event);
// perf's own names: task-clock, page-faults, context-switches, cycles, instructions, LLC-load-misses.
const char* counterEventName(CounterEvent event);

// One count per event, absent where the event was not open or never got onto the PMU.
using CounterValues = std::array<std::optional<double>, kCounterEventCount>;

// The kernel side of counting, behind an interface so that tests can count with a fake.
class CounterSource {
public:
    virtual ~CounterSource() = default;
    // Opens `event` on every thread of the process, counting kernel and user space where allowed, else user
    // space only (context switches excepted: they happen in the kernel). A leader starts a new group; any
    // other event joins the latest leader's group, so the kernel puts them on the PMU together and ratios
    // within a group hold even when it multiplexes. Returns 0, or the errno of the refusal, after which
    // nothing of `event` is open.
    virtual int open(CounterEvent event, bool leader) = 0;
    virtual void start() = 0;  // zero and enable every group
    virtual void stop() = 0;
    // Each open event summed over threads, scaled up by enabled ÷ running time where it was multiplexed.
    virtual CounterValues read() = 0;
    virtual void close() = 0;  // every event; the next open() starts afresh
    // kernel.perf_event_paranoid, when readable: a refusal is explained by it.
    virtual std::optional<int> paranoid() const = 0;
};

// perf_event_open on the threads listed in /proc/self/task.
std::unique_ptr<CounterSource> makePerfEventSource();

// What the counters saw during a point's timed repetitions, per call (BenchmarkResult::counters).
struct CounterStats {
    std::int64_t calls = 0;         // calls counted
    double wall_seconds = 0;        // per call, by the runner's clock
    double task_clock_seconds = 0;  // per call, CPU time summed over threads
    double page_faults = 0;
    // Absent where only user-space counting is allowed (kernel.perf_event_paranoid 2 without CAP_PERFMON):
    // a switch happens in the kernel, so a user-only count would read 0.
    std::optional<double> context_switches;
    std::optional<double> cycles;  // hardware events: absent without a PMU
    std::optional<double> instructions;
    std::optional<double> llc_misses;

    // task-clock ÷ wall time: how many cores were busy on average (idle-spinning TBB workers count as busy).
    double busyCores() const { return wall_seconds > 0 ? task_clock_seconds / wall_seconds : 0; }
    std::optional<double> ipc() const;
    // cycles ÷ task-clock, like perf stat's GHz: the clock of a busy core, whatever the thread count.
    std::optional<double> ghz() const;
    // LLC misses × the 64-byte line: bytes that came from DRAM (reads only; prefetched lines are not misses).
    std::optional<double> dramBytes() const;
};

// The counters of one run (a sweep, or a worker's lifetime) over one source. The first point finds out which
// events the machine has and says so once (notice()); every point then opens only those, on the threads that
// exist when it starts.
class ProcessCounters {
public:
    explicit ProcessCounters(std::unique_ptr<CounterSource> source);

    // Tries every event once; later calls do nothing. start() calls it when nobody did.
    void probe();
    // Empty when every event counts; otherwise one line saying what is missing and why. Set by probe().
    const std::string& notice() const { return notice_; }
    // False when not even the software events open (seccomp, paranoid 3): no counts at all.
    bool available() const { return !software_.empty(); }

    // Opens and starts this point's counters.
    void start();
    // Stops, reads and closes them; the counts divided by `calls`, made in `wall_seconds`. Empty when
    // nothing was open.
    std::optional<CounterStats> stop(std::int64_t calls, double wall_seconds);

private:
    std::unique_ptr<CounterSource> source_;
    bool probed_ = false;
    std::string notice_;
    // The events that opened in probe(), one group each; the first of each leads.
    std::vector<CounterEvent> software_;
    std::vector<CounterEvent> hardware_;
    bool open_ = false;
};

}  // namespace attnscope
