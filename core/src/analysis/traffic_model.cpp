#include "attnscope/analysis/traffic_model.h"

#include <algorithm>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/kernels/kernel_tuning.h"

namespace attnscope {

namespace {

constexpr double kFloatBytes = sizeof(float);

// Row-tiled scratch: every tile of r query rows holds `floats_per_row` floats per row, and the tiles of all
// b·h problems together cover b·h·n rows. Resident when one full tile fits, else each tile goes out to DRAM
// and back once (a lower bound: the streaming softmax revisits its output rows once per key block).
double rowScratchSpill(const AttentionConfig& c, double floats_per_row) {
    const double tile_bytes = static_cast<double>(queryBlockRows(c.n)) * floats_per_row * kFloatBytes;
    if (tile_bytes <= kResidentScratchBytes) return 0;
    return 2.0 * static_cast<double>(c.batch * c.heads * c.n) * floats_per_row * kFloatBytes;
}

// The exact softmax's scratch per query row: streaming keeps a key block, the unnormalised output row, its
// maximum and sum; the full-row kernel a whole score row and its sum.
double softmaxFloatsPerRow(const AttentionConfig& c, std::int64_t head_dim) {
    if (useStreamingSoftmax(c.n)) {
        return static_cast<double>(streamingSoftmaxScratch(1, std::min(c.n, kStreamingKeyBlock), head_dim));
    }
    return static_cast<double>(c.n + 1);
}

}  // namespace

TrafficEstimate estimateTraffic(Method method, const AttentionConfig& c) {
    const double b = static_cast<double>(c.batch);
    const double n = static_cast<double>(c.n);
    const double d = static_cast<double>(c.d);
    const double problems = static_cast<double>(c.batch * c.heads);
    const double dh = static_cast<double>(c.headDim());
    const double bnd = b * n * d;

    TrafficEstimate traffic;
    switch (method) {
        case Method::quadratic:
            // Q, K and V read, O written; the score tile is at most 256 x 512 floats.
            traffic.io_bytes = 4.0 * bnd * kFloatBytes;
            traffic.spill_bytes = rowScratchSpill(c, static_cast<double>(std::min(c.n, kStreamingKeyBlock)));
            break;
        case Method::softmax:
            traffic.io_bytes = 4.0 * bnd * kFloatBytes;
            traffic.spill_bytes = rowScratchSpill(c, softmaxFloatsPerRow(c, c.headDim()));
            break;
        case Method::linear: {
            traffic.io_bytes = 4.0 * bnd * kFloatBytes;
            if (useLinearColumnBlocks(c.headDim())) {
                // One dh x 256 block of Kᵀ V per task; the blocks of a problem together are dh x dh.
                if (dh * static_cast<double>(kLinearColumnBlock) * kFloatBytes > kResidentScratchBytes) {
                    traffic.spill_bytes = 2.0 * problems * dh * dh * kFloatBytes;
                }
                break;
            }
            // Unblocked, Kᵀ V is at most 256 x 256 floats (256 KiB): resident. Split over chunks of n, the
            // partial sums and their total are whole-batch buffers, each written and read once.
            const std::int64_t chunks = linearChunkCount(c.batch * c.heads, c.n, c.resolvedThreads());
            if (chunks > 1) {
                const double used_chunks = static_cast<double>(blockCount(c.n, blockCount(c.n, chunks)));
                traffic.intermediate_bytes = 2.0 * problems * (used_chunks + 1) * dh * dh * kFloatBytes;
            }
            break;
        }
        case Method::mha:
            // X read once (the three projections share each row block), four D x D weights, out written;
            // q, k, v and the context are whole-batch planes, each written once and read once.
            traffic.io_bytes = (2.0 * bnd + 4.0 * d * d) * kFloatBytes;
            traffic.intermediate_bytes = 8.0 * bnd * kFloatBytes;
            traffic.spill_bytes = rowScratchSpill(c, softmaxFloatsPerRow(c, c.headDim()));
            break;
        case Method::xformer: {
            const double dq = static_cast<double>(c.queryWidth());
            const double m = static_cast<double>(c.pooledLength());
            // X is read twice, by the projection q = X W_q and by the pooling v = Xᵀ E, which are separate
            // passes over the batch; W_q, E and W_o once each; out written.
            traffic.io_bytes = (3.0 * bnd + d * dq + n * m + d * d) * kFloatBytes;
            // q is written, then read by the pooling k = qᵀ E and by the scores; v, k and the context are
            // each written once and read once.
            traffic.intermediate_bytes =
                (3.0 * b * n * dq + 2.0 * b * d * m + 2.0 * b * dq * m + 2.0 * bnd) * kFloatBytes;
            traffic.spill_bytes = rowScratchSpill(c, m + 1.0);
            break;
        }
        case Method::performer: {
            const double m = static_cast<double>(c.featureCount());
            traffic.io_bytes = (4.0 * bnd + m * dh) * kFloatBytes;
            // φ(K)ᵀ [V 1] of every problem, written by the key pass and read by the query pass.
            traffic.intermediate_bytes = 2.0 * problems * m * (dh + 1.0) * kFloatBytes;
            // φ(K) is n x m per problem in one thread's scratch; the query tiles hold φ(Q) and the numerator.
            if (n * m * kFloatBytes > kResidentScratchBytes) {
                traffic.spill_bytes = 2.0 * problems * n * m * kFloatBytes;
            }
            traffic.spill_bytes += rowScratchSpill(c, m + dh + 1.0);
            break;
        }
    }
    return traffic;
}

double arithmeticIntensity(Method method, const AttentionConfig& config) {
    return estimateCost(method, config).flops / estimateTraffic(method, config).totalBytes();
}

}  // namespace attnscope
