#include "charts/roofline_points.h"

#include <cmath>
#include <limits>

#include "attnscope/analysis/traffic_model.h"

namespace attnscope {

namespace {

double figure(const MeasuredValue& value) {
    return value.measured() ? value.value : 0;
}

}  // namespace

Roofs roofsAt(const MachineCeilings& ceilings, int threads) {
    const bool one = threads == 1;
    Roofs roofs;
    roofs.threads = threads;
    for (const FmaPeak& peak : ceilings.fma) {
        const double gflops = figure(one ? peak.one_thread : peak.many_threads);
        if (gflops > 0) {
            roofs.isa = QString::fromStdString(peak.isa);
            roofs.gflops = gflops;
            break;
        }
    }
    for (const Bandwidth& level : ceilings.bandwidth) {
        const double gbs = figure(one ? level.one_thread : level.many_threads);
        if (level.level == "DRAM") roofs.dram_gbs = gbs;
        if (level.level == "L2") roofs.l2_gbs = gbs;
    }
    return roofs;
}

QString roofName(RoofKind roof) {
    switch (roof) {
        case RoofKind::compute:
            return QStringLiteral("compute");
        case RoofKind::dram:
            return QStringLiteral("DRAM");
        case RoofKind::l2:
            break;
    }
    return QStringLiteral("L2");
}

std::optional<RooflinePoint> rooflinePoint(const BenchmarkResult& result, const std::optional<Roofs>& roofs) {
    if (!result.ok()) return std::nullopt;
    RooflinePoint point;
    point.result = &result;
    point.gflops = result.gflops();
    point.dram_bytes = estimateTraffic(result.point.method, result.point.config).totalBytes();
    if (point.gflops <= 0 || point.dram_bytes <= 0) return std::nullopt;
    point.intensity = result.cost.flops / point.dram_bytes;
    if (!roofs || roofs->gflops <= 0) return point;

    point.percent_of_compute_roof = point.gflops / roofs->gflops * 100;
    // Each roof's height at this intensity; a diagonal meets the compute roof at its ridge and ends there, so
    // right of the ridge the compute roof is the nearer (ties go to compute, tried first).
    std::vector<std::pair<RoofKind, double>> heights{{RoofKind::compute, roofs->gflops}};
    if (roofs->dram_gbs > 0) heights.emplace_back(RoofKind::dram, roofs->dram_gbs * point.intensity);
    if (roofs->l2_gbs > 0) heights.emplace_back(RoofKind::l2, roofs->l2_gbs * point.intensity);
    double nearest = std::numeric_limits<double>::infinity();
    for (const auto& [roof, height] : heights) {
        if (height >= roofs->gflops && roof != RoofKind::compute) continue;
        const double distance = std::abs(std::log(height / point.gflops));
        if (distance < nearest) {
            nearest = distance;
            point.nearest_roof = roof;
        }
    }
    return point;
}

}  // namespace attnscope
