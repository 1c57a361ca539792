#pragma once
#include <Eigen/Core>
#include <cstdint>

#include "attnscope/tensor.h"

namespace attnscope {

// out = softmax(scale · queries · keys_t) · values for one tile of query rows. The score tile lives in
// `scratch` (rows x (keys + 1) floats) and is never written to memory as a whole n x n matrix; scale, max,
// exp and the row sums are applied row by row while the row is in cache.
template <class Queries, class KeysT, class Values, class Out>
void softmaxTile(const Queries& queries, const KeysT& keys_t, const Values& values, Out&& out, float scale,
                 float* scratch) {
    const Eigen::Index rows = queries.rows();
    const Eigen::Index keys = keys_t.cols();
    Eigen::Map<MatrixRM> scores(scratch, rows, keys);
    Eigen::Map<Eigen::VectorXf> inverse_sums(scratch + rows * keys, rows);
    scores.noalias() = queries * keys_t;
    for (Eigen::Index i = 0; i < rows; ++i) {
        auto row = scores.row(i).array();
        const float row_max = row.maxCoeff();
        row = ((row - row_max) * scale).exp();
        inverse_sums[i] = 1.0f / row.sum();
    }
    out.noalias() = scores * values;
    out = inverse_sums.asDiagonal() * out;
}

}  // namespace attnscope
