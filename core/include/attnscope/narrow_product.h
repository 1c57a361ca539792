#pragma once
#include <cstdint>

namespace attnscope {

// C (rows x cols) = A (rows x depth) · B (depth x cols), or += with `accumulate`, in float32, without packing
// either operand. For the narrow products of the linear order at head widths up to 64 (Kᵀ V and Q (Kᵀ V)),
// where OpenBLAS spends a third of its time packing: (32, 2048, 64) on 1 thread measured 9.7 ms with OpenBLAS
// and 6.9 ms here (docs/performance.md). A(i, j) is a[i * a_row_stride + j * a_col_stride], so Kᵀ is read in
// place; B and C are row-major with leading dimensions ldb and ldc. Builds without AVX-512 use Eigen instead.
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

// Heads at most this wide use the narrow product in the linear order (measured better than OpenBLAS there).
inline constexpr std::int64_t kNarrowProductMaxWidth = 64;

void narrowProduct(const NarrowProductArgs& args);

}  // namespace attnscope
