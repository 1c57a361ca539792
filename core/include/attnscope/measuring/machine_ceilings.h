#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "attnscope/measuring/machine_topology.h"

namespace attnscope {

// A measured figure, or why there is none: a level that cannot be measured on this machine says so instead
// of showing a zero.
struct MeasuredValue {
    double value = 0;
    std::string missing = "not measured";  // empty once measured

    static MeasuredValue of(double value) { return {value, ""}; }
    static MeasuredValue absent(std::string reason) { return {0, std::move(reason)}; }
    bool measured() const { return missing.empty(); }
    bool operator==(const MeasuredValue&) const = default;
};

// Float32 FMA throughput of one vector ISA: kFmaChains independent accumulator chains per thread.
struct FmaPeak {
    std::string isa;             // "avx512f" or "avx2+fma"
    MeasuredValue one_thread;    // GFLOP/s
    MeasuredValue many_threads;  // GFLOP/s on MachineCeilings::threads threads
    bool operator==(const FmaPeak&) const = default;
};

// Bandwidth of a[i] = b[i] + s·c[i] (STREAM's triad) with a working set sized for one level of the memory
// hierarchy. Bytes are counted as STREAM does, 3 × 4 per element (two loads, one store); the write-allocate
// read of a[i] that a cache miss costs is not counted.
struct Bandwidth {
    std::string level;                   // "L1", "L2", "L3" or "DRAM"
    std::uint64_t one_thread_bytes = 0;  // the working set (a, b and c) of the single thread
    std::uint64_t per_thread_bytes = 0;  // each thread's working set when MachineCeilings::threads run
    MeasuredValue one_thread;            // GB/s (1e9 bytes per second)
    MeasuredValue many_threads;          // GB/s, all threads together
    bool operator==(const Bandwidth&) const = default;
};

// The machine's measured ceilings, the roofs a kernel's GFLOP/s and GB/s are compared against.
struct MachineCeilings {
    std::string cpu_model;
    int threads = 1;          // the thread count of the many_threads figures (never 0)
    std::string measured_at;  // local time, ISO 8601
    MachineTopology topology;
    MeasuredValue clock_ghz;           // see kFmaLatencyCycles
    std::vector<FmaPeak> fma;          // every ISA the build knows, widest first; unsupported ones say so
    std::string triad_isa;             // the vectors the triad loads and stores with
    std::vector<Bandwidth> bandwidth;  // L1, L2, L3, DRAM

    // The widest ISA with a measured single-thread peak, or null.
    const FmaPeak* widestFma() const;
    bool operator==(const MachineCeilings&) const = default;
};

// Each figure is the best of this many repetitions of at least this long.
inline constexpr int kCeilingRepetitions = 5;
inline constexpr double kCeilingRepetitionSeconds = 0.01;

// Enough independent chains to cover latency × FMA ports (4 cycles × 2 ports = 8 on current x86 cores)
// twice over; 16 vectors also fit the 16 registers AVX2 has.
inline constexpr int kFmaChains = 16;
// The clock is estimated from a dependent chain of scalar FMAs, assuming each takes 4 cycles: true of the
// current Intel (Skylake onwards) and AMD (Zen 3 onwards) cores; Zen 1 and 2 take 5, so there the estimate
// is 20% low.
inline constexpr int kFmaLatencyCycles = 4;

// How large each thread's triad working set is for one level.
struct TriadBuffer {
    std::string level;                   // "L1", "L2", "L3", "DRAM"
    std::uint64_t bytes_per_thread = 0;  // a, b and c together; 0 when missing
    std::string missing;                 // why the level cannot be measured
};

// The working sets for L1, L2, L3 and DRAM on `threads` threads. A cache level gets half of each thread's
// share of it (threads spread evenly over the level's instances), so the arrays stay inside it beside the
// stack, the code and the cache's conflict misses; DRAM gets four times the largest cache level in the
// machine (all its instances), split over the threads, so nothing of it survives in a cache. A level the
// topology does not report is missing, as is DRAM when its working set would exceed a quarter of
// `memory_bytes`. Every array is a whole number of 64-byte lines.
std::vector<TriadBuffer> triadBuffers(const MachineTopology& topology, int threads,
                                      std::uint64_t memory_bytes);

// The clock in GHz from a dependent FMA chain (kFmaLatencyCycles).
MeasuredValue measureClockGhz();

// Measures every ceiling on 1 and on `threads` threads (≥ 1); the whole takes a few seconds. on_step names
// each measurement before it starts.
MachineCeilings measureCeilings(int threads, const MachineTopology& topology,
                                const std::function<void(const std::string&)>& on_step = {});

}  // namespace attnscope
