#include "attnscope/kernels/mha_attention.h"

#include "attnscope/kernels/raw_attention.h"
#include "attnscope/measuring/stages.h"
#include "kernels/parallel_tiles.h"

namespace attnscope {

void mhaAttention(const AttentionProblem& problem, TensorView out, Workspace& workspace) {
    const AttentionConfig& c = problem.config;
    const auto plane = static_cast<std::size_t>(c.batch * c.n * c.d);
    TensorView q{workspace.shared(2, plane), c.batch, c.n, c.d};
    TensorView k{workspace.shared(3, plane), c.batch, c.n, c.d};
    TensorView v{workspace.shared(4, plane), c.batch, c.n, c.d};
    TensorView context{workspace.shared(5, plane), c.batch, c.n, c.d};
    const ConstTensorView x = problem.x.view();
    const std::int64_t rows_total = c.batch * c.n;
    const double projection_flops_per_row = 2.0 * c.d * c.d;

    forEachRowBlock(workspace, rows_total, 3.0 * projection_flops_per_row,
                    [&](std::int64_t first, std::int64_t rows) {
                        StageClock clock(workspace.stageRecorder());
                        const auto x_rows = x.flatRows(first, rows);
                        q.flatRows(first, rows).noalias() = x_rows * problem.w_q;
                        k.flatRows(first, rows).noalias() = x_rows * problem.w_k;
                        v.flatRows(first, rows).noalias() = x_rows * problem.w_v;
                        clock.lap(Stage::projection);
                    });
    // Slots 0 and 1 stay free for the inner kernel.
    softmaxAttention(q, k, v, c.heads, context, workspace);
    forEachRowBlock(workspace, rows_total, projection_flops_per_row,
                    [&](std::int64_t first, std::int64_t rows) {
                        StageClock clock(workspace.stageRecorder());
                        out.flatRows(first, rows).noalias() =
                            ConstTensorView(context).flatRows(first, rows) * problem.w_o;
                        clock.lap(Stage::output_projection);
                    });
}

}  // namespace attnscope
