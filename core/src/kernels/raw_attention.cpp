#include "attnscope/kernels/raw_attention.h"

#include <algorithm>
#include <cmath>

#include "kernels/narrow_multiply.h"
#include "kernels/parallel_tiles.h"
#include "kernels/softmax_tile.h"

namespace attnscope {

namespace {

struct HeadShape {
    std::int64_t n, head_dim, heads, problems;
};

HeadShape headShape(const ConstTensorView& q, std::int64_t heads) {
    return {q.rows, q.cols / heads, heads, q.batch * heads};
}

}  // namespace

void quadraticAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                        TensorView out, Workspace& workspace) {
    const HeadShape s = headShape(q, heads);
    const std::int64_t block = queryBlockRows(s.n);
    // Keys in blocks, as the streaming softmax does: (Q Kᵀ) V = Σ_b (Q K_bᵀ) V_b keeps the score tile in L2
    // whatever n is, without changing the order of the products the notebook times.
    const std::int64_t key_block = std::min(s.n, kStreamingKeyBlock);
    forEachTile(
        workspace, s.problems, s.n, block, [&](std::int64_t p, std::int64_t first, std::int64_t rows) {
            const std::int64_t b = p / s.heads, col = (p % s.heads) * s.head_dim;
            const auto queries = q.block(b, col, s.head_dim).middleRows(first, rows);
            const auto keys = k.block(b, col, s.head_dim);
            const auto values = v.block(b, col, s.head_dim);
            auto result = out.block(b, col, s.head_dim).middleRows(first, rows);
            StageClock clock(workspace.stageRecorder());
            float* scratch =
                workspace.local(static_cast<std::size_t>(rows * key_block + keyPanelScratch(s.head_dim)));
            Eigen::Map<MatrixRM> scores(scratch, rows, key_block);
            float* panel = scratch + rows * key_block;
            for (std::int64_t key = 0; key < s.n; key += key_block) {
                const std::int64_t count = std::min(key_block, s.n - key);
                auto tile = scores.leftCols(count);
                multiplyByKeysTransposed(queries, keys.middleRows(key, count), tile, panel);
                clock.lap(Stage::scores);
                multiplyScoresByValues(tile, values.middleRows(key, count), result, key > 0);
                clock.lap(Stage::weighted_sum);
            }
        });
}

namespace {

// kv = K^T V, summed over pieces of rows (stops early when cancelled; the result is then discarded).
template <class Keys, class Values, class KeyValues>
void keyValues(const Workspace& workspace, const Keys& keys, const Values& values, KeyValues& kv) {
    const double flops_per_row = 2.0 * static_cast<double>(keys.cols() * values.cols());
    StageClock clock(workspace.stageRecorder());
    forEachPiece(workspace, keys.rows(), flops_per_row, [&](std::int64_t first, std::int64_t count) {
        multiplyNarrow(keys.middleRows(first, count).transpose(), values.middleRows(first, count), kv,
                       first > 0);
        clock.lap(Stage::key_values);
    });
}

// out = Q kv, in pieces of rows (stops early when cancelled).
template <class Queries, class KeyValues, class Out>
void applyKeyValues(const Workspace& workspace, const Queries& queries, const KeyValues& kv, Out&& out) {
    const double flops_per_row = 2.0 * static_cast<double>(queries.cols() * kv.cols());
    StageClock clock(workspace.stageRecorder());
    forEachPiece(workspace, queries.rows(), flops_per_row, [&](std::int64_t first, std::int64_t count) {
        multiplyByKeyValues(queries.middleRows(first, count), kv, out.middleRows(first, count));
        clock.lap(Stage::query_product);
    });
}

}  // namespace

void linearAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                     TensorView out, Workspace& workspace) {
    const HeadShape s = headShape(q, heads);
    const std::int64_t dh = s.head_dim;
    const auto square = static_cast<std::size_t>(dh * dh);
    if (useLinearColumnBlocks(dh)) {
        forEachTile(
            workspace, s.problems, dh, kLinearColumnBlock,
            [&](std::int64_t p, std::int64_t first_col, std::int64_t cols) {
                const std::int64_t b = p / s.heads, col = (p % s.heads) * dh;
                Eigen::Map<MatrixRM> kv(workspace.local(static_cast<std::size_t>(dh * cols)), dh, cols);
                keyValues(workspace, k.block(b, col, dh), v.block(b, col + first_col, cols), kv);
                applyKeyValues(workspace, q.block(b, col, dh), kv, out.block(b, col + first_col, cols));
            });
        return;
    }
    const std::int64_t chunks = linearChunkCount(s.problems, s.n, activeThreadLimit());
    if (chunks == 1) {
        // Enough problems to keep every thread busy: each task owns one (batch, head) from start to end.
        forEachProblem(workspace, s.problems, [&](std::int64_t p) {
            const std::int64_t b = p / s.heads, col = (p % s.heads) * dh;
            Eigen::Map<MatrixRM> kv(workspace.local(square), dh, dh);
            keyValues(workspace, k.block(b, col, dh), v.block(b, col, dh), kv);
            applyKeyValues(workspace, q.block(b, col, dh), kv, out.block(b, col, dh));
        });
        return;
    }

    // Few problems: split the reduction over n into chunks, sum the partial K^T V, then tile the queries.
    const std::int64_t chunk_rows = blockCount(s.n, chunks);
    const std::int64_t used_chunks = blockCount(s.n, chunk_rows);
    float* partials = workspace.shared(0, square * static_cast<std::size_t>(s.problems * used_chunks));
    float* kv_all = workspace.shared(1, square * static_cast<std::size_t>(s.problems));
    forEachTile(
        workspace, s.problems, s.n, chunk_rows, [&](std::int64_t p, std::int64_t first, std::int64_t rows) {
            const std::int64_t b = p / s.heads, col = (p % s.heads) * dh;
            Eigen::Map<MatrixRM> partial(
                partials + square * static_cast<std::size_t>(p * used_chunks + first / chunk_rows), dh, dh);
            keyValues(workspace, k.block(b, col, dh).middleRows(first, rows),
                      v.block(b, col, dh).middleRows(first, rows), partial);
        });
    forEachProblem(workspace, s.problems, [&](std::int64_t p) {
        StageClock clock(workspace.stageRecorder());
        Eigen::Map<Eigen::VectorXf> kv(kv_all + square * static_cast<std::size_t>(p),
                                       static_cast<Eigen::Index>(square));
        kv.setZero();
        for (std::int64_t c = 0; c < used_chunks; ++c) {
            kv += Eigen::Map<const Eigen::VectorXf>(
                partials + square * static_cast<std::size_t>(p * used_chunks + c),
                static_cast<Eigen::Index>(square));
        }
        clock.lap(Stage::key_values);
    });
    forEachTile(workspace, s.problems, s.n, queryBlockRows(s.n),
                [&](std::int64_t p, std::int64_t first, std::int64_t rows) {
                    const std::int64_t b = p / s.heads, col = (p % s.heads) * dh;
                    StageClock clock(workspace.stageRecorder());
                    Eigen::Map<const MatrixRM> kv(kv_all + square * static_cast<std::size_t>(p), dh, dh);
                    multiplyByKeyValues(q.block(b, col, dh).middleRows(first, rows), kv,
                                        out.block(b, col, dh).middleRows(first, rows));
                    clock.lap(Stage::query_product);
                });
}

void softmaxAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                      TensorView out, Workspace& workspace) {
    if (useStreamingSoftmax(q.rows)) {
        streamingSoftmaxAttention(q, k, v, heads, out, workspace);
    } else {
        fullRowSoftmaxAttention(q, k, v, heads, out, workspace);
    }
}

void fullRowSoftmaxAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                             TensorView out, Workspace& workspace) {
    const HeadShape s = headShape(q, heads);
    const float scale = 1.0f / std::sqrt(static_cast<float>(s.head_dim));
    forEachTile(workspace, s.problems, s.n, queryBlockRows(s.n),
                [&](std::int64_t p, std::int64_t first, std::int64_t rows) {
                    const std::int64_t b = p / s.heads, col = (p % s.heads) * s.head_dim;
                    StageClock clock(workspace.stageRecorder());
                    float* scratch = workspace.local(static_cast<std::size_t>(softmaxTileScratch(rows, s.n) +
                                                                              keyPanelScratch(s.head_dim)));
                    softmaxTile(q.block(b, col, s.head_dim).middleRows(first, rows),
                                k.block(b, col, s.head_dim), v.block(b, col, s.head_dim),
                                out.block(b, col, s.head_dim).middleRows(first, rows), scale, scratch, clock);
                });
}

void streamingSoftmaxAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                               TensorView out, Workspace& workspace, std::int64_t key_block) {
    const HeadShape s = headShape(q, heads);
    const float scale = 1.0f / std::sqrt(static_cast<float>(s.head_dim));
    const std::int64_t block = std::clamp<std::int64_t>(key_block, 1, s.n);
    forEachTile(workspace, s.problems, s.n, queryBlockRows(s.n),
                [&](std::int64_t p, std::int64_t first, std::int64_t rows) {
                    const std::int64_t b = p / s.heads, col = (p % s.heads) * s.head_dim;
                    StageClock clock(workspace.stageRecorder());
                    float* scratch = workspace.local(static_cast<std::size_t>(
                        streamingSoftmaxScratch(rows, block, s.head_dim) + keyPanelScratch(s.head_dim)));
                    streamingSoftmaxTile(q.block(b, col, s.head_dim).middleRows(first, rows),
                                         k.block(b, col, s.head_dim), v.block(b, col, s.head_dim),
                                         out.block(b, col, s.head_dim).middleRows(first, rows), scale, block,
                                         scratch, clock);
                });
}

}  // namespace attnscope
