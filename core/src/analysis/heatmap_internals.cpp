#include "analysis/heatmap_internals.h"

#include <stdexcept>
#include <string>

#include "attnscope/config/attention_config.h"

namespace attnscope::heatmap_internals {

// Turns the block sums accumulated in map.cells into block means; the last row and column blocks may hold
// fewer entries. Sums of at most max_cells-limited blocks in float stay within ~1e-5 relative.
void divideByBlockSizes(BlockMap& map) {
    if (!map.averaged()) return;
    auto values = map.values();
    Eigen::RowVectorXf cols_in(values.cols());
    for (Eigen::Index c = 0; c < values.cols(); ++c) {
        cols_in[c] = static_cast<float>(std::min(map.col_block, map.cols - c * map.col_block));
    }
    for (Eigen::Index r = 0; r < values.rows(); ++r) {
        const auto rows_in = static_cast<float>(std::min(map.row_block, map.rows - r * map.row_block));
        values.row(r).array() /= rows_in * cols_in.array();
    }
}

BlockMap emptyMap(std::int64_t rows, std::int64_t cols, std::int64_t max_cells) {
    BlockMap map;
    map.rows = rows;
    map.cols = cols;
    map.row_block = blockSizeFor(rows, max_cells);
    map.col_block = blockSizeFor(cols, max_cells);
    map.cells = Tensor(1, cellCount(rows, map.row_block), cellCount(cols, map.col_block));
    map.values().setZero();
    return map;
}

// Inputs are drawn for the first batch + 1 batches only: the random streams fill a tensor front to back,
// so batch b of a (b + 1)-batch draw equals batch b of the full draw, and the maps match what the
// benchmark computes without drawing batches nobody looks at.
AttentionConfig drawConfig(AttentionConfig config, const UserInputs* inputs, std::int64_t batch) {
    const Tensor* shape_source = nullptr;
    if (inputs) {
        for (const Tensor* t : {&inputs->q, &inputs->x}) {
            if (!t->empty()) {
                shape_source = t;
                break;
            }
        }
    }
    if (shape_source) {
        config.batch = shape_source->batch();
        config.n = shape_source->rows();
        config.d = shape_source->cols();
    }
    for (Method method : {Method::softmax, Method::xformer, Method::performer}) {
        if (auto error = validate(config, method)) throw ConfigError(*error);
    }
    if (batch < 0 || batch >= config.batch) {
        throw std::out_of_range("batch index " + std::to_string(batch) + " is out of range: allowed 0 to " +
                                std::to_string(config.batch - 1));
    }
    return config;
}

void checkInputShape(const Tensor& t, const char* name, const AttentionConfig& c) {
    if (!t.empty() && (t.batch() != c.batch || t.rows() != c.n || t.cols() != c.d)) {
        throw ConfigError({name, std::string(name) + " does not have the shape of the other loaded inputs"});
    }
}

}  // namespace attnscope::heatmap_internals
