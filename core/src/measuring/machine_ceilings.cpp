#include "attnscope/measuring/machine_ceilings.h"

#include <algorithm>
#include <memory>
#include <new>
#include <optional>

#include "attnscope/config/attention_config.h"
#include "attnscope/kernels/aligned_buffer.h"
#include "attnscope/measuring/benchmark_runner.h"
#include "attnscope/measuring/system_info.h"
#include "ceiling_kernels.h"
#include "simultaneous_threads.h"

namespace attnscope {

namespace {

constexpr std::uint64_t kLineBytes = 64;
constexpr std::uint64_t kArrays = 3;  // a, b, c
constexpr std::uint64_t kBytesPerElement = kArrays * sizeof(float);
constexpr std::uint64_t kDramFactor = 4;
// DRAM's working set when the machine reports no cache at all: larger than any cache built so far.
constexpr std::uint64_t kDramBytesWithoutCaches = std::uint64_t{1} << 30;
constexpr float kTriadScale = 3.0f;

// Rounds a working set down to three arrays of whole cache lines.
std::uint64_t wholeLines(std::uint64_t bytes) {
    return bytes / kArrays / kLineBytes * kLineBytes * kArrays;
}

// The smallest count, doubling from 1, for which work(count) lasts kCeilingRepetitionSeconds.
std::int64_t calibrate(const std::function<void(std::int64_t)>& work) {
    constexpr std::int64_t kMaxCount = std::int64_t{1} << 40;
    std::int64_t count = 1;
    for (;;) {
        const double start = steadySeconds();
        work(count);
        if (steadySeconds() - start >= kCeilingRepetitionSeconds || count >= kMaxCount) return count;
        count *= 2;
    }
}

void noPreparation(int) {}

std::string threadsText(int threads) {
    return std::to_string(threads) + (threads == 1 ? " thread" : " threads");
}

FmaPeak measureFma(VectorIsa isa, int threads, const std::function<void(const std::string&)>& on_step) {
    FmaPeak peak{std::string(isaName(isa)), {}, {}};
    if (!cpuSupports(isa)) {
        peak.one_thread = peak.many_threads = MeasuredValue::absent("this CPU has no " + peak.isa);
        return peak;
    }
    const std::int64_t iterations = calibrate([isa](std::int64_t n) { runFmaChains(isa, n); });
    const auto gflopsOn = [&](int team) {
        if (on_step) on_step("FMA " + peak.isa + " on " + threadsText(team));
        const double seconds = fastestTogether(team, kCeilingRepetitions, noPreparation,
                                               [&](int) { runFmaChains(isa, iterations); });
        return MeasuredValue::of(fmaChainFlops(isa, iterations) * team / seconds * 1e-9);
    };
    peak.one_thread = gflopsOn(1);
    peak.many_threads = threads == 1 ? peak.one_thread : gflopsOn(threads);
    return peak;
}

// Each thread's three arrays, allocated by the calling thread and first touched by their own.
struct TriadArrays {
    AlignedBuffer a, b, c;
};

MeasuredValue measureTriad(const TriadBuffer& buffer, int threads, std::optional<VectorIsa> isa) {
    if (!buffer.missing.empty()) return MeasuredValue::absent(buffer.missing);
    const std::size_t floats = buffer.bytes_per_thread / kBytesPerElement;
    std::vector<std::unique_ptr<TriadArrays>> arrays;
    try {
        for (int t = 0; t < threads; ++t) {
            auto set = std::make_unique<TriadArrays>();
            set->a.resize(floats);
            set->b.resize(floats);
            set->c.resize(floats);
            arrays.push_back(std::move(set));
        }
    } catch (const std::bad_alloc&) {
        return MeasuredValue::absent(
            "out of memory for " + formatBytes(static_cast<double>(buffer.bytes_per_thread)) + " per thread");
    }
    auto pass = [&](int t) {
        TriadArrays& set = *arrays[static_cast<std::size_t>(t)];
        runTriad(isa, set.a.data(), set.b.data(), set.c.data(), kTriadScale, floats);
    };
    std::int64_t passes = 1;
    const auto prepare = [&](int t) {
        TriadArrays& set = *arrays[static_cast<std::size_t>(t)];
        std::fill_n(set.a.data(), floats, 0.0f);
        std::fill_n(set.b.data(), floats, 1.0f);
        std::fill_n(set.c.data(), floats, 2.0f);
        // Thread 0 sizes the repetitions while the others wait at the start line; the barrier after
        // preparation publishes `passes` to them.
        if (t == 0)
            passes = calibrate([&](std::int64_t n) {
                for (std::int64_t i = 0; i < n; ++i) pass(0);
            });
    };
    const double seconds = fastestTogether(threads, kCeilingRepetitions, prepare, [&](int t) {
        for (std::int64_t i = 0; i < passes; ++i) pass(t);
    });
    const double bytes =
        static_cast<double>(passes) * static_cast<double>(floats * kBytesPerElement) * threads;
    return MeasuredValue::of(bytes / seconds * 1e-9);
}

}  // namespace

MeasuredValue measureClockGhz() {
    if (!cpuSupports(VectorIsa::avx2_fma)) return MeasuredValue::absent("this CPU has no FMA instructions");
    const std::int64_t steps = calibrate(runDependentFmaChain);
    const double seconds =
        fastestTogether(1, kCeilingRepetitions, noPreparation, [&](int) { runDependentFmaChain(steps); });
    return MeasuredValue::of(static_cast<double>(steps) * kFmaLatencyCycles / seconds * 1e-9);
}

const FmaPeak* MachineCeilings::widestFma() const {
    for (const FmaPeak& peak : fma) {
        if (peak.one_thread.measured()) return &peak;
    }
    return nullptr;
}

std::vector<TriadBuffer> triadBuffers(const MachineTopology& topology, int threads,
                                      std::uint64_t memory_bytes) {
    const auto thread_count = static_cast<std::uint64_t>(std::max(1, threads));
    std::vector<TriadBuffer> buffers;
    const CacheLevel* outermost = nullptr;
    for (int level = 1; level <= 3; ++level) {
        const std::string name = 'L' + std::to_string(level);
        TriadBuffer buffer{name, 0, ""};
        if (const CacheLevel* cache = topology.dataCache(level)) {
            outermost = cache;
            const auto instances = static_cast<std::uint64_t>(topology.instances(*cache));
            const std::uint64_t threads_per_instance = (thread_count + instances - 1) / instances;
            buffer.bytes_per_thread = wholeLines(cache->bytes / 2 / threads_per_instance);
            if (buffer.bytes_per_thread == 0)
                buffer.missing = name + " is too small to share among the threads";
        } else {
            buffer.missing = "no " + name + " data cache reported";
        }
        buffers.push_back(std::move(buffer));
    }
    TriadBuffer dram{"DRAM", 0, ""};
    const std::uint64_t total = outermost ? kDramFactor * outermost->bytes *
                                                static_cast<std::uint64_t>(topology.instances(*outermost))
                                          : kDramBytesWithoutCaches;
    if (total > memory_bytes / 4) {
        dram.missing = "its working set, " + formatBytes(static_cast<double>(total)) +
                       ", is more than a quarter of the memory";
    } else {
        dram.bytes_per_thread = wholeLines(total / thread_count);
    }
    buffers.push_back(std::move(dram));
    return buffers;
}

MachineCeilings measureCeilings(int threads, const MachineTopology& topology,
                                const std::function<void(const std::string&)>& on_step) {
    MachineCeilings ceilings;
    ceilings.cpu_model = cpuModelName();
    ceilings.threads = std::max(1, threads);
    ceilings.measured_at = localIsoTime();
    ceilings.topology = topology;
    if (on_step) on_step("clock");
    ceilings.clock_ghz = measureClockGhz();
    for (VectorIsa isa : kVectorIsas) ceilings.fma.push_back(measureFma(isa, ceilings.threads, on_step));

    const std::optional<VectorIsa> triad_isa = widestVectorIsa();
    ceilings.triad_isa = triad_isa ? std::string(isaName(*triad_isa)) : std::string("build default");
    const std::uint64_t memory = physicalMemoryBytes();
    const std::vector<TriadBuffer> one = triadBuffers(topology, 1, memory);
    const std::vector<TriadBuffer> many = triadBuffers(topology, ceilings.threads, memory);
    for (std::size_t i = 0; i < one.size(); ++i) {
        Bandwidth bandwidth{one[i].level, one[i].bytes_per_thread, many[i].bytes_per_thread, {}, {}};
        if (on_step) on_step(bandwidth.level + " bandwidth on 1 thread");
        bandwidth.one_thread = measureTriad(one[i], 1, triad_isa);
        if (ceilings.threads == 1) {
            bandwidth.many_threads = bandwidth.one_thread;
        } else {
            if (on_step)
                on_step(bandwidth.level + " bandwidth on " + std::to_string(ceilings.threads) + " threads");
            bandwidth.many_threads = measureTriad(many[i], ceilings.threads, triad_isa);
        }
        ceilings.bandwidth.push_back(std::move(bandwidth));
    }
    return ceilings;
}

}  // namespace attnscope
