// The cost model against numbers worked out by hand from docs/methods.md for the seed shapes.
#include <gtest/gtest.h>

#include "attnscope/analysis/cost_model.h"

namespace attnscope {
namespace {

AttentionConfig notebookShape(std::int64_t n, std::int64_t d) {
    AttentionConfig c;
    c.batch = 32;
    c.n = n;
    c.d = d;
    return c;
}

TEST(CostModel, NotebookShapes) {
    // (32, 2048, 64): quadratic 4·32·2048²·64 = 34 359 738 368; linear 4·32·2048·64² = 1 073 741 824.
    EXPECT_DOUBLE_EQ(estimateCost(Method::quadratic, notebookShape(2048, 64)).flops, 34359738368.0);
    EXPECT_DOUBLE_EQ(estimateCost(Method::linear, notebookShape(2048, 64)).flops, 1073741824.0);
    // Their ratio is n / d = 32 at (32, 2048, 64) and 1/32 at (32, 64, 2048): the crossover is n = d.
    for (auto [n, d] : {std::pair{2048, 64}, std::pair{64, 2048}, std::pair{256, 256}}) {
        const double ratio = estimateCost(Method::quadratic, notebookShape(n, d)).flops /
                             estimateCost(Method::linear, notebookShape(n, d)).flops;
        EXPECT_DOUBLE_EQ(ratio, static_cast<double>(n) / d);
    }
    // The n x n score matrix: 32·2048²·4 bytes = 512 MiB.
    EXPECT_DOUBLE_EQ(estimateCost(Method::quadratic, notebookShape(2048, 64)).extra_bytes, 536870912.0);
    EXPECT_DOUBLE_EQ(estimateCost(Method::linear, notebookShape(2048, 64)).extra_bytes, 32.0 * 64 * 64 * 4);
}

AttentionConfig xformerTableShape(std::int64_t n, std::int64_t s) {
    AttentionConfig c;
    c.batch = 40;
    c.n = n;
    c.d = 512;
    c.heads = 4;
    c.alpha = s;
    c.beta = s;
    return c;
}

TEST(CostModel, XformerTableShapes) {
    // mha at n = 2048: 8·40·2048·512² + 4·40·2048²·512 = 171 798 691 840 + 343 597 383 680.
    EXPECT_DOUBLE_EQ(estimateCost(Method::mha, xformerTableShape(2048, 2)).flops, 515396075520.0);
    // xformer s = 4 at n = 2048: Dq = 128, m = 512.
    //   W_q 2·40·2048·512·128 = 10 737 418 240     v 2·40·2048·512·512 = 42 949 672 960
    //   k   2·40·2048·128·512 = 10 737 418 240     scores             = 10 737 418 240
    //   A·v 2·40·2048·512·512 = 42 949 672 960     W_o 2·40·2048·512² = 42 949 672 960
    EXPECT_DOUBLE_EQ(estimateCost(Method::xformer, xformerTableShape(2048, 4)).flops, 161061273600.0);
    // The scores shrink by alpha·beta and A·V by beta against mha's 2·b·n²·d each.
    const AttentionConfig c = xformerTableShape(1024, 8);
    const double mha_scores = 2.0 * 40 * 1024 * 1024 * 512;
    EXPECT_DOUBLE_EQ(2.0 * 40 * 1024 * c.pooledLength() * c.queryWidth(), mha_scores / 64);
}

TEST(CostModel, PerformerCountsFeatureMapsAndBothProducts) {
    AttentionConfig c = notebookShape(2048, 64);
    c.features = 256;
    // 8·b·h·n·m·dh + 4·b·h·n·m = 8·32·2048·256·64 + 4·32·2048·256.
    EXPECT_DOUBLE_EQ(estimateCost(Method::performer, c).flops, 8589934592.0 + 67108864.0);
}

TEST(CostModel, RunBytesCoverInputsAndOutput) {
    const CostEstimate cost = estimateCost(Method::softmax, notebookShape(2048, 64));
    EXPECT_DOUBLE_EQ(cost.io_bytes, 4.0 * 32 * 2048 * 64 * 4);
    EXPECT_GT(cost.workspace_bytes, 0.0);
    EXPECT_LT(cost.workspace_bytes, cost.extra_bytes) << "the fused kernel must not need the n x n matrix";
}

// The streaming kernel's scratch grows with the key block, not with n: b = 1, n = 65 536, d = 64 needs a
// few MiB on two threads, against the 16 GiB score matrix the SPEC's formula counts.
TEST(CostModel, StreamingSoftmaxWorkspaceIsIndependentOfN) {
    AttentionConfig c;
    c.batch = 1;
    c.n = 65536;
    c.d = 64;
    c.threads = 2;
    const CostEstimate cost = estimateCost(Method::softmax, c);
    EXPECT_DOUBLE_EQ(cost.extra_bytes, 65536.0 * 65536.0 * 4);
    // 2 threads x (256 rows x (512 + 64 + 3) floats: scores, output, max, sum and rescale per row; and a
    // 64 x 64 panel of keys for the score product).
    EXPECT_DOUBLE_EQ(cost.workspace_bytes, 2.0 * (256 * (512 + 64 + 3) + 64 * 64) * 4);
    EXPECT_LT(cost.workspace_bytes, 64.0 * (1 << 20));
}

}  // namespace
}  // namespace attnscope
