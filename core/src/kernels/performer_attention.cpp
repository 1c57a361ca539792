#include "attnscope/kernels/performer_attention.h"

#include <Eigen/QR>
#include <cmath>
#include <limits>
#include <random>

#include "attnscope/measuring/stages.h"
#include "kernels/narrow_multiply.h"
#include "kernels/parallel_tiles.h"
#include "kernels/performer_features.h"

namespace attnscope {

MatrixRM orthogonalRandomFeatures(std::int64_t features, std::int64_t head_dim, std::uint64_t seed) {
    std::mt19937_64 engine(seed ^ 0x5eed'fea7'0000'0001ull);
    std::normal_distribution<double> gaussian(0.0, 1.0);
    MatrixRM result(features, head_dim);
    for (std::int64_t first = 0; first < features; first += head_dim) {
        MatrixRMd block(head_dim, head_dim);
        for (Eigen::Index i = 0; i < block.size(); ++i) block.data()[i] = gaussian(engine);
        const MatrixRMd orthonormal = Eigen::HouseholderQR<MatrixRMd>(block).householderQ();
        const std::int64_t rows = std::min(head_dim, features - first);
        for (std::int64_t r = 0; r < rows; ++r) {
            double norm_squared = 0;
            for (std::int64_t j = 0; j < head_dim; ++j) norm_squared += std::pow(gaussian(engine), 2);
            result.row(first + r) = (orthonormal.row(r) * std::sqrt(norm_squared)).cast<float>();
        }
    }
    return result;
}

void performerAttention(const AttentionProblem& problem, TensorView out, Workspace& workspace) {
    const AttentionConfig& c = problem.config;
    const std::int64_t dh = c.headDim(), m = c.featureCount(), problems = c.batch * c.heads;
    const std::int64_t kv_size = m * (dh + 1);
    float* kv_all = workspace.shared(0, static_cast<std::size_t>(problems * kv_size));
    const ConstTensorView q = problem.q.view(), k = problem.k.view(), v = problem.v.view();
    const FeatureMap feature_map(problem.features, dh);

    // Key side, one task per (batch, head): the key stabiliser is a maximum over the whole head.
    forEachProblem(workspace, problems, [&](std::int64_t p) {
        const std::int64_t b = p / c.heads, col = (p % c.heads) * dh;
        StageClock clock(workspace.stageRecorder());
        // One scratch: φ(K) (n × m), then Vᵀ φ(K) (dh × m).
        float* scratch = workspace.local(static_cast<std::size_t>((c.n + dh) * m));
        Eigen::Map<MatrixRM> key_features(scratch, c.n, m);
        feature_map.keys(k.block(b, col, dh), key_features);
        clock.lap(Stage::feature_map);
        Eigen::Map<MatrixRM> kv(kv_all + p * kv_size, m, dh + 1);
        // (φ(K)ᵀ V)ᵀ = Vᵀ φ(K): dh rows of m columns keep the narrow product's vectors full (as m × dh they
        // were dh = 8 wide), Vᵀ read in place; then transposed into kv, m × (dh + 1), for the query product.
        Eigen::Map<MatrixRM> values_by_features(scratch + c.n * m, dh, m);
        narrowProductOf(v.block(b, col, dh).transpose(), key_features, values_by_features);
        kv.leftCols(dh) = values_by_features.transpose();
        Eigen::RowVectorXf column_sums = Eigen::RowVectorXf::Zero(m);  // row by row: contiguous, vectorised
        for (Eigen::Index i = 0; i < key_features.rows(); ++i) column_sums += key_features.row(i);
        kv.col(dh) = column_sums.transpose();
        clock.lap(Stage::key_values);
    });
    forEachTile(workspace, problems, c.n, queryBlockRows(c.n),
                [&](std::int64_t p, std::int64_t first, std::int64_t rows) {
                    const std::int64_t b = p / c.heads, col = (p % c.heads) * dh;
                    StageClock clock(workspace.stageRecorder());
                    float* scratch = workspace.local(static_cast<std::size_t>(rows * (m + dh + 1)));
                    Eigen::Map<MatrixRM> query_features(scratch, rows, m);
                    Eigen::Map<MatrixRM> numerator(scratch + rows * m, rows, dh + 1);
                    feature_map.queries(q.block(b, col, dh).middleRows(first, rows), query_features);
                    clock.lap(Stage::feature_map);
                    multiplyNarrow(query_features,
                                   Eigen::Map<const MatrixRM>(kv_all + p * kv_size, m, dh + 1), numerator);
                    const auto normaliser =
                        numerator.col(dh).array().max(std::numeric_limits<float>::min()).inverse();
                    out.block(b, col, dh).middleRows(first, rows) =
                        (numerator.leftCols(dh).array().colwise() * normaliser).matrix();
                    clock.lap(Stage::query_product);
                });
}

}  // namespace attnscope
