#pragma once
// What the heatmaps of one head (heatmap_data.cpp) and the grid of every head (head_grid.cpp) share: block
// sums of streamed rows, the softmax of a tile, and the inputs' shape and checks.
#include <algorithm>
#include <cstdint>

#include "attnscope/analysis/heatmap_data.h"

namespace attnscope::heatmap_internals {

// Adds each column block's sum of `row` to `sums` (one entry per column block).
template <class Row, class Sums>
void addColumnBlockSums(const Row& row, std::int64_t col_block, Sums&& sums) {
    if (col_block == 1) {
        sums += row;
        return;
    }
    const std::int64_t cols = row.size();
    for (std::int64_t j = 0, first = 0; first < cols; ++j, first += col_block) {
        sums[j] += row.segment(first, std::min(col_block, cols - first)).sum();
    }
}

// The same steps, in the same float order, as attentionMatrix()'s softmaxRows, so both agree to rounding.
template <class Scores>
void softmaxRows(Scores& scores, float scale) {
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
        auto row = scores.row(i).array();
        row = ((row - row.maxCoeff()) * scale).exp();
        row /= row.sum();
    }
}

inline std::int64_t cellCount(std::int64_t length, std::int64_t block) {
    return (length + block - 1) / block;
}

// Turns the block sums accumulated in map.cells into block means; the last row and column blocks may hold
// fewer entries.
void divideByBlockSizes(BlockMap& map);

// A rows x cols map of zeroed block sums, blocked down to at most max_cells a side.
BlockMap emptyMap(std::int64_t rows, std::int64_t cols, std::int64_t max_cells);

// The config the maps are computed for: the loaded inputs' shape, validated for the methods shown, with
// `batch` in range (else ConfigError or std::out_of_range).
AttentionConfig drawConfig(AttentionConfig config, const UserInputs* inputs, std::int64_t batch);

// Throws ConfigError when a loaded tensor's shape is not the config's.
void checkInputShape(const Tensor& t, const char* name, const AttentionConfig& c);

}  // namespace attnscope::heatmap_internals
