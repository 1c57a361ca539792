#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "attnscope/kernels/kernel_tuning.h"
#include "attnscope/kernels/softmax_rows.h"
#include "attnscope/kernels/tensor.h"
#include "attnscope/measuring/stages.h"
#include "kernels/narrow_multiply.h"

namespace attnscope {

// out = softmax(scale · queries · keysᵀ) · values for one tile of query rows (keys one per row). The score
// tile lives in `scratch` (softmaxTileScratch() + keyPanelScratch() floats) and is never written to memory as
// a whole n x n matrix; scale, max, exp and the row sums are applied row by row while the row is in cache
// (softmaxBlock()).
template <class Queries, class Keys, class Values, class Out>
void softmaxTile(const Queries& queries, const Keys& keys_by_row, const Values& values, Out&& out,
                 float scale, float* scratch, StageClock& clock) {
    const Eigen::Index rows = queries.rows();
    const Eigen::Index keys = keys_by_row.rows();
    Eigen::Map<MatrixRM> scores(scratch, rows, keys);
    Eigen::Map<Eigen::VectorXf> row_sum(scratch + rows * keys, rows);
    float* row_max = scratch + rows * (keys + 1);
    multiplyByKeysTransposed(queries, keys_by_row, scores, scratch + softmaxTileScratch(rows, keys));
    clock.lap(Stage::scores);
    softmaxBlock({.scores = scores.data(),
                  .rows = rows,
                  .cols = keys,
                  .ld = keys,
                  .scale = scale,
                  .row_max = row_max,
                  .row_sum = row_sum.data()});
    clock.lap(Stage::softmax);
    multiplyScoresByValues(scores, values, out, false);
    clock.lap(Stage::weighted_sum);
    out = row_sum.cwiseInverse().asDiagonal() * out;
    clock.lap(Stage::softmax);
}

// The same result in O(rows · (key_block + values)) memory, whatever the number of keys: the keys are visited
// in blocks, and each row keeps a running max, a running sum and an unnormalised output that are rescaled
// when a later block raises the max (the online softmax of FlashAttention). `scratch` holds
// rows x (key_block + values.cols() + 3) floats (streamingSoftmaxScratch()) and keyPanelScratch() more.
template <class Queries, class Keys, class Values, class Out>
void streamingSoftmaxTile(const Queries& queries, const Keys& keys, const Values& values, Out&& out,
                          float scale, Eigen::Index key_block, float* scratch, StageClock& clock) {
    const Eigen::Index rows = queries.rows();
    const Eigen::Index n = keys.rows();
    const Eigen::Index width = values.cols();
    Eigen::Map<MatrixRM> scores(scratch, rows, key_block);
    Eigen::Map<MatrixRM> sums_out(scratch + rows * key_block, rows, width);
    Eigen::Map<Eigen::VectorXf> row_max(scratch + rows * (key_block + width), rows);
    Eigen::Map<Eigen::VectorXf> row_sum(scratch + rows * (key_block + width + 1), rows);
    Eigen::Map<Eigen::VectorXf> rescale(scratch + rows * (key_block + width + 2), rows);
    float* panel = scratch + streamingSoftmaxScratch(rows, key_block, width);
    for (Eigen::Index first = 0; first < n; first += key_block) {
        const Eigen::Index count = std::min(key_block, n - first);
        auto block = scores.leftCols(count);
        multiplyByKeysTransposed(queries, keys.middleRows(first, count), block, panel);
        clock.lap(Stage::scores);
        softmaxBlock({.scores = block.data(),
                      .rows = rows,
                      .cols = count,
                      .ld = key_block,
                      .scale = scale,
                      .row_max = row_max.data(),
                      .row_sum = row_sum.data(),
                      .rescale = rescale.data(),
                      .first_block = first == 0});
        if (first > 0) sums_out = rescale.asDiagonal() * sums_out;
        clock.lap(Stage::softmax);
        multiplyScoresByValues(block, values.middleRows(first, count), sums_out, first > 0);
        clock.lap(Stage::weighted_sum);
    }
    out = row_sum.cwiseInverse().asDiagonal() * sums_out;
    clock.lap(Stage::softmax);
}

}  // namespace attnscope
