#pragma once
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cstdint>

#include "attnscope/kernels/kernel_tuning.h"
#include "attnscope/kernels/workspace.h"

namespace attnscope {

// The threads a parallel loop started here may use: the arena's size, capped by the runner's global_control.
inline int activeThreadLimit() {
    const auto limit =
        oneapi::tbb::global_control::active_value(oneapi::tbb::global_control::max_allowed_parallelism);
    return static_cast<int>(std::min<std::size_t>(
        limit, static_cast<std::size_t>(oneapi::tbb::this_task_arena::max_concurrency())));
}

// Runs body(problem, first_row, row_count) for every block of `block_rows` rows of every problem, as one
// flat parallel loop: no nesting, so thread-local scratch inside body is safe. Tiles not yet started are
// skipped once the workspace's cancel flag is set.
template <class Body>
void forEachTile(const Workspace& workspace, std::int64_t problems, std::int64_t rows,
                 std::int64_t block_rows, const Body& body) {
    const std::int64_t blocks = blockCount(rows, block_rows);
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<std::int64_t>(0, problems * blocks),
                              [&](const oneapi::tbb::blocked_range<std::int64_t>& range) {
                                  for (std::int64_t i = range.begin(); i != range.end(); ++i) {
                                      if (workspace.cancelled()) return;
                                      const std::int64_t problem = i / blocks;
                                      const std::int64_t first = (i % blocks) * block_rows;
                                      body(problem, first, std::min(block_rows, rows - first));
                                  }
                              });
}

// Inside one task: body(first_row, row_count) over `rows` rows in pieces of cancelPieceRows(flops_per_row),
// stopping between pieces once the cancel flag is set, so one long product does not hold up Stop.
template <class Body>
void forEachPiece(const Workspace& workspace, std::int64_t rows, double flops_per_row, const Body& body) {
    const std::int64_t piece = cancelPieceRows(flops_per_row);
    for (std::int64_t first = 0; first < rows; first += piece) {
        if (first > 0 && workspace.cancelled()) return;
        body(first, std::min(piece, rows - first));
    }
}

// Runs body(first_row, row_count) over `total_rows` rows taken as one matrix (all batches of a (b, n, ·)
// tensor), in blocks of projectionBlockRows(): for row-wise products that cost `flops_per_row` each.
template <class Body>
void forEachRowBlock(const Workspace& workspace, std::int64_t total_rows, double flops_per_row,
                     const Body& body) {
    const std::int64_t block = projectionBlockRows(total_rows, flops_per_row, activeThreadLimit());
    forEachTile(workspace, 1, total_rows, block,
                [&](std::int64_t, std::int64_t first, std::int64_t rows) { body(first, rows); });
}

// One task per problem (batch x head), for kernels whose unit of work is a whole problem.
template <class Body>
void forEachProblem(const Workspace& workspace, std::int64_t problems, const Body& body) {
    forEachTile(workspace, problems, 1, 1,
                [&](std::int64_t problem, std::int64_t, std::int64_t) { body(problem); });
}

}  // namespace attnscope
