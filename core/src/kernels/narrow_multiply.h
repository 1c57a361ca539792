#pragma once
#include <Eigen/Core>

#include "attnscope/kernels/narrow_product.h"

namespace attnscope {

// out = lhs · rhs (or += with `accumulate`) through the narrow product when the result is at most
// kNarrowProductMaxWidth columns wide and rhs and out have contiguous rows; Eigen (OpenBLAS) otherwise. lhs
// may be any direct-access expression, a transposed view included (it is read in place). Used where measured
// faster than OpenBLAS: the linear order's Kᵀ V and Q (Kᵀ V), the Xformer's narrow pooling and projection,
// and the quadratic and softmax kernels' A·V tiles (256 × 512 · 512 × dh; 133 against 83 GFLOP/s on the Intel
// VM, tests/bench/gemm_backends).
template <class Lhs, class Rhs, class Out>
void multiplyNarrow(const Lhs& lhs, const Rhs& rhs, Out&& out, bool accumulate = false) {
    if (rhs.cols() <= kNarrowProductMaxWidth && rhs.colStride() == 1 && out.colStride() == 1) {
        narrowProduct({.rows = lhs.rows(),
                       .cols = rhs.cols(),
                       .depth = lhs.cols(),
                       .a = lhs.data(),
                       .a_row_stride = lhs.rowStride(),
                       .a_col_stride = lhs.colStride(),
                       .b = rhs.data(),
                       .ldb = rhs.rowStride(),
                       .c = out.data(),
                       .ldc = out.rowStride(),
                       .accumulate = accumulate});
    } else if (accumulate) {
        out.noalias() += lhs * rhs;
    } else {
        out.noalias() = lhs * rhs;
    }
}

}  // namespace attnscope
