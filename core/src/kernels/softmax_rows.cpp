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

// The exp pass over each of `rows` rows (row i at values + i * ld), shifted by shift_for(i, the row's
// maximum), with each row's maximum read in the previous row's exp pass (the first row's in a pass of its
// own); done(i, shift, sum) receives each row's shift and sum.
template <class ShiftFor, class Done>
void expRowsReadingNextMaximum(const SoftmaxRowSteps& steps, float* values, std::int64_t rows,
                               std::int64_t cols, std::int64_t ld, float scale, const ShiftFor& shift_for,
                               const Done& done) {
    float max = steps.maximum(values, cols);
    for (std::int64_t i = 0; i < rows; ++i) {
        float* row = values + i * ld;
        const float shift = shift_for(i, max);
        const float sum = i + 1 == rows
                              ? steps.exp_and_sum(row, cols, scale, shift)
                              : steps.exp_and_sum_then_maximum(row, cols, scale, shift, row + ld, &max);
        done(i, shift, sum);
    }
}

}  // namespace

void softmaxBlock(const SoftmaxBlockArgs& a) {
    if (a.cols <= 0 || a.rows <= 0) return;
    expRowsReadingNextMaximum(
        activeSteps(), a.scores, a.rows, a.cols, a.ld, a.scale,
        [&](std::int64_t i, float block_max) {
            return a.first_block ? block_max : std::max(a.row_max[i], block_max);
        },
        [&](std::int64_t i, float shift, float sum) {
            if (a.first_block) {
                a.row_sum[i] = sum;
                if (a.rescale != nullptr) a.rescale[i] = 1.0f;
            } else {
                const float factor = std::exp((a.row_max[i] - shift) * a.scale);
                a.row_sum[i] = a.row_sum[i] * factor + sum;
                a.rescale[i] = factor;
            }
            a.row_max[i] = shift;
        });
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
    expRowsReadingNextMaximum(
        activeSteps(), values, rows, cols, ld, 1.0f, [](std::int64_t, float max) { return max; },
        [](std::int64_t, float, float) {});
}

}  // namespace attnscope
