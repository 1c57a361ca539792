#pragma once
#include <Eigen/Core>
#include <cstdint>

#include "attnscope/kernels/aligned_buffer.h"

namespace attnscope {

using MatrixRM = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixRMd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using StridedMap = Eigen::Map<MatrixRM, Eigen::Unaligned, Eigen::OuterStride<>>;
using ConstStridedMap = Eigen::Map<const MatrixRM, Eigen::Unaligned, Eigen::OuterStride<>>;

// A non-owning (batch, rows, cols) row-major float block.
struct TensorView {
    float* data = nullptr;
    std::int64_t batch = 0, rows = 0, cols = 0;

    float* matrix(std::int64_t b) const { return data + b * rows * cols; }
    // Columns [first_col, first_col + width) of batch b, e.g. one head's slice of a (b, n, d) tensor.
    StridedMap block(std::int64_t b, std::int64_t first_col, std::int64_t width) const {
        return StridedMap(matrix(b) + first_col, rows, width, Eigen::OuterStride<>(cols));
    }
    // Rows [first, first + count) of all batch * rows rows taken as one matrix, for row-wise work that does
    // not care where one batch ends, such as projections.
    Eigen::Map<MatrixRM> flatRows(std::int64_t first, std::int64_t count) const {
        return {data + first * cols, count, cols};
    }
};

struct ConstTensorView {
    const float* data = nullptr;
    std::int64_t batch = 0, rows = 0, cols = 0;

    ConstTensorView() = default;
    ConstTensorView(const float* d, std::int64_t b, std::int64_t r, std::int64_t c)
        : data(d), batch(b), rows(r), cols(c) {}
    ConstTensorView(const TensorView& v) : data(v.data), batch(v.batch), rows(v.rows), cols(v.cols) {}

    const float* matrix(std::int64_t b) const { return data + b * rows * cols; }
    ConstStridedMap block(std::int64_t b, std::int64_t first_col, std::int64_t width) const {
        return ConstStridedMap(matrix(b) + first_col, rows, width, Eigen::OuterStride<>(cols));
    }
    Eigen::Map<const MatrixRM> flatRows(std::int64_t first, std::int64_t count) const {
        return {data + first * cols, count, cols};
    }
};

// An owning (batch, rows, cols) float32 tensor.
class Tensor {
public:
    Tensor() = default;
    Tensor(std::int64_t batch, std::int64_t rows, std::int64_t cols);

    std::int64_t batch() const { return batch_; }
    std::int64_t rows() const { return rows_; }
    std::int64_t cols() const { return cols_; }
    std::int64_t size() const { return batch_ * rows_ * cols_; }
    bool empty() const { return size() == 0; }
    float* data() { return buffer_.data(); }
    const float* data() const { return buffer_.data(); }

    TensorView view() { return {data(), batch_, rows_, cols_}; }
    ConstTensorView view() const { return {data(), batch_, rows_, cols_}; }
    Eigen::Map<MatrixRM> matrix(std::int64_t b) { return {data() + b * rows_ * cols_, rows_, cols_}; }
    Eigen::Map<const MatrixRM> matrix(std::int64_t b) const {
        return {data() + b * rows_ * cols_, rows_, cols_};
    }

private:
    std::int64_t batch_ = 0, rows_ = 0, cols_ = 0;
    AlignedBuffer buffer_;
};

}  // namespace attnscope
