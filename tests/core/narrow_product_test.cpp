// The narrow product against Eigen's, on the shapes its register tiles split badly: row counts that are not a
// multiple of the 6-row tile, widths that end inside a 16-float vector or beyond 64 columns, depths across
// several passes (narrowDepthBlock(): 96 and 256 on a 48 KiB L1d), A read transposed in place, B given
// transposed (packed a panel at a time), and accumulation into what C already holds. Every ISA variant
// (avx512: 6 x 64 tiles, avx2: 6 x 16, generic: Eigen) runs every shape.
#include "attnscope/kernels/narrow_product.h"

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <tuple>
#include <vector>

#include "attnscope/kernels/tensor.h"
#include "scoped_isa.h"

namespace attnscope {
namespace {

using Shape = std::tuple<int, int, int>;  // rows, cols, depth

class NarrowProductShapes : public ::testing::TestWithParam<std::tuple<Isa, Shape>> {};

double relativeError(const MatrixRM& actual, const MatrixRM& expected) {
    return (actual - expected).norm() / std::max(expected.norm(), 1e-30f);
}

TEST_P(NarrowProductShapes, MatchesEigenWithARowMajor) {
    const auto [isa, shape] = GetParam();
    const test::ScopedIsa scoped(isa);
    ATTNSCOPE_SKIP_UNLESS_ISA(scoped, isa);
    const auto [rows, cols, depth] = shape;
    const MatrixRM a = MatrixRM::Random(rows, depth);
    const MatrixRM b = MatrixRM::Random(depth, cols);
    MatrixRM c = MatrixRM::Constant(rows, cols, 123.0f);
    narrowProduct({.rows = rows,
                   .cols = cols,
                   .depth = depth,
                   .a = a.data(),
                   .a_row_stride = depth,
                   .a_col_stride = 1,
                   .b = b.data(),
                   .ldb = cols,
                   .c = c.data(),
                   .ldc = cols});
    const MatrixRM expected = a * b;
    EXPECT_LE(relativeError(c, expected), 1e-5);
}

TEST_P(NarrowProductShapes, MatchesEigenWithATransposedInPlaceAndAccumulates) {
    const auto [isa, shape] = GetParam();
    const test::ScopedIsa scoped(isa);
    ATTNSCOPE_SKIP_UNLESS_ISA(scoped, isa);
    const auto [rows, cols, depth] = shape;
    // A is the transpose of a (depth x rows) matrix stored inside a wider one, as Kᵀ is read from one head.
    const MatrixRM stored = MatrixRM::Random(depth, rows + 3);
    const MatrixRM b_stored = MatrixRM::Random(depth, cols + 5);
    MatrixRM c_stored = MatrixRM::Random(rows, cols + 2);
    const MatrixRM before = c_stored.leftCols(cols);
    const MatrixRM beyond_before = c_stored.rightCols(2);
    narrowProduct({.rows = rows,
                   .cols = cols,
                   .depth = depth,
                   .a = stored.data() + 1,
                   .a_row_stride = 1,
                   .a_col_stride = rows + 3,
                   .b = b_stored.data(),
                   .ldb = cols + 5,
                   .c = c_stored.data(),
                   .ldc = cols + 2,
                   .accumulate = true});
    const MatrixRM expected = before + stored.middleCols(1, rows).transpose() * b_stored.leftCols(cols);
    EXPECT_LE(relativeError(c_stored.leftCols(cols), expected), 1e-5);
    // The columns beyond C's width are not touched.
    EXPECT_EQ(MatrixRM(c_stored.rightCols(2)), beyond_before);
}

TEST_P(NarrowProductShapes, MatchesEigenWithBGivenTransposed) {
    const auto [isa, shape] = GetParam();
    const test::ScopedIsa scoped(isa);
    ATTNSCOPE_SKIP_UNLESS_ISA(scoped, isa);
    const auto [rows, cols, depth] = shape;
    // Bᵀ is `cols` keys of `depth` floats inside a wider tensor, as one head's keys are; C is a score tile
    // inside a wider scratch row, whose columns beyond the tile must not be touched.
    const MatrixRM a = MatrixRM::Random(rows, depth);
    const MatrixRM keys_stored = MatrixRM::Random(cols, depth + 4);
    MatrixRM c_stored = MatrixRM::Constant(rows, cols + 3, 123.0f);
    std::vector<float> panel(static_cast<std::size_t>(transposedPanelFloats(depth)));
    narrowProductTransposedB({.rows = rows,
                              .cols = cols,
                              .depth = depth,
                              .a = a.data(),
                              .a_row_stride = depth,
                              .b = keys_stored.data() + 2,
                              .ldb = depth + 4,
                              .c = c_stored.data(),
                              .ldc = cols + 3},
                             panel.data());
    const MatrixRM expected = a * keys_stored.middleCols(2, depth).transpose();
    EXPECT_LE(relativeError(c_stored.leftCols(cols), expected), 1e-5);
    EXPECT_EQ(MatrixRM(c_stored.rightCols(3)), MatrixRM::Constant(rows, 3, 123.0f));
}

std::string caseName(const ::testing::TestParamInfo<std::tuple<Isa, Shape>>& info) {
    const Shape& shape = std::get<1>(info.param);
    return test::isaLabel(std::get<0>(info.param)) + "_" + std::to_string(std::get<0>(shape)) + "x" +
           std::to_string(std::get<1>(shape)) + "x" + std::to_string(std::get<2>(shape));
}

INSTANTIATE_TEST_SUITE_P(
    EdgeShapes, NarrowProductShapes,
    ::testing::Combine(::testing::ValuesIn(kAllIsas),
                       ::testing::Values(Shape{1, 1, 1}, Shape{6, 64, 64}, Shape{7, 17, 3},
                                         Shape{13, 70, 300}, Shape{64, 64, 2048}, Shape{2048, 64, 64},
                                         Shape{5, 48, 257}, Shape{11, 16, 1}, Shape{3, 129, 40},
                                         Shape{64, 8, 512}, Shape{9, 23, 5}, Shape{700, 600, 100})),
    caseName);

TEST(NarrowProduct, ZeroDepthGivesZerosOrLeavesCAlone) {
    MatrixRM c = MatrixRM::Constant(3, 4, 7.0f);
    const float unused = 0.0f;
    const auto multiplyByNothing = [&](bool accumulate) {
        narrowProduct({.rows = 3,
                       .cols = 4,
                       .depth = 0,
                       .a = &unused,
                       .a_row_stride = 0,
                       .a_col_stride = 1,
                       .b = &unused,
                       .ldb = 4,
                       .c = c.data(),
                       .ldc = 4,
                       .accumulate = accumulate});
    };
    multiplyByNothing(true);
    EXPECT_EQ(c, MatrixRM::Constant(3, 4, 7.0f));
    multiplyByNothing(false);
    EXPECT_EQ(c, MatrixRM::Zero(3, 4));
}

}  // namespace
}  // namespace attnscope
