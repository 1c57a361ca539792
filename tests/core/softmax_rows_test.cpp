// softmaxBlock() on every ISA variant: the vector exp against exp() in double (ulps over [-100, 0]), ragged
// row lengths that end inside a vector, and an online softmax over two blocks of keys against one pass over
// all of them.
#include "attnscope/kernels/softmax_rows.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "scoped_isa.h"

namespace attnscope {
namespace {

class SoftmaxRowsOnIsa : public ::testing::TestWithParam<Isa> {};

// How many floats lie between a and b (both finite, same sign).
std::int64_t ulpDistance(float a, float b) {
    std::int32_t ia = 0, ib = 0;
    std::memcpy(&ia, &a, sizeof a);
    std::memcpy(&ib, &b, sizeof b);
    return std::abs(static_cast<std::int64_t>(ia) - ib);
}

TEST_P(SoftmaxRowsOnIsa, ExpIsWithinTwoUlpOfExpInDouble) {
    const test::ScopedIsa scoped(GetParam());
    ATTNSCOPE_SKIP_UNLESS_ISA(scoped, GetParam());
    // One row: its maximum 0 first, so that each value x becomes exp(x); x sweeps [-100, 0].
    constexpr int kValues = 200001;
    std::vector<float> row(kValues);
    for (int j = 1; j < kValues; ++j) row[j] = -100.0f * static_cast<float>(j) / (kValues - 1);
    const std::vector<float> inputs = row;
    float row_max = NAN, row_sum = NAN;
    softmaxBlock({.scores = row.data(),
                  .rows = 1,
                  .cols = kValues,
                  .ld = kValues,
                  .row_max = &row_max,
                  .row_sum = &row_sum});
    EXPECT_EQ(row_max, 0.0f);
    std::int64_t worst = 0;
    float worst_at = 0;
    double sum = 0;
    for (int j = 0; j < kValues; ++j) {
        const double expected = std::exp(static_cast<double>(inputs[j]));
        sum += expected;
        if (expected < 1.0001 * FLT_MIN) {
            // At the bottom of the normal range and below it the result is flushed to zero or a denormal.
            EXPECT_LE(row[j], 1.0001f * FLT_MIN) << "exp(" << inputs[j] << ")";
            continue;
        }
        const std::int64_t distance = ulpDistance(row[j], static_cast<float>(expected));
        if (distance > worst) {
            worst = distance;
            worst_at = inputs[j];
        }
    }
    // Ours are within 2 ulp; the generic variant is Eigen's exp, within 4.
    EXPECT_LE(worst, GetParam() == Isa::generic ? 4 : 2) << "worst at exp(" << worst_at << ")";
    RecordProperty("worst_ulp", std::to_string(worst));
    // 200 001 terms summed in float.
    EXPECT_NEAR(row_sum, sum, 1e-5 * sum);
}

TEST_P(SoftmaxRowsOnIsa, RaggedRowsMatchDoubleSoftmax) {
    const test::ScopedIsa scoped(GetParam());
    ATTNSCOPE_SKIP_UNLESS_ISA(scoped, GetParam());
    std::mt19937 random(7);
    std::normal_distribution<float> normal(0.0f, 4.0f);
    for (int cols = 1; cols <= 70; ++cols) {
        constexpr int kRows = 3;
        const int ld = cols + 5;
        std::vector<float> scores(static_cast<std::size_t>(kRows * ld));
        for (float& s : scores) s = normal(random);
        const std::vector<float> inputs = scores;
        std::vector<float> row_max(kRows), row_sum(kRows);
        const float scale = 0.37f;
        softmaxBlock({.scores = scores.data(),
                      .rows = kRows,
                      .cols = cols,
                      .ld = ld,
                      .scale = scale,
                      .row_max = row_max.data(),
                      .row_sum = row_sum.data()});
        for (int i = 0; i < kRows; ++i) {
            const float* in = inputs.data() + i * ld;
            const float expected_max = *std::max_element(in, in + cols);
            ASSERT_EQ(row_max[i], expected_max) << cols << " columns, row " << i;
            double expected_sum = 0;
            for (int j = 0; j < cols; ++j) {
                const double expected = std::exp(static_cast<double>(scale) * (in[j] - expected_max));
                expected_sum += expected;
                ASSERT_NEAR(scores[i * ld + j], expected, 1e-6 * expected + 1e-30) << cols << " columns";
            }
            ASSERT_NEAR(row_sum[i], expected_sum, 1e-6 * expected_sum) << cols << " columns, row " << i;
            // The padding between rows is not touched.
            for (int j = cols; j < ld; ++j) ASSERT_EQ(scores[i * ld + j], inputs[i * ld + j]);
        }
    }
}

TEST_P(SoftmaxRowsOnIsa, TwoBlocksOfKeysGiveOnePassSumAndMaximum) {
    const test::ScopedIsa scoped(GetParam());
    ATTNSCOPE_SKIP_UNLESS_ISA(scoped, GetParam());
    constexpr int kRows = 4, kCols = 50, kFirst = 17;
    std::mt19937 random(11);
    std::normal_distribution<float> normal(0.0f, 3.0f);
    std::vector<float> scores(kRows * kCols);
    for (float& s : scores) s = normal(random);
    // Row 0 has its maximum in the second block, so that block must rescale the first one's sum.
    scores[kFirst + 3] = 20.0f;
    std::vector<float> whole = scores;
    std::vector<float> max_whole(kRows), sum_whole(kRows);
    const float scale = 0.5f;
    softmaxBlock({.scores = whole.data(),
                  .rows = kRows,
                  .cols = kCols,
                  .ld = kCols,
                  .scale = scale,
                  .row_max = max_whole.data(),
                  .row_sum = sum_whole.data()});
    std::vector<float> max_blocks(kRows), sum_blocks(kRows), rescale(kRows, NAN);
    softmaxBlock({.scores = scores.data(),
                  .rows = kRows,
                  .cols = kFirst,
                  .ld = kCols,
                  .scale = scale,
                  .row_max = max_blocks.data(),
                  .row_sum = sum_blocks.data(),
                  .rescale = rescale.data()});
    EXPECT_EQ(rescale[0], 1.0f);
    const std::vector<float> first_max = max_blocks;
    softmaxBlock({.scores = scores.data() + kFirst,
                  .rows = kRows,
                  .cols = kCols - kFirst,
                  .ld = kCols,
                  .scale = scale,
                  .row_max = max_blocks.data(),
                  .row_sum = sum_blocks.data(),
                  .rescale = rescale.data(),
                  .first_block = false});
    for (int i = 0; i < kRows; ++i) {
        EXPECT_EQ(max_blocks[i], max_whole[i]) << "row " << i;
        EXPECT_NEAR(sum_blocks[i], sum_whole[i], 1e-5 * sum_whole[i]) << "row " << i;
        EXPECT_FLOAT_EQ(rescale[i], std::exp(scale * (first_max[i] - max_whole[i]))) << "row " << i;
    }
    EXPECT_LT(rescale[0], 1e-3f);
}

// FAVOR+'s query step: each row minus its own maximum, exponentiated; ragged lengths, one row and several.
TEST_P(SoftmaxRowsOnIsa, ExpBelowRowMaximumMatchesDouble) {
    const test::ScopedIsa scoped(GetParam());
    ATTNSCOPE_SKIP_UNLESS_ISA(scoped, GetParam());
    std::mt19937 random(13);
    std::normal_distribution<float> normal(0.0f, 5.0f);
    for (int rows : {1, 2, 5}) {
        for (int cols = 1; cols <= 40; ++cols) {
            const int ld = cols + 3;
            std::vector<float> values(static_cast<std::size_t>(rows * ld));
            for (float& v : values) v = normal(random);
            const std::vector<float> inputs = values;
            expBelowRowMaximum(values.data(), rows, cols, ld);
            for (int i = 0; i < rows; ++i) {
                const float* in = inputs.data() + i * ld;
                const float max = *std::max_element(in, in + cols);
                ASSERT_EQ(rowMaximum(in, cols), max);
                for (int j = 0; j < cols; ++j) {
                    // exp of the difference as rounded in float, which is what the kernel takes the exp of.
                    const double expected = std::exp(static_cast<double>(in[j] - max));
                    ASSERT_NEAR(values[i * ld + j], expected, 1e-6 * expected + 1e-30)
                        << rows << " rows, " << cols << " columns, row " << i;
                }
                for (int j = cols; j < ld; ++j) ASSERT_EQ(values[i * ld + j], in[j]);
            }
        }
    }
}

// No rows, or no columns: nothing is read or written (the scores may be null).
TEST_P(SoftmaxRowsOnIsa, EmptyBlocksTouchNothing) {
    const test::ScopedIsa scoped(GetParam());
    ATTNSCOPE_SKIP_UNLESS_ISA(scoped, GetParam());
    float row_max = 5.0f, row_sum = 7.0f;
    softmaxBlock(
        {.scores = nullptr, .rows = 0, .cols = 8, .ld = 8, .row_max = &row_max, .row_sum = &row_sum});
    softmaxBlock(
        {.scores = nullptr, .rows = 3, .cols = 0, .ld = 8, .row_max = &row_max, .row_sum = &row_sum});
    EXPECT_EQ(row_max, 5.0f);
    EXPECT_EQ(row_sum, 7.0f);
    expBelowRowMaximum(nullptr, 0, 8, 8);
    expBelowRowMaximum(nullptr, 3, 0, 8);
    EXPECT_EQ(rowMaximum(nullptr, 0), -INFINITY);
}

INSTANTIATE_TEST_SUITE_P(EveryIsa, SoftmaxRowsOnIsa, ::testing::ValuesIn(kAllIsas),
                         [](const auto& info) { return test::isaLabel(info.param); });

}  // namespace
}  // namespace attnscope
