#include "attnscope/analysis/heatmap_data.h"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/heatmap_internals.h"
#include "attnscope/kernels/performer_attention.h"
#include "attnscope/kernels/problem.h"
#include "kernels/performer_features.h"

namespace attnscope {

using heatmap_internals::addColumnBlockSums;
using heatmap_internals::cellCount;
using heatmap_internals::checkInputShape;
using heatmap_internals::divideByBlockSizes;
using heatmap_internals::drawConfig;
using heatmap_internals::emptyMap;
using heatmap_internals::softmaxRows;

namespace {

// One thread's tile buffers, sized for a full tile once and reused: a first touch of a fresh page costs
// ~12 µs here, so allocating per tile made n = 16384 page-fault bound.
struct TileScratch {
    MatrixRM exact, implied, query_features, pooled;
    Eigen::RowVectorXf difference;
};

// What one tile of row blocks contributes; tiles never share a row block, so they write disjoint rows.
struct TileErrorSums {
    double difference_squared = 0, exact_squared = 0, max_abs = 0;
};

}  // namespace

std::int64_t blockSizeFor(std::int64_t length, std::int64_t max_cells) {
    if (length <= 0 || max_cells <= 0) throw std::invalid_argument("blockSizeFor needs positive sizes");
    return (length + max_cells - 1) / max_cells;
}

BlockMap blockAverage(const MatrixRM& full, std::int64_t row_block, std::int64_t col_block) {
    if (row_block <= 0 || col_block <= 0) throw std::invalid_argument("block sizes must be positive");
    BlockMap map;
    map.rows = full.rows();
    map.cols = full.cols();
    map.row_block = row_block;
    map.col_block = col_block;
    map.cells = Tensor(1, cellCount(map.rows, row_block), cellCount(map.cols, col_block));
    auto sums = map.values();
    sums.setZero();
    for (Eigen::Index i = 0; i < full.rows(); ++i) {
        addColumnBlockSums(full.row(i), col_block, sums.row(i / row_block));
    }
    divideByBlockSizes(map);
    return map;
}

ApproximationError approximationError(const Eigen::Ref<const MatrixRM>& approximation,
                                      const Eigen::Ref<const MatrixRM>& exact) {
    if (approximation.rows() != exact.rows() || approximation.cols() != exact.cols()) {
        throw std::invalid_argument("approximationError needs matrices of the same shape");
    }
    const Eigen::ArrayXXd difference = (approximation.cast<double>() - exact.cast<double>()).array();
    const double exact_norm = exact.cast<double>().norm();
    return {exact_norm > 0 ? std::sqrt(difference.square().sum()) / exact_norm : 0.0,
            difference.size() ? difference.abs().maxCoeff() : 0.0};
}

std::optional<HeatmapData> computeHeatmaps(const AttentionConfig& requested, const UserInputs* inputs,
                                           const HeatmapRequest& request, const std::atomic<bool>* cancel) {
    const std::int64_t b = request.batch, h = request.head;
    AttentionConfig config = drawConfig(requested, inputs, b);
    if (h < 0 || h >= config.heads) {
        throw std::out_of_range("head index " + std::to_string(h) + " is out of range: allowed 0 to " +
                                std::to_string(config.heads - 1));
    }
    if (inputs) {
        checkInputShape(inputs->q, "q", config);
        checkInputShape(inputs->k, "k", config);
        checkInputShape(inputs->x, "x", config);
    }
    auto cancelled = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };

    HeatmapData data;
    data.config = config;
    data.batch = b;
    data.head = h;
    const bool user_qk = inputs && !inputs->q.empty() && !inputs->k.empty();
    data.user_queries = user_qk;
    if (user_qk && inputs->tokens.size() == static_cast<std::size_t>(data.config.n))
        data.tokens = inputs->tokens;
    data.xformer_uses_x = inputs && !inputs->x.empty();
    data.xformer_uses_q = !data.xformer_uses_x && inputs && !inputs->q.empty();

    AttentionConfig draw = config;
    draw.batch = b + 1;
    // Loaded tensors keep their full batch; makeProblem takes them as they are.
    UserInputs raw_inputs, layer_inputs;
    if (user_qk) {
        raw_inputs.q = inputs->q;
        raw_inputs.k = inputs->k;
        raw_inputs.v = inputs->v.empty() ? inputs->k : inputs->v;
    }
    if (data.xformer_uses_x) layer_inputs.x = inputs->x;
    if (data.xformer_uses_q) layer_inputs.x = inputs->q;
    const AttentionProblem raw = makeProblem(Method::softmax, draw, &raw_inputs);
    if (cancelled()) return std::nullopt;
    const AttentionProblem layer = makeProblem(Method::xformer, draw, &layer_inputs);
    if (cancelled()) return std::nullopt;
    const MatrixRM features = orthogonalRandomFeatures(config.featureCount(), config.headDim(), config.seed);

    const std::int64_t n = config.n, dh = config.headDim(), dqh = config.queryHeadDim();
    const std::int64_t m = config.pooledLength(), feature_count = config.featureCount();
    const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
    // Contiguous copies of this head's columns keep the tile products on Eigen's fast path.
    const MatrixRM q = raw.q.view().block(b, h * dh, dh);
    const MatrixRM k = raw.k.view().block(b, h * dh, dh);
    const MatrixRM layer_q = (layer.x.matrix(b) * layer.w_q).middleCols(h * dqh, dqh);
    const MatrixRM layer_k = layer_q.transpose() * layer.pooling;  // dqh x m
    const FeatureMap feature_map(features, dh);
    MatrixRM key_features(n, feature_count);
    feature_map.keys(k, key_features);  // the key stabiliser is a maximum over the whole head
    if (cancelled()) return std::nullopt;

    data.softmax = emptyMap(n, n, request.max_cells);
    data.performer = emptyMap(n, n, request.max_cells);
    data.difference = emptyMap(n, n, request.max_cells);
    data.xformer = emptyMap(n, m, request.max_cells);

    const std::int64_t row_block = data.softmax.row_block, col_block = data.softmax.col_block;
    const std::int64_t x_col_block = data.xformer.col_block;
    // About 64 rows per tile amortises the GEMM; whole row blocks so that tiles own their output rows.
    const std::int64_t blocks_per_tile = std::max<std::int64_t>(1, 64 / row_block);
    const std::int64_t tiles = cellCount(cellCount(n, row_block), blocks_per_tile);

    // The maps' cells accumulate block sums first; tiles own whole row blocks, so they never share a row.
    auto softmax_sums = data.softmax.values(), performer_sums = data.performer.values();
    auto difference_sums = data.difference.values(), xformer_sums = data.xformer.values();
    std::vector<TileErrorSums> tile_errors(static_cast<std::size_t>(tiles));

    const std::int64_t tile_rows = std::min(blocks_per_tile * row_block, n);
    oneapi::tbb::enumerable_thread_specific<TileScratch> scratches([&] {
        return TileScratch{MatrixRM(tile_rows, n), MatrixRM(tile_rows, n), MatrixRM(tile_rows, feature_count),
                           MatrixRM(tile_rows, m), Eigen::RowVectorXf(n)};
    });
    auto run_tile = [&](std::int64_t tile) {
        if (cancelled()) return;
        const std::int64_t first = tile * blocks_per_tile * row_block;
        const std::int64_t rows = std::min(blocks_per_tile * row_block, n - first);
        TileScratch& scratch = scratches.local();
        auto exact = scratch.exact.topRows(rows);
        auto implied = scratch.implied.topRows(rows);
        auto query_features = scratch.query_features.topRows(rows);
        auto pooled = scratch.pooled.topRows(rows);
        Eigen::RowVectorXf& difference = scratch.difference;
        exact.noalias() = q.middleRows(first, rows) * k.transpose();
        softmaxRows(exact, scale);
        feature_map.queries(q.middleRows(first, rows), query_features);
        implied.noalias() = query_features * key_features.transpose();
        for (Eigen::Index i = 0; i < rows; ++i) implied.row(i) /= implied.row(i).sum();
        pooled.noalias() = layer_q.middleRows(first, rows) * layer_k;
        softmaxRows(pooled, scale);

        TileErrorSums& error = tile_errors[static_cast<std::size_t>(tile)];
        for (Eigen::Index i = 0; i < rows; ++i) {
            const std::int64_t cell = (first + i) / row_block;
            difference = (implied.row(i) - exact.row(i)).cwiseAbs();
            error.difference_squared += difference.cast<double>().squaredNorm();
            error.exact_squared += exact.row(i).cast<double>().squaredNorm();
            error.max_abs = std::max(error.max_abs, static_cast<double>(difference.maxCoeff()));
            addColumnBlockSums(exact.row(i), col_block, softmax_sums.row(cell));
            addColumnBlockSums(implied.row(i), col_block, performer_sums.row(cell));
            addColumnBlockSums(difference, col_block, difference_sums.row(cell));
            addColumnBlockSums(pooled.row(i), x_col_block, xformer_sums.row(cell));
        }
    };
    oneapi::tbb::task_arena arena(config.resolvedThreads());
    arena.execute([&] { oneapi::tbb::parallel_for(std::int64_t{0}, tiles, run_tile); });
    if (cancelled()) return std::nullopt;

    for (BlockMap* map : {&data.softmax, &data.performer, &data.difference, &data.xformer}) {
        divideByBlockSizes(*map);
    }
    TileErrorSums total;
    for (const TileErrorSums& e : tile_errors) {
        total.difference_squared += e.difference_squared;
        total.exact_squared += e.exact_squared;
        total.max_abs = std::max(total.max_abs, e.max_abs);
    }
    data.error.relative_frobenius =
        total.exact_squared > 0 ? std::sqrt(total.difference_squared / total.exact_squared) : 0.0;
    data.error.max_abs = total.max_abs;
    return data;
}

}  // namespace attnscope
