#include "attnscope/kernels/softmax_rows.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

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

constexpr SoftmaxRowSteps kSoftmaxRowStepsGeneric{maximumGeneric, expAndSumGeneric};

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
    if (a.cols <= 0) return;
    const SoftmaxRowSteps& steps = activeSteps();
    for (std::int64_t i = 0; i < a.rows; ++i) {
        float* row = a.scores + i * a.ld;
        const float block_max = steps.maximum(row, a.cols);
        if (a.first_block) {
            a.row_max[i] = block_max;
            a.row_sum[i] = steps.exp_and_sum(row, a.cols, a.scale, block_max);
            if (a.rescale != nullptr) a.rescale[i] = 1.0f;
            continue;
        }
        const float new_max = std::max(a.row_max[i], block_max);
        const float factor = std::exp((a.row_max[i] - new_max) * a.scale);
        a.row_max[i] = new_max;
        a.row_sum[i] = a.row_sum[i] * factor + steps.exp_and_sum(row, a.cols, a.scale, new_max);
        a.rescale[i] = factor;
    }
}

float expShiftedSum(float* values, std::int64_t count, float max, float scale) {
    if (count <= 0) return 0.0f;
    return activeSteps().exp_and_sum(values, count, scale, max);
}

}  // namespace attnscope
