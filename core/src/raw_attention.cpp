#include "attnscope/raw_attention.h"

#include <cmath>

#include "parallel_tiles.h"
#include "softmax_tile.h"

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
    forEachTile(
        workspace, s.problems, s.n, block, [&](std::int64_t p, std::int64_t first, std::int64_t rows) {
            const std::int64_t b = p / s.heads, col = (p % s.heads) * s.head_dim;
            Eigen::Map<MatrixRM> scores(workspace.local(static_cast<std::size_t>(rows * s.n)), rows, s.n);
            scores.noalias() =
                q.block(b, col, s.head_dim).middleRows(first, rows) * k.block(b, col, s.head_dim).transpose();
            out.block(b, col, s.head_dim).middleRows(first, rows).noalias() =
                scores * v.block(b, col, s.head_dim);
        });
}

void linearAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                     TensorView out, Workspace& workspace) {
    const HeadShape s = headShape(q, heads);
    const std::int64_t dh = s.head_dim;
    const auto square = static_cast<std::size_t>(dh * dh);
    const std::int64_t chunks = linearChunkCount(s.problems, s.n, activeThreadLimit());

    if (chunks == 1) {
        // Enough problems to keep every thread busy: each task owns one (batch, head) from start to end.
        forEachProblem(workspace, s.problems, [&](std::int64_t p) {
            const std::int64_t b = p / s.heads, col = (p % s.heads) * dh;
            Eigen::Map<MatrixRM> kv(workspace.local(square), dh, dh);
            kv.noalias() = k.block(b, col, dh).transpose() * v.block(b, col, dh);
            out.block(b, col, dh).noalias() = q.block(b, col, dh) * kv;
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
            partial.noalias() = k.block(b, col, dh).middleRows(first, rows).transpose() *
                                v.block(b, col, dh).middleRows(first, rows);
        });
    forEachProblem(workspace, s.problems, [&](std::int64_t p) {
        Eigen::Map<Eigen::VectorXf> kv(kv_all + square * static_cast<std::size_t>(p),
                                       static_cast<Eigen::Index>(square));
        kv.setZero();
        for (std::int64_t c = 0; c < used_chunks; ++c) {
            kv += Eigen::Map<const Eigen::VectorXf>(
                partials + square * static_cast<std::size_t>(p * used_chunks + c),
                static_cast<Eigen::Index>(square));
        }
    });
    forEachTile(workspace, s.problems, s.n, queryBlockRows(s.n),
                [&](std::int64_t p, std::int64_t first, std::int64_t rows) {
                    const std::int64_t b = p / s.heads, col = (p % s.heads) * dh;
                    Eigen::Map<const MatrixRM> kv(kv_all + square * static_cast<std::size_t>(p), dh, dh);
                    out.block(b, col, dh).middleRows(first, rows).noalias() =
                        q.block(b, col, dh).middleRows(first, rows) * kv;
                });
}

void softmaxAttention(ConstTensorView q, ConstTensorView k, ConstTensorView v, std::int64_t heads,
                      TensorView out, Workspace& workspace) {
    const HeadShape s = headShape(q, heads);
    const float scale = 1.0f / std::sqrt(static_cast<float>(s.head_dim));
    forEachTile(workspace, s.problems, s.n, queryBlockRows(s.n),
                [&](std::int64_t p, std::int64_t first, std::int64_t rows) {
                    const std::int64_t b = p / s.heads, col = (p % s.heads) * s.head_dim;
                    float* scratch = workspace.local(static_cast<std::size_t>(rows * (s.n + 1)));
                    softmaxTile(q.block(b, col, s.head_dim).middleRows(first, rows),
                                k.block(b, col, s.head_dim).transpose(), v.block(b, col, s.head_dim),
                                out.block(b, col, s.head_dim).middleRows(first, rows), scale, scratch);
                });
}

}  // namespace attnscope
