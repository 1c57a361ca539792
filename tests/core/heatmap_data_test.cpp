#include "attnscope/analysis/heatmap_data.h"

#include <gtest/gtest.h>

#include <cmath>

#include "attnscope/config/inputs.h"
#include "attnscope/kernels/attention_matrix.h"
#include "test_problems.h"

namespace attnscope::test {
namespace {

MatrixRM counting(std::int64_t rows, std::int64_t cols) {
    MatrixRM m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(i);
    return m;
}

float maxAbsDifference(const Eigen::Ref<const MatrixRM>& a, const Eigen::Ref<const MatrixRM>& b) {
    EXPECT_EQ(a.rows(), b.rows());
    EXPECT_EQ(a.cols(), b.cols());
    if (a.rows() != b.rows() || a.cols() != b.cols()) return INFINITY;
    return (a - b).cwiseAbs().maxCoeff();
}

TEST(HeatmapData, BlockSizeKeepsMapsWithinTheLimit) {
    EXPECT_EQ(blockSizeFor(64, 1024), 1);
    EXPECT_EQ(blockSizeFor(1024, 1024), 1);
    EXPECT_EQ(blockSizeFor(1025, 1024), 2);
    EXPECT_EQ(blockSizeFor(16384, 1024), 16);
    EXPECT_EQ(blockSizeFor(1000, 7), 143);
    EXPECT_THROW(blockSizeFor(0, 4), std::invalid_argument);
}

TEST(HeatmapData, BlockAverageOfKnownMatrix) {
    // 4 x 6 matrix holding 0 ... 23, blocks of 2 x 3: every cell is the mean of its block.
    const BlockMap map = blockAverage(counting(4, 6), 2, 3);
    ASSERT_EQ(map.values().rows(), 2);
    ASSERT_EQ(map.values().cols(), 2);
    EXPECT_FLOAT_EQ(map.values()(0, 0), (0 + 1 + 2 + 6 + 7 + 8) / 6.0f);
    EXPECT_FLOAT_EQ(map.values()(0, 1), (3 + 4 + 5 + 9 + 10 + 11) / 6.0f);
    EXPECT_FLOAT_EQ(map.values()(1, 0), (12 + 13 + 14 + 18 + 19 + 20) / 6.0f);
    EXPECT_FLOAT_EQ(map.values()(1, 1), (15 + 16 + 17 + 21 + 22 + 23) / 6.0f);
    EXPECT_TRUE(map.averaged());
}

TEST(HeatmapData, BlockAverageWithSizesThatDoNotDivide) {
    // 5 x 7 (0 ... 34) in blocks of 2 x 3: the last row block has one row, the last column block one column,
    // and they are averaged over the entries they have, not padded with zeros.
    const BlockMap map = blockAverage(counting(5, 7), 2, 3);
    ASSERT_EQ(map.values().rows(), 3);
    ASSERT_EQ(map.values().cols(), 3);
    EXPECT_EQ(map.rows, 5);
    EXPECT_EQ(map.cols, 7);
    EXPECT_FLOAT_EQ(map.values()(0, 2), (6 + 13) / 2.0f);
    EXPECT_FLOAT_EQ(map.values()(2, 0), (28 + 29 + 30) / 3.0f);
    EXPECT_FLOAT_EQ(map.values()(2, 2), 34.0f);
    EXPECT_FLOAT_EQ(map.values()(1, 1), (17 + 18 + 19 + 24 + 25 + 26) / 6.0f);

    const MatrixRM full = counting(3, 4);
    const BlockMap identity = blockAverage(full, 1, 1);
    EXPECT_FALSE(identity.averaged());
    EXPECT_EQ(maxAbsDifference(identity.values(), full), 0.0f);
}

TEST(HeatmapData, ErrorMetricsOnKnownMatrices) {
    MatrixRM exact(2, 2), approximation(2, 2);
    exact << 1, 0, 0, 1;
    approximation << 0.5f, 0.5f, 0, 1;
    const ApproximationError error = approximationError(approximation, exact);
    // ‖F − S‖² = 0.25 + 0.25, ‖S‖² = 2.
    EXPECT_NEAR(error.relative_frobenius, 0.5, 1e-12);
    EXPECT_NEAR(error.max_abs, 0.5, 1e-12);
    EXPECT_EQ(approximationError(exact, exact).relative_frobenius, 0.0);
    EXPECT_THROW(approximationError(exact, MatrixRM::Zero(2, 3)), std::invalid_argument);
}

// The streamed tiles must give exactly what materialising attentionMatrix() and averaging it gives.
void expectStreamedEqualsFull(const AttentionConfig& config, std::int64_t batch, std::int64_t head,
                              std::int64_t max_cells) {
    SCOPED_TRACE("n " + std::to_string(config.n) + " batch " + std::to_string(batch) + " head " +
                 std::to_string(head) + " max cells " + std::to_string(max_cells));
    const auto data = computeHeatmaps(config, nullptr, {batch, head, max_cells});
    ASSERT_TRUE(data);
    const MatrixRM softmax = attentionMatrix(makeProblem(Method::softmax, config), batch, head);
    const MatrixRM performer = attentionMatrix(makeProblem(Method::performer, config), batch, head);
    const MatrixRM xformer = attentionMatrix(makeProblem(Method::xformer, config), batch, head);
    const std::int64_t block = blockSizeFor(config.n, max_cells);
    EXPECT_EQ(data->softmax.row_block, block);
    EXPECT_EQ(data->xformer.col_block, blockSizeFor(config.pooledLength(), max_cells));
    EXPECT_LE(maxAbsDifference(data->softmax.values(), blockAverage(softmax, block, block).values()), 1e-6f);
    EXPECT_LE(maxAbsDifference(data->performer.values(), blockAverage(performer, block, block).values()),
              1e-6f);
    const MatrixRM difference = (softmax - performer).cwiseAbs();
    EXPECT_LE(maxAbsDifference(data->difference.values(), blockAverage(difference, block, block).values()),
              1e-6f);
    EXPECT_LE(maxAbsDifference(data->xformer.values(),
                               blockAverage(xformer, block, data->xformer.col_block).values()),
              1e-6f);
    const ApproximationError expected = approximationError(performer, softmax);
    EXPECT_NEAR(data->error.relative_frobenius, expected.relative_frobenius,
                1e-5 * expected.relative_frobenius);
    EXPECT_NEAR(data->error.max_abs, expected.max_abs, 1e-6);
}

TEST(HeatmapData, StreamedMapsEqualFullMatrixBlockAveraged) {
    const AttentionConfig config = shape(3, 70, 16, 2, 2, 3);
    expectStreamedEqualsFull(config, 2, 1, 1024);  // full resolution, the last batch
    expectStreamedEqualsFull(config, 1, 0, 16);    // blocks of 5 x 5, Xformer columns 24 -> blocks of 2
    expectStreamedEqualsFull(config, 0, 1, 9);     // blocks of 8: 70 does not divide
    expectStreamedEqualsFull(shape(1, 300, 32, 4, 1, 7, 0, InputDistribution::normal), 0, 3, 64);
}

TEST(HeatmapData, MapShapesFollowTheConfig) {
    const auto data = computeHeatmaps(shape(1, 64, 16, 2, 1, 4), nullptr, {0, 1, 1024});
    ASSERT_TRUE(data);
    EXPECT_EQ(data->softmax.values().rows(), 64);
    EXPECT_EQ(data->softmax.values().cols(), 64);
    EXPECT_EQ(data->xformer.values().rows(), 64);
    EXPECT_EQ(data->xformer.values().cols(), 16);
    EXPECT_EQ(data->performer.values().cols(), 64);
    EXPECT_EQ(data->difference.values().cols(), 64);
    EXPECT_FALSE(data->softmax.averaged());
}

TEST(HeatmapData, LargeNIsBlockAveragedAndRowsStillSumToOne) {
    const auto data = computeHeatmaps(shape(1, 2048, 32, 1, 1, 4), nullptr, {0, 0, 256});
    ASSERT_TRUE(data);
    EXPECT_EQ(data->softmax.row_block, 8);
    EXPECT_EQ(data->softmax.values().rows(), 256);
    EXPECT_EQ(data->softmax.values().cols(), 256);
    EXPECT_EQ(data->xformer.values().cols(), 256);  // 512 pooled positions in blocks of 2
    // A block mean times the block's width, summed along a row of cells, is a mean of row sums: 1.
    for (const BlockMap* map : {&data->softmax, &data->performer, &data->xformer}) {
        const Eigen::VectorXf sums = map->values().rowwise().sum() * static_cast<float>(map->col_block);
        EXPECT_LE((sums.array() - 1.0f).abs().maxCoeff(), 1e-4f);
    }
}

TEST(HeatmapData, UsesLoadedInputsAndQAsTheXformerInput) {
    AttentionConfig config = shape(2, 40, 8, 2, 1, 2);
    UserInputs inputs;
    inputs.q = randomTensor(2, 40, 8, 99, RandomStream::q, InputDistribution::normal);
    inputs.k = randomTensor(2, 40, 8, 99, RandomStream::k, InputDistribution::normal);
    inputs.v = randomTensor(2, 40, 8, 99, RandomStream::v, InputDistribution::normal);
    config.n = 999;  // the loaded tensors' shape wins over the panel's
    const auto data = computeHeatmaps(config, &inputs, {1, 1, 1024});
    ASSERT_TRUE(data);
    EXPECT_TRUE(data->user_queries);
    EXPECT_TRUE(data->xformer_uses_q);
    EXPECT_FALSE(data->xformer_uses_x);
    EXPECT_EQ(data->config.n, 40);

    config.n = 40;
    const MatrixRM softmax = attentionMatrix(makeProblem(Method::softmax, config, &inputs), 1, 1);
    EXPECT_LE(maxAbsDifference(data->softmax.values(), softmax), 1e-6f);
    UserInputs layer;
    layer.x = inputs.q;
    const MatrixRM xformer = attentionMatrix(makeProblem(Method::xformer, config, &layer), 1, 1);
    EXPECT_LE(maxAbsDifference(data->xformer.values(), xformer), 1e-6f);
}

TEST(HeatmapData, InvalidRequestsThrowWithTheField) {
    AttentionConfig config = shape(1, 32, 16, 2, 1, 4);
    config.beta = 64;
    try {
        computeHeatmaps(config, nullptr, {});
        FAIL() << "beta > n must be rejected";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.error().field, "beta");
    }
    config.beta = 4;
    EXPECT_THROW(computeHeatmaps(config, nullptr, {0, 2, 1024}), std::out_of_range);
    EXPECT_THROW(computeHeatmaps(config, nullptr, {1, 0, 1024}), std::out_of_range);
}

TEST(HeatmapData, CancelledRequestReturnsNothing) {
    const std::atomic<bool> cancel{true};
    EXPECT_FALSE(computeHeatmaps(shape(1, 64, 16), nullptr, {}, &cancel));
}

// Unit normals at d = 16 keep FAVOR+ far off even with many features (see properties_test.cpp); half-scale
// inputs show the expected 1/sqrt(m) decay.
TEST(HeatmapData, FavorErrorShrinksWithMoreFeatures) {
    AttentionConfig config = shape(1, 256, 16, 1, 1, 1, 0, InputDistribution::normal);
    UserInputs inputs;
    for (auto [tensor, stream] :
         {std::pair{&inputs.q, RandomStream::q}, std::pair{&inputs.k, RandomStream::k},
          std::pair{&inputs.v, RandomStream::v}}) {
        *tensor = randomTensor(1, 256, 16, 5, stream, InputDistribution::normal);
        for (std::int64_t i = 0; i < tensor->size(); ++i) tensor->data()[i] *= 0.5f;
    }
    double previous = INFINITY;
    for (std::int64_t m : {16, 128, 1024, 8192}) {
        config.features = m;
        const auto data = computeHeatmaps(config, &inputs, {});
        ASSERT_TRUE(data);
        EXPECT_LT(data->error.relative_frobenius, previous) << "m = " << m;
        EXPECT_GT(data->error.max_abs, 0.0);
        previous = data->error.relative_frobenius;
    }
    EXPECT_LT(previous, 0.1);
}

}  // namespace
}  // namespace attnscope::test
