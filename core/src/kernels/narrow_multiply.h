#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cstdint>

#include "attnscope/kernels/isa.h"
#include "attnscope/kernels/kernel_tuning.h"
#include "attnscope/kernels/narrow_product.h"

namespace attnscope {

// The narrow product's arguments for out (+)= lhs · B, B given by its data, row stride and width (B itself,
// or the keys whose transpose it is for narrowProductTransposedB()). lhs may be any direct-access expression,
// a transposed view included (read in place); out must have contiguous rows.
template <class Lhs, class Out>
NarrowProductArgs narrowArgsOf(const Lhs& lhs, const float* b, std::int64_t ldb, std::int64_t cols, Out& out,
                               bool accumulate) {
    return {.rows = lhs.rows(),
            .cols = cols,
            .depth = lhs.cols(),
            .a = lhs.data(),
            .a_row_stride = lhs.rowStride(),
            .a_col_stride = lhs.colStride(),
            .b = b,
            .ldb = ldb,
            .c = out.data(),
            .ldc = out.rowStride(),
            .accumulate = accumulate};
}

// out = lhs · rhs (or += with `accumulate`) through the narrow product, whatever its width; rhs and out must
// have contiguous rows.
template <class Lhs, class Rhs, class Out>
void narrowProductOf(const Lhs& lhs, const Rhs& rhs, Out&& out, bool accumulate = false) {
    narrowProduct(narrowArgsOf(lhs, rhs.data(), rhs.rowStride(), rhs.cols(), out, accumulate));
}

// out = lhs · rhs (or += with `accumulate`) through Eigen, hence OpenBLAS.
template <class Lhs, class Rhs, class Out>
void eigenProductOf(const Lhs& lhs, const Rhs& rhs, Out&& out, bool accumulate) {
    if (accumulate) {
        out.noalias() += lhs * rhs;
    } else {
        out.noalias() = lhs * rhs;
    }
}

// out = lhs · rhs (or += with `accumulate`) through the narrow product when the result is at most
// kNarrowProductMaxWidth columns wide and rhs and out have contiguous rows; Eigen (OpenBLAS) otherwise. Used
// where measured faster than OpenBLAS: the linear order's Kᵀ V and (off AVX-512) Q (Kᵀ V), the Xformer's
// narrow pooling and projection, FAVOR+'s query product.
template <class Lhs, class Rhs, class Out>
void multiplyNarrow(const Lhs& lhs, const Rhs& rhs, Out&& out, bool accumulate = false) {
    if (rhs.cols() <= kNarrowProductMaxWidth && rhs.colStride() == 1 && out.colStride() == 1) {
        narrowProductOf(lhs, rhs, out, accumulate);
    } else {
        eigenProductOf(lhs, rhs, out, accumulate);
    }
}

// Whether a product with this B (one row of B per row of memory, or the keys for multiplyByKeysTransposed())
// and this out goes through the narrow product at any width: on the AVX-512 path, with contiguous rows.
template <class B, class Out>
bool narrowAtAnyWidth(const B& b, const Out& out) {
    return activeIsa() == Isa::avx512 && b.colStride() == 1 && out.colStride() == 1;
}

// out = lhs · rhs for the linear order's query product Q (Kᵀ V), rhs row-major and as wide as the head (or a
// column block of it): the narrow product on AVX-512 at any width, a panel of 64 columns at a time, where it
// beats OpenBLAS on 256³ (258 against 379 µs, tests/bench/gemm_backends) and 64 x 2048 · 2048 x 2048 (5.7
// against 7.3 ms); elsewhere multiplyNarrow()'s rule.
template <class Lhs, class Rhs, class Out>
void multiplyByKeyValues(const Lhs& queries, const Rhs& key_values, Out&& out) {
    if (narrowAtAnyWidth(key_values, out)) {
        narrowProductOf(queries, key_values, out);
    } else {
        multiplyNarrow(queries, key_values, out);
    }
}

// The quadratic and softmax kernels' A·V tile, scores (rows × keys) · values (keys × dh). The narrow
// product's AVX-512 variant beats OpenBLAS there at every head width, a panel of 64 columns at a time for
// wider heads (one thread of the Intel VM, tests/bench/gemm_backends: 256 × 512 · 512 × 64 133 against 83
// GFLOP/s; 256³ 258 against 379 µs; 64 × 64 · 64 × 2048 146 against 227 µs). Its AVX2 variant does not (the
// quadratic order at (32, 2048, 64), 2 threads, took 322 ms with it against 236 through OpenBLAS), so only
// the AVX-512 path uses it.
template <class Lhs, class Rhs, class Out>
void multiplyScoresByValues(const Lhs& scores, const Rhs& values, Out&& out, bool accumulate) {
    if (narrowAtAnyWidth(values, out)) {
        narrowProductOf(scores, values, out, accumulate);
    } else {
        eigenProductOf(scores, values, out, accumulate);
    }
}

// scores = queries · keysᵀ, keys row-major (one key per row): the quadratic and softmax kernels' score tile.
// On the AVX-512 path through the narrow product with the keys packed a panel at a time into `panel`
// (keyPanelScratch() floats; narrowProductTransposedB(), 16 x 16 blocks transposed in registers). One thread
// of the Intel VM, packing included, OpenBLAS ÷ narrow time in three rounds (tests/bench/gemm_backends):
// 256 x 512 tiles of depth 64 1.35/1.29/1.34, depth 128 0.98/0.95/0.97, depth 256 1.04/1.09/1.50; the
// notebook's 256³ 1.25/1.23/1.20 and 64 x 2048 · 2048 x 64 1.68/1.45/1.14. In the mha kernel at n = 2048
// (heads of 128) its score stage ran at 99–109 against 78–89 GFLOP/s. The AVX2 path stays with OpenBLAS.
template <class Queries, class Keys, class Scores>
void multiplyByKeysTransposed(const Queries& queries, const Keys& keys, Scores&& scores, float* panel) {
    if (!narrowAtAnyWidth(keys, scores)) {
        scores.noalias() = queries * keys.transpose();
        return;
    }
    narrowProductTransposedB(narrowArgsOf(queries, keys.data(), keys.rowStride(), keys.rows(), scores, false),
                             panel);
}

}  // namespace attnscope
