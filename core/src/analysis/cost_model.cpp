#include "attnscope/analysis/cost_model.h"

#include <algorithm>

#include "attnscope/kernels/kernel_tuning.h"

namespace attnscope {

namespace {
constexpr double kFloatBytes = sizeof(float);
}

CostEstimate estimateCost(Method method, const AttentionConfig& c) {
    const double b = static_cast<double>(c.batch);
    const double n = static_cast<double>(c.n);
    const double d = static_cast<double>(c.d);
    const double h = static_cast<double>(c.heads);
    const double dh = static_cast<double>(c.headDim());
    const double threads = static_cast<double>(c.resolvedThreads());
    const double tile_rows = static_cast<double>(queryBlockRows(c.n));
    const double bnd = b * n * d;

    CostEstimate cost;
    switch (method) {
        case Method::quadratic:
        case Method::softmax:
            cost.flops = 4.0 * b * n * n * d;
            cost.extra_bytes = b * h * n * n * kFloatBytes;
            cost.io_bytes = 4.0 * bnd * kFloatBytes;
            if (method == Method::quadratic) {
                cost.workspace_bytes = threads * tile_rows *
                                       static_cast<double>(std::min(c.n, kStreamingKeyBlock)) * kFloatBytes;
            } else {
                cost.workspace_bytes =
                    useStreamingSoftmax(c.n)
                        ? threads *
                              static_cast<double>(streamingSoftmaxScratch(
                                  queryBlockRows(c.n), std::min(c.n, kStreamingKeyBlock), c.headDim())) *
                              kFloatBytes
                        : threads * static_cast<double>(softmaxTileScratch(queryBlockRows(c.n), c.n)) *
                              kFloatBytes;
            }
            cost.workspace_bytes += threads * static_cast<double>(keyPanelScratch(c.headDim())) * kFloatBytes;
            break;
        case Method::linear: {
            cost.flops = 4.0 * b * n * d * dh;
            cost.extra_bytes = b * h * dh * dh * kFloatBytes;
            cost.io_bytes = 4.0 * bnd * kFloatBytes;
            const double chunks =
                static_cast<double>(linearChunkCount(c.batch * c.heads, c.n, c.resolvedThreads()));
            if (useLinearColumnBlocks(c.headDim())) {
                cost.workspace_bytes = threads * dh * static_cast<double>(kLinearColumnBlock) * kFloatBytes;
            } else {
                cost.workspace_bytes = chunks > 1 ? b * h * (chunks + 1) * dh * dh * kFloatBytes
                                                  : threads * dh * dh * kFloatBytes;
            }
            break;
        }
        case Method::mha:
            cost.flops = 8.0 * b * n * d * d + 4.0 * b * n * n * d;
            cost.extra_bytes = (4.0 * bnd + b * h * n * n) * kFloatBytes;
            cost.io_bytes = (2.0 * bnd + 4.0 * d * d) * kFloatBytes;
            cost.workspace_bytes =
                (4.0 * bnd + threads * static_cast<double>(softmaxTileScratch(queryBlockRows(c.n), c.n) +
                                                           keyPanelScratch(c.headDim()))) *
                kFloatBytes;
            break;
        case Method::xformer: {
            const double dq = static_cast<double>(c.queryWidth());
            const double m = static_cast<double>(c.pooledLength());
            cost.flops = 2.0 * b * n * d * dq    // q = X W_q
                         + 2.0 * b * n * d * m   // v = X^T E
                         + 2.0 * b * n * dq * m  // k = q^T E
                         + 2.0 * b * n * m * dq  // scores q_h k_h
                         + 2.0 * b * n * m * d   // A_h v_h^T
                         + 2.0 * b * n * d * d;  // W_o
            cost.extra_bytes = (b * n * dq + b * d * m + b * dq * m + b * h * n * m + bnd) * kFloatBytes;
            cost.io_bytes = (2.0 * bnd + d * dq + n * m + d * d) * kFloatBytes;
            cost.workspace_bytes =
                (b * n * dq + b * d * m + b * dq * m + bnd +
                 threads * static_cast<double>(softmaxTileScratch(queryBlockRows(c.n), c.pooledLength()) +
                                               keyPanelScratch(c.queryHeadDim()))) *
                kFloatBytes;
            break;
        }
        case Method::performer: {
            const double m = static_cast<double>(c.featureCount());
            cost.flops = 8.0 * b * h * n * m * dh + 4.0 * b * h * n * m;
            cost.extra_bytes = (2.0 * b * h * n * m + b * h * m * (dh + 1)) * kFloatBytes;
            cost.io_bytes = (4.0 * bnd + m * dh) * kFloatBytes;
            cost.workspace_bytes =
                (b * h * m * (dh + 1) + threads * ((n + dh) * m + tile_rows * (m + dh + 1))) * kFloatBytes;
            break;
        }
    }
    return cost;
}

}  // namespace attnscope
