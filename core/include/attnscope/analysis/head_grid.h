#pragma once
#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "attnscope/analysis/heatmap_data.h"
#include "attnscope/config/attention_config.h"
#include "attnscope/config/user_inputs.h"

namespace attnscope {

// Softmax attention of every head of one batch element, small: BertViz's model view. Each map is
// block-averaged to at most max_cells a side, like the Heatmaps tab's maps.
struct HeadGrid {
    AttentionConfig config;  // as used: with the shape of loaded inputs, if any
    std::int64_t batch = 0;
    std::vector<BlockMap> heads;  // one per head, in order
    float largest = 0;            // the largest cell over every head: the grid's shared colour scale
    bool user_queries = false;    // the loaded Q and K, not random ones
};

// Streams each head's rows through in tiles (never an n x n matrix), in parallel over heads and tiles within
// config.threads. The same inputs, validation and errors as computeHeatmaps(); nullopt once `cancel` is set.
std::optional<HeadGrid> computeHeadGrid(const AttentionConfig& config, const UserInputs* inputs,
                                        std::int64_t batch, std::int64_t max_cells,
                                        const std::atomic<bool>* cancel = nullptr);

}  // namespace attnscope
