#include "attnscope/tensor.h"

namespace attnscope {

Tensor::Tensor(std::int64_t batch, std::int64_t rows, std::int64_t cols)
    : batch_(batch), rows_(rows), cols_(cols), buffer_(static_cast<std::size_t>(batch * rows * cols)) {}

}  // namespace attnscope
