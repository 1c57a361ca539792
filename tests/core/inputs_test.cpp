// The input distributions: uniform and normal draws pinned, the structured one's shape and determinism.
#include <gtest/gtest.h>

#include <algorithm>

#include "attnscope/config/inputs.h"
#include "attnscope/kernels/attention_matrix.h"
#include "attnscope/kernels/problem.h"
#include "test_problems.h"

namespace attnscope::test {
namespace {

bool sameValues(const Tensor& a, const Tensor& b) {
    return a.size() == b.size() && std::equal(a.data(), a.data() + a.size(), b.data());
}

// Values drawn before the structured distribution was added (libstdc++'s mt19937_64 and
// normal_distribution): adding it must not move a single uniform or normal input. Entry 65536 is the first
// of the second chunk, which has its own seed.
TEST(Inputs, UniformAndNormalDrawsAreUnchanged) {
    const Tensor uniform = randomTensor(3, 1098, 64, 42, RandomStream::q, InputDistribution::uniform);
    EXPECT_FLOAT_EQ(uniform.data()[0], 0.106679454f);
    EXPECT_FLOAT_EQ(uniform.data()[1], 0.996117055f);
    EXPECT_FLOAT_EQ(uniform.data()[65536], 0.692891657f);
    EXPECT_FLOAT_EQ(uniform.data()[uniform.size() - 1], 0.36499837f);
    const Tensor normal = randomTensor(3, 1098, 64, 42, RandomStream::k, InputDistribution::normal);
    EXPECT_FLOAT_EQ(normal.data()[0], 0.830499649f);
    EXPECT_FLOAT_EQ(normal.data()[1], 0.025553748f);
    EXPECT_FLOAT_EQ(normal.data()[65536], -1.46545684f);
    EXPECT_FLOAT_EQ(normal.data()[normal.size() - 1], 2.30273628f);
}

TEST(Inputs, StructuredIsDeterministicBySeed) {
    const auto draw = [](std::int64_t batch, std::uint64_t seed, RandomStream stream) {
        return randomTensor(batch, 300, 32, seed, stream, InputDistribution::structured, 2);
    };
    EXPECT_TRUE(sameValues(draw(2, 5, RandomStream::q), draw(2, 5, RandomStream::q)));
    EXPECT_FALSE(sameValues(draw(2, 5, RandomStream::q), draw(2, 6, RandomStream::q)));
    EXPECT_FALSE(sameValues(draw(2, 5, RandomStream::q), draw(2, 5, RandomStream::k)));
    // Batch element 0 does not depend on how many follow it (the heatmaps draw only the first b + 1).
    const Tensor one = draw(1, 5, RandomStream::k), three = draw(3, 5, RandomStream::k);
    EXPECT_TRUE(std::equal(one.data(), one.data() + one.size(), three.data()));
    EXPECT_EQ(structuredSinkPositions(300, 5), structuredSinkPositions(300, 5));
    EXPECT_NE(structuredSinkPositions(300, 5), structuredSinkPositions(300, 6));
}

TEST(Inputs, StructuredSinkPositions) {
    const std::vector<std::int64_t> sinks = structuredSinkPositions(1000, 42);
    ASSERT_FALSE(sinks.empty());
    EXPECT_LE(sinks.size(), static_cast<std::size_t>(kStructuredSinkCount));
    EXPECT_EQ(sinks.front(), 0);
    EXPECT_TRUE(std::is_sorted(sinks.begin(), sinks.end()));
    EXPECT_LT(sinks.back(), 1000);
    EXPECT_EQ(structuredSinkPositions(1, 42), std::vector<std::int64_t>{0});
    EXPECT_TRUE(structuredSinkPositions(0, 42).empty());
}

struct AttentionShape {
    double diagonal = 0;  // mean weight on the main diagonal
    double band = 0;      // mean weight on |row − column| <= 2
    double sinks = 0;     // mean weight in the sink columns
};

AttentionShape attentionShape(const AttentionConfig& config, std::int64_t head) {
    const MatrixRM a = attentionMatrix(makeProblem(Method::softmax, config), 0, head);
    const std::vector<std::int64_t> sinks = structuredSinkPositions(config.n, config.seed);
    AttentionShape shape;
    std::int64_t band_entries = 0;
    for (std::int64_t i = 0; i < config.n; ++i) {
        shape.diagonal += a(i, i);
        for (std::int64_t j = std::max<std::int64_t>(0, i - 2); j <= std::min(config.n - 1, i + 2); ++j) {
            shape.band += a(i, j);
            ++band_entries;
        }
        for (std::int64_t s : sinks) shape.sinks += a(i, s);
    }
    shape.diagonal /= static_cast<double>(config.n);
    shape.band /= static_cast<double>(band_entries);
    shape.sinks /= static_cast<double>(config.n * static_cast<std::int64_t>(sinks.size()));
    return shape;
}

TEST(Inputs, StructuredAttentionHasDiagonalBandAndSinkColumns) {
    for (const auto& [heads, head] : {std::pair<std::int64_t, std::int64_t>{1, 0}, {4, 3}}) {
        const AttentionConfig config = shape(1, 256, 64, heads, 1, 1, 0, InputDistribution::structured);
        const double uniform_weight = 1.0 / static_cast<double>(config.n);
        const AttentionShape structured = attentionShape(config, head);
        EXPECT_GT(structured.diagonal, 8 * uniform_weight) << heads << " heads";
        EXPECT_GT(structured.band, 4 * uniform_weight) << heads << " heads";
        EXPECT_GT(structured.sinks, 8 * uniform_weight) << heads << " heads";

        AttentionConfig flat = config;
        flat.distribution = InputDistribution::uniform;
        const AttentionShape uniform = attentionShape(flat, head);
        EXPECT_LT(uniform.diagonal, 2 * uniform_weight) << heads << " heads";
        EXPECT_LT(uniform.sinks, 2 * uniform_weight) << heads << " heads";
    }
}

TEST(Inputs, StructuredNeedsHeadsThatDivideTheWidth) {
    EXPECT_THROW(randomTensor(1, 8, 10, 1, RandomStream::q, InputDistribution::structured, 3),
                 std::invalid_argument);
    EXPECT_NO_THROW(randomTensor(1, 8, 1, 1, RandomStream::q, InputDistribution::structured, 1));
}

}  // namespace
}  // namespace attnscope::test
