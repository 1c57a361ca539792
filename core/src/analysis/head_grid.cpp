#include "attnscope/analysis/head_grid.h"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cmath>

#include "analysis/heatmap_internals.h"
#include "attnscope/kernels/problem.h"

namespace attnscope {

using heatmap_internals::addColumnBlockSums;
using heatmap_internals::cellCount;
using heatmap_internals::checkInputShape;
using heatmap_internals::divideByBlockSizes;
using heatmap_internals::drawConfig;
using heatmap_internals::emptyMap;
using heatmap_internals::softmaxRows;

std::optional<HeadGrid> computeHeadGrid(const AttentionConfig& requested, const UserInputs* inputs,
                                        std::int64_t batch, std::int64_t max_cells,
                                        const std::atomic<bool>* cancel) {
    const AttentionConfig config = drawConfig(requested, inputs, batch);
    if (inputs) {
        checkInputShape(inputs->q, "q", config);
        checkInputShape(inputs->k, "k", config);
    }
    auto cancelled = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };

    HeadGrid grid;
    grid.config = config;
    grid.batch = batch;
    grid.user_queries = inputs && !inputs->q.empty() && !inputs->k.empty();
    AttentionConfig draw = config;
    draw.batch = batch + 1;  // as computeHeatmaps: batch b of a (b + 1)-batch draw is batch b of the full one
    UserInputs raw_inputs;
    if (grid.user_queries) {
        raw_inputs.q = inputs->q;
        raw_inputs.k = inputs->k;
        raw_inputs.v = inputs->v.empty() ? inputs->k : inputs->v;
    }
    const AttentionProblem raw = makeProblem(Method::softmax, draw, &raw_inputs);
    if (cancelled()) return std::nullopt;

    const std::int64_t n = config.n, dh = config.headDim(), heads = config.heads;
    const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
    // Contiguous copies of each head's columns keep the tile products on Eigen's fast path.
    std::vector<MatrixRM> q, k;
    for (std::int64_t h = 0; h < heads; ++h) {
        q.push_back(raw.q.view().block(batch, h * dh, dh));
        k.push_back(raw.k.view().block(batch, h * dh, dh));
        grid.heads.push_back(emptyMap(n, n, max_cells));
    }
    const std::int64_t row_block = grid.heads.front().row_block, col_block = grid.heads.front().col_block;
    // About 64 rows per tile amortises the product; whole row blocks so that tiles own their output rows.
    const std::int64_t blocks_per_tile = std::max<std::int64_t>(1, 64 / row_block);
    const std::int64_t tiles = cellCount(cellCount(n, row_block), blocks_per_tile);
    const std::int64_t tile_rows = std::min(blocks_per_tile * row_block, n);
    oneapi::tbb::enumerable_thread_specific<MatrixRM> scratches([&] { return MatrixRM(tile_rows, n); });
    auto run_tile = [&](std::int64_t job) {
        if (cancelled()) return;
        const std::int64_t h = job / tiles, tile = job % tiles;
        const std::int64_t first = tile * blocks_per_tile * row_block;
        const std::int64_t rows = std::min(blocks_per_tile * row_block, n - first);
        auto scores = scratches.local().topRows(rows);
        scores.noalias() = q[h].middleRows(first, rows) * k[h].transpose();
        softmaxRows(scores, scale);
        auto sums = grid.heads[h].values();
        for (Eigen::Index i = 0; i < rows; ++i) {
            addColumnBlockSums(scores.row(i), col_block, sums.row((first + i) / row_block));
        }
    };
    oneapi::tbb::task_arena arena(config.resolvedThreads());
    arena.execute([&] { oneapi::tbb::parallel_for(std::int64_t{0}, heads * tiles, run_tile); });
    if (cancelled()) return std::nullopt;
    for (BlockMap& map : grid.heads) {
        divideByBlockSizes(map);
        grid.largest = std::max(grid.largest, map.values().maxCoeff());
    }
    return grid;
}

}  // namespace attnscope
