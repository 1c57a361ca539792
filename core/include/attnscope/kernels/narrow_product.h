#pragma once
#include <cstdint>

namespace attnscope {

// C (rows x cols) = A (rows x depth) · B (depth x cols), or += with `accumulate`, in float32, without packing
// either operand, for results at most kNarrowProductMaxWidth columns wide, where OpenBLAS spends a third of
// its time packing: the linear order's Kᵀ V and Q (Kᵀ V) at (32, 2048, 64) took 9.7 ms with OpenBLAS and 6.8
// ms here on 1 thread (docs/performance.md). A(i, j) is a[i * a_row_stride + j * a_col_stride], so a
// transposed operand such as Kᵀ is read in place; B and C are row-major with leading dimensions ldb and ldc.
// Wider results work too, a column tile at a time. AVX-512 and AVX2 variants are chosen at run time
// (isa.h); the generic one is Eigen.
struct NarrowProductArgs {
    std::int64_t rows = 0, cols = 0, depth = 0;
    const float* a = nullptr;
    std::int64_t a_row_stride = 0, a_col_stride = 1;
    const float* b = nullptr;
    std::int64_t ldb = 0;
    float* c = nullptr;
    std::int64_t ldc = 0;
    bool accumulate = false;
};

// Results at most this wide go through the narrow product where multiplyNarrow() is used (measured faster).
inline constexpr std::int64_t kNarrowProductMaxWidth = 64;

void narrowProduct(const NarrowProductArgs& args);

// The same product with B given transposed: `b` holds Bᵀ, one row of `depth` floats per column of C, ldb
// apart (the keys of a score product Q Kᵀ). Each panel of kNarrowProductMaxWidth columns is first copied out
// as a contiguous depth x width block into `panel` (transposedPanelFloats(depth) floats), then multiplied:
// read in place, a row stride of ldb floats would put a panel's rows into a few L1 sets.
void narrowProductTransposedB(const NarrowProductArgs& args, float* panel);

inline std::int64_t transposedPanelFloats(std::int64_t depth) {
    return depth * kNarrowProductMaxWidth;
}

}  // namespace attnscope
