#include "attnscope/analysis/head_grid.h"

#include <gtest/gtest.h>

#include "attnscope/config/inputs.h"
#include "attnscope/kernels/attention_matrix.h"
#include "test_problems.h"

namespace attnscope::test {
namespace {

// Every head's map must be the block average of that head's full softmax matrix.
void expectEveryHeadMatchesItsMatrix(const AttentionConfig& config, std::int64_t batch,
                                     std::int64_t max_cells, const UserInputs* inputs = nullptr) {
    SCOPED_TRACE("n " + std::to_string(config.n) + " heads " + std::to_string(config.heads) + " batch " +
                 std::to_string(batch) + " max cells " + std::to_string(max_cells));
    const auto grid = computeHeadGrid(config, inputs, batch, max_cells);
    ASSERT_TRUE(grid);
    ASSERT_EQ(static_cast<std::int64_t>(grid->heads.size()), config.heads);
    const AttentionProblem problem = makeProblem(Method::softmax, config, inputs);
    const std::int64_t block = blockSizeFor(config.n, max_cells);
    float largest = 0;
    for (std::int64_t h = 0; h < config.heads; ++h) {
        const BlockMap expected = blockAverage(attentionMatrix(problem, batch, h), block, block);
        const BlockMap& shown = grid->heads[static_cast<std::size_t>(h)];
        ASSERT_EQ(shown.values().rows(), expected.values().rows());
        ASSERT_EQ(shown.values().cols(), expected.values().cols());
        EXPECT_LE((shown.values() - expected.values()).cwiseAbs().maxCoeff(), 1e-6f) << "head " << h;
        largest = std::max(largest, expected.values().maxCoeff());
    }
    EXPECT_NEAR(grid->largest, largest, 1e-6f);
}

TEST(HeadGrid, EveryHeadIsItsSoftmaxMatrixBlockAveraged) {
    expectEveryHeadMatchesItsMatrix(shape(2, 70, 16, 4, 1, 3), 1, 1024);  // full resolution, 4 heads
    expectEveryHeadMatchesItsMatrix(shape(1, 70, 16, 2, 1, 3), 0, 9);     // blocks of 8: 70 does not divide
    expectEveryHeadMatchesItsMatrix(shape(1, 1, 8, 8, 1, 1), 0, 64);      // n = 1, d / heads = 1
    expectEveryHeadMatchesItsMatrix(shape(1, 300, 96, 12, 1, 7, 0, InputDistribution::structured), 0, 32);
}

TEST(HeadGrid, HeadsDifferAndRowsSumToOne) {
    const auto grid =
        computeHeadGrid(shape(1, 128, 32, 4, 1, 4, 0, InputDistribution::structured), nullptr, 0, 32);
    ASSERT_TRUE(grid);
    for (const BlockMap& map : grid->heads) {
        const Eigen::VectorXf sums = map.values().rowwise().sum() * static_cast<float>(map.col_block);
        EXPECT_LE((sums.array() - 1.0f).abs().maxCoeff(), 1e-4f);
    }
    EXPECT_GT((grid->heads[0].values() - grid->heads[1].values()).cwiseAbs().maxCoeff(), 1e-3f);
}

TEST(HeadGrid, UsesLoadedInputs) {
    AttentionConfig config = shape(2, 40, 8, 2, 1, 2);
    UserInputs inputs;
    inputs.q = randomTensor(2, 40, 8, 99, RandomStream::q, InputDistribution::normal);
    inputs.k = randomTensor(2, 40, 8, 99, RandomStream::k, InputDistribution::normal);
    inputs.v = randomTensor(2, 40, 8, 99, RandomStream::v, InputDistribution::normal);
    expectEveryHeadMatchesItsMatrix(config, 1, 1024, &inputs);
    config.n = 999;  // the loaded tensors' shape wins over the panel's
    const auto grid = computeHeadGrid(config, &inputs, 1, 1024);
    ASSERT_TRUE(grid);
    EXPECT_TRUE(grid->user_queries);
    EXPECT_EQ(grid->config.n, 40);
}

TEST(HeadGrid, BadRequestsThrowAndCancelReturnsNothing) {
    AttentionConfig config = shape(1, 32, 16, 2, 1, 4);
    EXPECT_THROW(computeHeadGrid(config, nullptr, 1, 64), std::out_of_range);
    config.beta = 64;
    EXPECT_THROW(computeHeadGrid(config, nullptr, 0, 64), ConfigError);
    const std::atomic<bool> cancel{true};
    EXPECT_FALSE(computeHeadGrid(shape(1, 64, 16), nullptr, 0, 64, &cancel));
}

}  // namespace
}  // namespace attnscope::test
