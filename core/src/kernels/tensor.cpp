#include "attnscope/kernels/tensor.h"

#ifdef ATTNSCOPE_OPENBLAS
extern "C" void openblas_set_num_threads(int threads);
#endif

namespace attnscope {

namespace {

// oneTBB owns the cores: every OpenBLAS call runs on the thread that makes it. Set when the library starts
// (this file is linked into every program that makes a tensor, and so every one that multiplies).
[[maybe_unused]] const bool kOneThreadPerBlasCall = [] {
#ifdef ATTNSCOPE_OPENBLAS
    openblas_set_num_threads(1);
#endif
    return true;
}();

}  // namespace

Tensor::Tensor(std::int64_t batch, std::int64_t rows, std::int64_t cols)
    : batch_(batch), rows_(rows), cols_(cols), buffer_(static_cast<std::size_t>(batch * rows * cols)) {}

}  // namespace attnscope
