// The block sizes that decide how work is split: every row is covered, threads get enough blocks, and no
// block outgrows a cancel piece (Stop would wait for it).
#include <gtest/gtest.h>

#include "attnscope/kernels/kernel_tuning.h"

namespace attnscope {
namespace {

TEST(ProjectionBlockRows, UsesBigBlocksWhenThereAreRowsEnough) {
    // The xformer-table's batch 40 x n 128: 5120 rows of 512 -> 512 products.
    const double flops_per_row = 2.0 * 512 * 512;
    EXPECT_EQ(projectionBlockRows(5120, flops_per_row, 1), kProjectionMaxRows);
    EXPECT_EQ(projectionBlockRows(5120, flops_per_row, 2), 640);  // four blocks per thread
}

TEST(ProjectionBlockRows, NeverBelowAQueryBlockNorAboveTheRows) {
    EXPECT_EQ(projectionBlockRows(300, 2.0 * 64 * 64, 2), kQueryBlockRows);
    EXPECT_EQ(projectionBlockRows(100, 2.0 * 64 * 64, 2), 100);
    EXPECT_EQ(projectionBlockRows(1, 2.0, 2), 1);
}

TEST(ProjectionBlockRows, WideModelsStayWithinACancelPiece) {
    const double flops_per_row = 2.0 * 8192 * 8192;  // 134 MFLOP per row
    EXPECT_EQ(projectionBlockRows(1 << 20, flops_per_row, 1), cancelPieceRows(flops_per_row));
    EXPECT_LT(cancelPieceRows(flops_per_row), kProjectionMaxRows);
}

TEST(PoolBlockRows, BigBlocksForTheXformerTable) {
    // batch 40, D 512 + D/alpha 256 pooled rows, n 1024, m 512.
    EXPECT_EQ(poolBlockRows(40, 768, 1024, 512, 2), kPoolMaxRows);
}

TEST(PoolBlockRows, SmallBatchesSplitFinerSoEveryThreadHasWork) {
    const std::int64_t rows = poolBlockRows(1, 768, 512, 256, 2);
    EXPECT_GE(blockCount(768, rows), 8);
    EXPECT_GE(rows, kPoolMinRows);
}

TEST(PoolBlockRows, LongSequencesStayWithinACancelPiece) {
    const std::int64_t n = 4096, m = 4096;  // beta = 1
    const std::int64_t rows = poolBlockRows(64, 1024, n, m, 2);
    EXPECT_LE(2.0 * static_cast<double>(rows) * n * m, kCancelPieceFlops);
    EXPECT_EQ(poolBlockRows(1, 1024, 65536, 65536, 2), kPoolMinRows);  // floor: a task is at least 16 rows
}

TEST(NarrowDepthBlock, FillsItsShareOfTheL1DataCache) {
    // 48 KiB (both machine kinds): half for the AVX-512 tiles' 64 columns, a third for AVX2's 16.
    EXPECT_EQ(narrowDepthBlock(48 * 1024, 64, 2), 96);
    EXPECT_EQ(narrowDepthBlock(48 * 1024, 16, 3), 256);
    // A 32 KiB L1d gives shallower passes, a 64 KiB one deeper.
    EXPECT_EQ(narrowDepthBlock(32 * 1024, 64, 2), 64);
    EXPECT_EQ(narrowDepthBlock(64 * 1024, 64, 2), 128);
    // Rounded down to a multiple of 16: 80 KiB / 2 / 256 B = 160, 40 KiB / 2 / 256 B = 80.
    EXPECT_EQ(narrowDepthBlock(40 * 1024, 64, 2), 80);
    EXPECT_EQ(narrowDepthBlock(36 * 1024, 64, 2), 64);
}

TEST(NarrowDepthBlock, UnknownOrTinyCachesStillGiveAUsablePass) {
    EXPECT_EQ(narrowDepthBlock(0, 64, 2), narrowDepthBlock(kAssumedL1DataBytes, 64, 2));
    EXPECT_EQ(narrowDepthBlock(-1, 16, 3), narrowDepthBlock(kAssumedL1DataBytes, 16, 3));
    EXPECT_EQ(narrowDepthBlock(1024, 64, 2), 16);
}

TEST(NarrowRowBlock, KeepsASliceAndCWithinHalfTheL2) {
    // 1.25 MiB L2, depth passes of 96, 512 columns: 655360 / ((96 + 512) * 4) = 269 rows, down to 6s: 264.
    EXPECT_EQ(narrowRowBlock(1280 * 1024, 96, 512, 6), 264);
    // The kernels' 64-wide tiles fit whole: 655360 / (160 * 4) = 1024 rows, down to 6s: 1020.
    EXPECT_EQ(narrowRowBlock(1280 * 1024, 96, 64, 6), 1020);
    // A larger L2 gives larger blocks.
    EXPECT_GT(narrowRowBlock(2048 * 1024, 96, 512, 6), narrowRowBlock(1280 * 1024, 96, 512, 6));
}

TEST(NarrowRowBlock, UnknownOrTinyCachesStillGiveOneTileOfRows) {
    EXPECT_EQ(narrowRowBlock(0, 96, 512, 6), narrowRowBlock(kAssumedL2Bytes, 96, 512, 6));
    EXPECT_EQ(narrowRowBlock(4096, 96, 4096, 6), 6);
}

}  // namespace
}  // namespace attnscope
