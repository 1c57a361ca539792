#include "attnscope/kernels/attention_matrix.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "kernels/performer_features.h"

namespace attnscope {

namespace {

void softmaxRows(MatrixRM& scores, float scale) {
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
        auto row = scores.row(i).array();
        row = ((row - row.maxCoeff()) * scale).exp();
        row /= row.sum();
    }
}

}  // namespace

MatrixRM attentionMatrix(const AttentionProblem& problem, std::int64_t batch, std::int64_t head,
                         std::uint64_t max_bytes) {
    const AttentionConfig& c = problem.config;
    if (batch < 0 || batch >= c.batch) {
        throw std::out_of_range("batch index " + std::to_string(batch) + " is out of range: allowed 0 to " +
                                std::to_string(c.batch - 1));
    }
    if (head < 0 || head >= c.heads) {
        throw std::out_of_range("head index " + std::to_string(head) + " is out of range: allowed 0 to " +
                                std::to_string(c.heads - 1));
    }
    const std::int64_t cols = problem.method == Method::xformer ? c.pooledLength() : c.n;
    const double bytes = static_cast<double>(c.n) * static_cast<double>(cols) * sizeof(float);
    const std::uint64_t limit = max_bytes ? max_bytes : defaultMemoryBudgetBytes();
    if (bytes > static_cast<double>(limit)) {
        throw std::length_error("the " + std::to_string(c.n) + " x " + std::to_string(cols) +
                                " attention matrix needs " + formatBytes(bytes) + ", above the limit of " +
                                formatBytes(static_cast<double>(limit)));
    }

    const std::int64_t dh = c.headDim(), col = head * dh;
    const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
    switch (problem.method) {
        case Method::quadratic:
        case Method::linear:
            return problem.q.view().block(batch, col, dh) *
                   problem.k.view().block(batch, col, dh).transpose();
        case Method::softmax: {
            MatrixRM scores =
                problem.q.view().block(batch, col, dh) * problem.k.view().block(batch, col, dh).transpose();
            softmaxRows(scores, scale);
            return scores;
        }
        case Method::mha: {
            const auto x = problem.x.matrix(batch);
            const MatrixRM q = x * problem.w_q.middleCols(col, dh);
            const MatrixRM k = x * problem.w_k.middleCols(col, dh);
            MatrixRM scores = q * k.transpose();
            softmaxRows(scores, scale);
            return scores;
        }
        case Method::xformer: {
            const MatrixRM q = problem.x.matrix(batch) * problem.w_q;
            const std::int64_t dqh = c.queryHeadDim();
            const MatrixRM k_head = q.middleCols(head * dqh, dqh).transpose() * problem.pooling;
            MatrixRM scores = q.middleCols(head * dqh, dqh) * k_head;
            softmaxRows(scores, scale);
            return scores;
        }
        case Method::performer: {
            const FeatureMap feature_map(problem.features, dh);
            MatrixRM query_features(c.n, c.featureCount()), key_features(c.n, c.featureCount());
            feature_map.queries(problem.q.view().block(batch, col, dh), query_features);
            feature_map.keys(problem.k.view().block(batch, col, dh), key_features);
            MatrixRM implied = query_features * key_features.transpose();
            for (Eigen::Index i = 0; i < implied.rows(); ++i) implied.row(i) /= implied.row(i).sum();
            return implied;
        }
    }
    return {};
}

}  // namespace attnscope
