#include "attnscope/kernels/softmax_rows.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>

#include "attnscope/kernels/isa.h"
#include "kernels/softmax_rows_variants.h"

namespace attnscope {

namespace {

// The generic steps: Eigen's vectorised array expressions at the build's baseline ISA.
float maximumGeneric(const float* row, std::int64_t cols) {
    return Eigen::Map<const Eigen::ArrayXf>(row, cols).maxCoeff();
}

float expAndSumGeneric(float* row, std::int64_t cols, float scale, float max) {
    Eigen::Map<Eigen::ArrayXf> values(row, cols);
    values = ((values - max) * scale).exp();
    return values.sum();
}

float expAndSumThenMaximumGeneric(float* row, std::int64_t cols, float scale, float max, const float* next,
                                  float* next_max) {
    *next_max = maximumGeneric(next, cols);
    return expAndSumGeneric(row, cols, scale, max);
}

constexpr SoftmaxRowSteps kSoftmaxRowStepsGeneric{maximumGeneric, expAndSumGeneric,
                                                  expAndSumThenMaximumGeneric};

const SoftmaxRowSteps& activeSteps() {
    switch (activeIsa()) {
        case Isa::avx512:
            return kSoftmaxRowStepsAvx512;
        case Isa::avx2:
            return kSoftmaxRowStepsAvx2;
        case Isa::generic:
            break;
    }
    return kSoftmaxRowStepsGeneric;
}

}  // namespace

void softmaxBlock(const SoftmaxBlockArgs& a) {
    if (a.cols <= 0 || a.rows <= 0) return;
    const SoftmaxRowSteps& steps = activeSteps();
    // Each row's maximum comes from the previous row's exp pass (the first row's from a pass of its own).
    float block_max = steps.maximum(a.scores, a.cols);
    for (std::int64_t i = 0; i < a.rows; ++i) {
        float* row = a.scores + i * a.ld;
        const bool last = i + 1 == a.rows;
        float next_max = 0.0f;
        const float shift = a.first_block ? block_max : std::max(a.row_max[i], block_max);
        const float sum =
            last ? steps.exp_and_sum(row, a.cols, a.scale, shift)
                 : steps.exp_and_sum_then_maximum(row, a.cols, a.scale, shift, row + a.ld, &next_max);
        if (a.first_block) {
            a.row_max[i] = shift;
            a.row_sum[i] = sum;
            if (a.rescale != nullptr) a.rescale[i] = 1.0f;
        } else {
            const float factor = std::exp((a.row_max[i] - shift) * a.scale);
            a.row_max[i] = shift;
            a.row_sum[i] = a.row_sum[i] * factor + sum;
            a.rescale[i] = factor;
        }
        block_max = next_max;
    }
}

float expShiftedSum(float* values, std::int64_t count, float max, float scale) {
    if (count <= 0) return 0.0f;
    return activeSteps().exp_and_sum(values, count, scale, max);
}

float rowMaximum(const float* values, std::int64_t count) {
    if (count <= 0) return -std::numeric_limits<float>::infinity();
    return activeSteps().maximum(values, count);
}

void expBelowRowMaximum(float* values, std::int64_t rows, std::int64_t cols, std::int64_t ld) {
    if (rows <= 0 || cols <= 0) return;
    const SoftmaxRowSteps& steps = activeSteps();
    float max = steps.maximum(values, cols);
    for (std::int64_t i = 0; i < rows; ++i) {
        float* row = values + i * ld;
        if (i + 1 == rows) {
            steps.exp_and_sum(row, cols, 1.0f, max);
        } else {
            steps.exp_and_sum_then_maximum(row, cols, 1.0f, max, row + ld, &max);
        }
    }
}

}  // namespace attnscope
