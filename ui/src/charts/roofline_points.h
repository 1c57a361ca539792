#pragma once
#include <QString>
#include <optional>
#include <vector>

#include "attnscope/measuring/benchmark_runner.h"
#include "attnscope/measuring/machine_ceilings.h"

namespace attnscope {

// The roofs of one thread count, from `attnscope peak`'s ceilings; 0 where a figure was not measured.
struct Roofs {
    QString isa;          // of the widest FMA peak measured
    double gflops = 0;    // that peak
    double dram_gbs = 0;  // triad bandwidths, GB/s
    double l2_gbs = 0;
    int threads = 0;  // whose figures these are
};
// The single-thread figures for one thread, else the many-thread ones (ceilings.threads == threads).
Roofs roofsAt(const MachineCeilings& ceilings, int threads);

enum class RoofKind { compute, dram, l2 };
// "compute", "DRAM", "L2": as the plot labels the roofs; untranslated, for files too.
QString roofName(RoofKind roof);

// One measured point as the Roofline tab places it and its hover and CSV describe it.
struct RooflinePoint {
    const BenchmarkResult* result = nullptr;
    double dram_bytes = 0;  // estimateTraffic's total for the point's method and config
    double intensity = 0;   // the point's own FLOPs (those its GFLOP/s count) per DRAM byte
    double gflops = 0;      // attained
    // Under roofs only: the share of the compute roof attained, and the roof nearest the point on the plot's
    // log scale, each diagonal capped by the compute roof beyond its ridge.
    std::optional<double> percent_of_compute_roof;
    std::optional<RoofKind> nearest_roof;
};

// The point of `result` under `roofs`; empty when it cannot be placed on log axes (failed, or no GFLOP/s or
// bytes to speak of).
std::optional<RooflinePoint> rooflinePoint(const BenchmarkResult& result, const std::optional<Roofs>& roofs);

}  // namespace attnscope
