// The matrices the heatmaps will show, against the float64 reference.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "attnscope/kernels/attention_matrix.h"
#include "attnscope/kernels/reference.h"
#include "test_problems.h"

namespace attnscope::test {
namespace {

class AttentionMatrixCase : public ::testing::TestWithParam<Method> {};

TEST_P(AttentionMatrixCase, MatchesReferenceForEveryHead) {
    const Method method = GetParam();
    const AttentionProblem problem = makeProblem(method, shape(2, 70, 24, 3, 2, 3));
    for (std::int64_t b = 0; b < 2; ++b) {
        for (std::int64_t h = 0; h < 3; ++h) {
            const MatrixRM actual = attentionMatrix(problem, b, h);
            const MatrixRMd expected = referenceAttentionMatrix(problem, b, h);
            ASSERT_EQ(actual.rows(), 70);
            ASSERT_EQ(actual.cols(), method == Method::xformer ? 24 : 70);  // ceil(70 / 3)
            EXPECT_LE(relativeFrobeniusError(actual, expected), 1e-5) << "batch " << b << " head " << h;
        }
    }
}

TEST_P(AttentionMatrixCase, NormalisedRowsSumToOne) {
    const Method method = GetParam();
    if (method == Method::quadratic || method == Method::linear)
        GTEST_SKIP() << "raw scores are not normalised";
    const AttentionProblem problem = makeProblem(method, shape(1, 50, 16, 2, 4, 7));
    const MatrixRM matrix = attentionMatrix(problem, 0, 1);
    for (Eigen::Index i = 0; i < matrix.rows(); ++i) {
        EXPECT_NEAR(matrix.row(i).sum(), 1.0f, 1e-5f) << "row " << i;
        EXPECT_GE(matrix.row(i).minCoeff(), 0.0f);
    }
}

INSTANTIATE_TEST_SUITE_P(AllMethods, AttentionMatrixCase, ::testing::ValuesIn(kAllMethods),
                         [](const auto& info) { return std::string(methodName(info.param)); });

TEST(AttentionMatrix, RejectsBadIndicesAndOversizedMatrices) {
    const AttentionProblem problem = makeProblem(Method::softmax, shape(2, 64, 8, 2));
    EXPECT_THROW(attentionMatrix(problem, 2, 0), std::out_of_range);
    EXPECT_THROW(attentionMatrix(problem, 0, -1), std::out_of_range);
    try {
        attentionMatrix(problem, 0, 0, 1000);
        FAIL() << "expected std::length_error";
    } catch (const std::length_error& error) {
        EXPECT_THAT(error.what(), ::testing::HasSubstr("64 x 64 attention matrix needs 16.0 KiB"));
    }
}

}  // namespace
}  // namespace attnscope::test
