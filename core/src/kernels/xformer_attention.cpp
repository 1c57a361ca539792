#include "attnscope/kernels/xformer_attention.h"

#include <cmath>

#include "kernels/narrow_multiply.h"
#include "kernels/parallel_tiles.h"
#include "kernels/softmax_tile.h"

namespace attnscope {

void xformerAttention(const AttentionProblem& problem, TensorView out, Workspace& workspace) {
    const AttentionConfig& c = problem.config;
    const std::int64_t dq = c.queryWidth(), dqh = c.queryHeadDim(), dh = c.headDim(), m = c.pooledLength();
    TensorView q{workspace.shared(0, static_cast<std::size_t>(c.batch * c.n * dq)), c.batch, c.n, dq};
    TensorView v{workspace.shared(1, static_cast<std::size_t>(c.batch * c.d * m)), c.batch, c.d, m};
    TensorView k{workspace.shared(2, static_cast<std::size_t>(c.batch * dq * m)), c.batch, dq, m};
    TensorView context{workspace.shared(3, static_cast<std::size_t>(c.batch * c.n * c.d)), c.batch, c.n, c.d};
    const ConstTensorView x = problem.x.view();
    const std::int64_t block = queryBlockRows(c.n);

    const std::int64_t rows_total = c.batch * c.n;
    forEachRowBlock(workspace, rows_total, 2.0 * c.d * dq, [&](std::int64_t first, std::int64_t rows) {
        StageClock clock(workspace.stageRecorder());
        multiplyNarrow(x.flatRows(first, rows), problem.w_q, q.flatRows(first, rows));
        clock.lap(Stage::projection);
    });
    // v = Xᵀ E and k = qᵀ E, by blocks of their rows: tasks [0, d) make v, tasks [d, d + dq) make k.
    forEachTile(workspace, c.batch, c.d + dq, poolBlockRows(c.batch, c.d + dq, c.n, m, activeThreadLimit()),
                [&](std::int64_t b, std::int64_t first, std::int64_t rows) {
                    StageClock clock(workspace.stageRecorder());
                    const std::int64_t v_rows = std::max<std::int64_t>(0, std::min(rows, c.d - first));
                    if (v_rows > 0) {
                        multiplyNarrow(x.block(b, first, v_rows).transpose(), problem.pooling,
                                       v.block(b, 0, m).middleRows(first, v_rows));
                    }
                    const std::int64_t k_first = std::max(first, c.d) - c.d;
                    const std::int64_t k_rows = rows - v_rows;
                    if (k_rows > 0) {
                        multiplyNarrow(ConstTensorView(q).block(b, k_first, k_rows).transpose(),
                                       problem.pooling, k.block(b, 0, m).middleRows(k_first, k_rows));
                    }
                    clock.lap(Stage::pooling);
                });
    const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
    forEachTile(
        workspace, c.batch * c.heads, c.n, block, [&](std::int64_t p, std::int64_t first, std::int64_t rows) {
            const std::int64_t b = p / c.heads, h = p % c.heads;
            StageClock clock(workspace.stageRecorder());
            const Eigen::Map<const MatrixRM> keys_t(k.matrix(b) + h * dqh * m, dqh, m);
            const Eigen::Map<const MatrixRM> values(v.matrix(b) + h * dh * m, dh, m);
            float* scratch =
                workspace.local(static_cast<std::size_t>(softmaxTileScratch(rows, m) + keyPanelScratch(dqh)));
            softmaxTile(ConstTensorView(q).block(b, h * dqh, dqh).middleRows(first, rows), keys_t.transpose(),
                        values.transpose(), context.block(b, h * dh, dh).middleRows(first, rows), scale,
                        scratch, clock);
        });
    forEachRowBlock(workspace, rows_total, 2.0 * c.d * c.d, [&](std::int64_t first, std::int64_t rows) {
        StageClock clock(workspace.stageRecorder());
        out.flatRows(first, rows).noalias() = ConstTensorView(context).flatRows(first, rows) * problem.w_o;
        clock.lap(Stage::output_projection);
    });
}

}  // namespace attnscope
