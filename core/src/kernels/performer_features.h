#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>

#include "attnscope/kernels/softmax_rows.h"
#include "attnscope/kernels/tensor.h"
#include "kernels/narrow_multiply.h"

namespace attnscope {

// The FAVOR+ positive feature map, shared by the kernel and the attention-matrix view so both agree.
// φ(x) = exp(W x' − ‖x'‖²/2 − shift) with x' = x / dh^¼, computed as one projection through the run-time
// ISA's narrow product (depth dh is tiny, where OpenBLAS spends its time packing) and one exp pass per row
// (expShiftedSum(), expBelowRowMaximum()), which takes the row's constant −‖x'‖²/2 into its shift instead of
// a pass of its own.
class FeatureMap {
public:
    FeatureMap(const MatrixRM& features, std::int64_t head_dim)
        : projection_((features * std::pow(static_cast<float>(head_dim), -0.25f)).transpose()),
          halfScaleSquared_(0.5f / std::sqrt(static_cast<float>(head_dim))) {}

    // φ for queries: each row's own maximum is subtracted; it cancels in the row normalisation, and so does
    // the row's −‖x'‖²/2, which is therefore left out. `output` is row-major with contiguous rows.
    template <class Input, class Output>
    void queries(const Input& input, Output& output) const {
        project(input, output);
        expBelowRowMaximum(output.data(), output.rows(), output.cols(), output.outerStride());
    }

    // φ for keys: one stabiliser over all keys of the head, which cancels between numerator and denominator.
    // Row i's values are W x'ᵢ − hᵢ (hᵢ = ‖x'ᵢ‖²/2); with M their maximum over the head, row i is shifted by
    // M + hᵢ, which is at least its own largest W x'ᵢ as expShiftedSum() requires.
    template <class Input, class Output>
    void keys(const Input& input, Output& output) const {
        project(input, output);
        const Eigen::VectorXf half_norms = input.rowwise().squaredNorm() * halfScaleSquared_;
        float stabiliser = -std::numeric_limits<float>::infinity();
        for (Eigen::Index i = 0; i < output.rows(); ++i)
            stabiliser =
                std::max(stabiliser, rowMaximum(output.row(i).data(), output.cols()) - half_norms[i]);
        for (Eigen::Index i = 0; i < output.rows(); ++i)
            expShiftedSum(output.row(i).data(), output.cols(), stabiliser + half_norms[i]);
    }

private:
    // output = W x' for every row x of input (rows × m, without the −‖x'‖²/2 term).
    template <class Input, class Output>
    void project(const Input& input, Output& output) const {
        narrowProductOf(input, projection_, output);
    }

    MatrixRM projection_;  // (W / dh^¼)ᵀ: head_dim × m, row-major, as the narrow product reads B
    float halfScaleSquared_;
};

}  // namespace attnscope
