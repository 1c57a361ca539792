// The bytes model against numbers worked out by hand from docs/methods.md ("Bytes moved: the roofline's
// model") for the seed shapes and the edges. Threads are fixed: the linear order's chunking depends on them.
#include <gtest/gtest.h>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/analysis/traffic_model.h"

namespace attnscope {
namespace {

AttentionConfig shape(std::int64_t batch, std::int64_t n, std::int64_t d, std::int64_t heads = 1) {
    AttentionConfig c;
    c.batch = batch;
    c.n = n;
    c.d = d;
    c.heads = heads;
    c.threads = 2;
    return c;
}

TEST(TrafficModel, NotebookShapesMoveOnlyTheirInputsAndOutput) {
    // (32, 2048, 64) and (32, 64, 2048): Q, K, V, O = 4·32·2048·64·4 bytes = 64 MiB; (32, 256, 256): 32 MiB.
    for (Method method : {Method::quadratic, Method::linear}) {
        for (auto [n, d, bytes] : {std::tuple{2048, 64, 67108864.0}, std::tuple{64, 2048, 67108864.0},
                                   std::tuple{256, 256, 33554432.0}}) {
            const TrafficEstimate traffic = estimateTraffic(method, shape(32, n, d));
            EXPECT_DOUBLE_EQ(traffic.io_bytes, bytes) << methodName(method) << " n=" << n;
            EXPECT_DOUBLE_EQ(traffic.intermediate_bytes, 0) << methodName(method) << " n=" << n;
            EXPECT_DOUBLE_EQ(traffic.spill_bytes, 0) << methodName(method) << " n=" << n;
        }
    }
    // Same bytes, FLOPs n/d apart: quadratic 4·32·2048²·64 / 64 MiB = 512 FLOP/byte, linear 16; mirrored at
    // (32, 64, 2048), where the linear order's 2048 x 256 block of Kᵀ V is exactly 2 MiB and stays resident;
    // 4·32·256³ / 32 MiB = 64 for both at n = d = 256.
    EXPECT_DOUBLE_EQ(arithmeticIntensity(Method::quadratic, shape(32, 2048, 64)), 512.0);
    EXPECT_DOUBLE_EQ(arithmeticIntensity(Method::linear, shape(32, 2048, 64)), 16.0);
    EXPECT_DOUBLE_EQ(arithmeticIntensity(Method::quadratic, shape(32, 64, 2048)), 16.0);
    EXPECT_DOUBLE_EQ(arithmeticIntensity(Method::linear, shape(32, 64, 2048)), 512.0);
    EXPECT_DOUBLE_EQ(arithmeticIntensity(Method::quadratic, shape(32, 256, 256)), 64.0);
    EXPECT_DOUBLE_EQ(arithmeticIntensity(Method::linear, shape(32, 256, 256)), 64.0);
}

AttentionConfig xformerTableShape(std::int64_t n, std::int64_t s) {
    AttentionConfig c = shape(40, n, 512, 4);
    c.alpha = s;
    c.beta = s;
    return c;
}

TEST(TrafficModel, XformerTableCell) {
    // n = 512, s = 4: bnd = 40·512·512 = 10 485 760, D_q = 128, m = 128.
    //   io: X twice + out 3·bnd, W_q 512·128, E 512·128, W_o 512² = 31 850 496 floats
    //   intermediates: q 3·40·512·128, v 2·40·512·128, k 2·40·128·128, context 2·bnd = 35 389 440 floats
    const TrafficEstimate xformer = estimateTraffic(Method::xformer, xformerTableShape(512, 4));
    EXPECT_DOUBLE_EQ(xformer.io_bytes, 127401984.0);
    EXPECT_DOUBLE_EQ(xformer.intermediate_bytes, 141557760.0);
    EXPECT_DOUBLE_EQ(xformer.spill_bytes, 0);  // a 256 x 129 softmax tile
    // FLOPs 20 132 659 200 (the cost model's six products) over 268 959 744 bytes.
    EXPECT_DOUBLE_EQ(arithmeticIntensity(Method::xformer, xformerTableShape(512, 4)),
                     20132659200.0 / 268959744.0);

    // The baseline at the same n: io 2·bnd + 4·512², q, k, v and context 8·bnd; the 256 x 513 tile stays.
    const TrafficEstimate mha = estimateTraffic(Method::mha, xformerTableShape(512, 4));
    EXPECT_DOUBLE_EQ(mha.io_bytes, 88080384.0);
    EXPECT_DOUBLE_EQ(mha.intermediate_bytes, 335544320.0);
    EXPECT_DOUBLE_EQ(mha.spill_bytes, 0);
    EXPECT_DOUBLE_EQ(arithmeticIntensity(Method::mha, xformerTableShape(512, 4)),
                     64424509440.0 / 423624704.0);
}

TEST(TrafficModel, OneTokenStillReadsItsInputsAndWeights) {
    // b = n = d = 1: 4 floats of io, 4 FLOPs.
    EXPECT_DOUBLE_EQ(estimateTraffic(Method::quadratic, shape(1, 1, 1)).totalBytes(), 16.0);
    EXPECT_DOUBLE_EQ(arithmeticIntensity(Method::quadratic, shape(1, 1, 1)), 0.25);
    // mha, n = 1, D = 8, 2 heads: io (2·8 + 4·64)·4 = 1088, q, k, v and context 8·8·4 = 256.
    const TrafficEstimate mha = estimateTraffic(Method::mha, shape(1, 1, 8, 2));
    EXPECT_DOUBLE_EQ(mha.io_bytes, 1088.0);
    EXPECT_DOUBLE_EQ(mha.intermediate_bytes, 256.0);
    EXPECT_DOUBLE_EQ(mha.spill_bytes, 0);
}

TEST(TrafficModel, PerformerKeyFeaturesSpillPerHead) {
    // b = 1, n = 16384, D = 128, 2 heads of 64, m = 64: φ(K) is 16384·64·4 = 4 MiB per head, over 2 MiB.
    AttentionConfig c = shape(1, 16384, 128, 2);
    c.features = 64;
    const TrafficEstimate traffic = estimateTraffic(Method::performer, c);
    EXPECT_DOUBLE_EQ(traffic.io_bytes, (4.0 * 16384 * 128 + 64 * 64) * 4);  // Q, K, V, O and W
    EXPECT_DOUBLE_EQ(traffic.intermediate_bytes, 2.0 * 2 * 64 * 65 * 4);    // φ(K)ᵀ [V 1] per head
    EXPECT_DOUBLE_EQ(traffic.spill_bytes, 2.0 * 2 * 16384 * 64 * 4);        // φ(K) out and back
    // Half the sequence: 2 MiB per head, resident.
    c.n = 8192;
    EXPECT_DOUBLE_EQ(estimateTraffic(Method::performer, c).spill_bytes, 0);
}

TEST(TrafficModel, LinearChunksWriteTheirPartialSums) {
    // One problem on 2 threads: n = 2048 splits into 8 chunks of 256; 8 partial 64 x 64 sums and their
    // total, each written and read once.
    const TrafficEstimate traffic = estimateTraffic(Method::linear, shape(1, 2048, 64));
    EXPECT_DOUBLE_EQ(traffic.io_bytes, 4.0 * 2048 * 64 * 4);
    EXPECT_DOUBLE_EQ(traffic.intermediate_bytes, 2.0 * (8 + 1) * 64 * 64 * 4);
}

TEST(TrafficModel, WideHeadsSpillTheirTiles) {
    // Streaming softmax at n = 1024, dₕ = 2048: 256 rows of 512 + 2048 + 3 floats = 2.5 MiB per tile.
    EXPECT_DOUBLE_EQ(estimateTraffic(Method::softmax, shape(1, 1024, 2048)).spill_bytes,
                     2.0 * 1024 * 2563 * 4);
    // dₕ = 1024 (1.5 MiB), and the same width in two heads, stay resident.
    EXPECT_DOUBLE_EQ(estimateTraffic(Method::softmax, shape(1, 1024, 1024)).spill_bytes, 0);
    EXPECT_DOUBLE_EQ(estimateTraffic(Method::softmax, shape(1, 1024, 2048, 2)).spill_bytes, 0);
    // The linear order's dₕ x 256 block of Kᵀ V: 4 MiB at dₕ = 4096.
    EXPECT_DOUBLE_EQ(estimateTraffic(Method::linear, shape(1, 16, 4096)).spill_bytes, 2.0 * 4096 * 4096 * 4);
}

}  // namespace
}  // namespace attnscope
