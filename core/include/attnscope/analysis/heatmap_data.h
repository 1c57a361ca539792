#pragma once
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/user_inputs.h"
#include "attnscope/kernels/tensor.h"

namespace attnscope {

// A matrix shown at reduced resolution. Each cell is the exact mean of one row_block x col_block block of
// the full rows x cols matrix; when a size does not divide, the last block is smaller and is averaged over
// the entries it really has, so no cell is biased towards zero.
struct BlockMap {
    // ceil(rows / row_block) x ceil(cols / col_block) cells. A Tensor rather than an Eigen matrix: its
    // buffers are huge-page backed, and first touches of 4 KiB pages cost ~12 µs each on this machine.
    Tensor cells;
    Eigen::Map<MatrixRM> values() { return cells.matrix(0); }
    Eigen::Map<const MatrixRM> values() const { return cells.matrix(0); }
    std::int64_t rows = 0, cols = 0;            // the full matrix
    std::int64_t row_block = 1, col_block = 1;  // 1 x 1 means full resolution
    bool averaged() const { return row_block > 1 || col_block > 1; }
};

// The smallest block edge that brings `length` down to at most `max_cells` cells.
std::int64_t blockSizeFor(std::int64_t length, std::int64_t max_cells);

// Block means of a full matrix: the reference the streamed heatmaps are tested against.
BlockMap blockAverage(const MatrixRM& full, std::int64_t row_block, std::int64_t col_block);

// How far FAVOR+'s implied matrix F is from softmax S.
struct ApproximationError {
    double relative_frobenius = 0;  // ‖F − S‖_F / ‖S‖_F
    double max_abs = 0;             // max |F − S| over every entry
};

ApproximationError approximationError(const Eigen::Ref<const MatrixRM>& approximation,
                                      const Eigen::Ref<const MatrixRM>& exact);

struct HeatmapRequest {
    std::int64_t batch = 0, head = 0;
    // Longest side a map may have; longer matrices are block-averaged. The GUI's maps are a few hundred
    // pixels wide, so more cells would only be thrown away by the scaler.
    std::int64_t max_cells = 1024;
};

// The four maps of the Heatmaps tab for one (batch, head), plus the FAVOR+ error.
struct HeatmapData {
    AttentionConfig config;  // as used: with the shape of loaded inputs, if any
    std::int64_t batch = 0, head = 0;
    BlockMap softmax;     // softmax(q kᵀ / sqrt(d/h)), n x n
    BlockMap xformer;     // the Xformer's n x ceil(n/beta) attention
    BlockMap performer;   // FAVOR+'s row-normalised φ(q) φ(k)ᵀ, n x n
    BlockMap difference;  // |softmax − FAVOR+|, averaged per block after taking the absolute value
    // Exact: computed entry by entry over the full n x n matrices while they stream past, never sampled.
    ApproximationError error;
    bool user_queries = false;    // softmax and FAVOR+ use the loaded Q and K
    bool xformer_uses_x = false;  // the Xformer uses the loaded X
    bool xformer_uses_q = false;  // no X was loaded: the loaded Q stands in for the Xformer's X
    // The loaded inputs' token strings (tokens.txt), one per position, when they came with the Q and K
    // shown; empty otherwise.
    std::vector<std::string> tokens;
};

// Computes the maps without ever holding an n x n matrix: rows stream through in tiles of whole row blocks,
// each tile's softmax, FAVOR+ and Xformer rows are reduced into block means and error sums, then dropped.
// Memory is O(tile · n + n · (d + features)) however large n is; the tiles run in parallel on oneTBB, within
// config.threads. `inputs` (may be null) replace the random Q, K (softmax, FAVOR+) and X (Xformer); with Q
// but no X, the Xformer takes Q as its X. Throws ConfigError when the config is invalid for softmax, the
// Xformer or FAVOR+, std::out_of_range for a bad batch or head. Returns nullopt once `cancel` is set:
// it is checked between tiles, so a newer request does not wait for a stale n = 16384 job.
std::optional<HeatmapData> computeHeatmaps(const AttentionConfig& config, const UserInputs* inputs,
                                           const HeatmapRequest& request,
                                           const std::atomic<bool>* cancel = nullptr);

}  // namespace attnscope
