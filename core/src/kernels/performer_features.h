#pragma once
#include <Eigen/Core>
#include <cmath>

#include "attnscope/kernels/softmax_rows.h"
#include "attnscope/kernels/tensor.h"

namespace attnscope {

// The FAVOR+ positive feature map, shared by the kernel and the attention-matrix view so both agree.
class FeatureMap {
public:
    FeatureMap(const MatrixRM& features, std::int64_t head_dim)
        : features_(features), inputScale_(std::pow(static_cast<float>(head_dim), -0.25f)) {}

    // φ for queries: a per-row maximum is subtracted, which cancels in the row normalisation. `output` is
    // row-major with contiguous rows, as the exp runs on raw rows (the run-time ISA's expShiftedSum()).
    template <class Input, class Output>
    void queries(const Input& input, Output& output) const {
        project(input, output);
        for (Eigen::Index i = 0; i < output.rows(); ++i) {
            expShiftedSum(output.row(i).data(), output.cols(), output.row(i).maxCoeff());
        }
    }

    // φ for keys: one maximum over all keys of the head, which cancels between numerator and denominator.
    template <class Input, class Output>
    void keys(const Input& input, Output& output) const {
        project(input, output);
        const float max = output.maxCoeff();
        for (Eigen::Index i = 0; i < output.rows(); ++i)
            expShiftedSum(output.row(i).data(), output.cols(), max);
    }

private:
    // output = W x' − ‖x'‖²/2 for every row x of input.
    template <class Input, class Output>
    void project(const Input& input, Output& output) const {
        output.noalias() = (input * features_.transpose()) * inputScale_;
        const float half_scale_squared = 0.5f * inputScale_ * inputScale_;
        output.colwise() -= (input.rowwise().squaredNorm() * half_scale_squared).eval();
    }

    const MatrixRM& features_;
    float inputScale_;
};

}  // namespace attnscope
