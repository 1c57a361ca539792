#pragma once
#include <cstdint>

namespace attnscope {

// One block of keys of an online softmax, over `rows` score rows (row i starts at scores + i * ld and has
// `cols` values). Each row is replaced in place by exp(scale · (row − m)), where m is the row's running
// maximum raised to this block's maximum, in one pass that also sums the row: the scale, the shift, the exp
// and the sum touch each score once while it is in L1. With `first_block`, row_max[i] and row_sum[i] are
// set; otherwise the sum is carried over, row_sum[i] = row_sum[i] · f + Σ with f = exp(scale · (old m − m)),
// and f is written to rescale[i] so that the caller can rescale what it accumulated with the old maximum
// (rescale may be null on the first block). The exp is a vector polynomial within 2 ulp of exp() wherever
// the result is a normal float, chosen at run time like the narrow product (isa.h).
struct SoftmaxBlockArgs {
    float* scores = nullptr;
    std::int64_t rows = 0, cols = 0, ld = 0;
    float scale = 1.0f;
    float* row_max = nullptr;
    float* row_sum = nullptr;
    float* rescale = nullptr;
    bool first_block = true;
};

void softmaxBlock(const SoftmaxBlockArgs& args);

// The exp pass of softmaxBlock() on its own: values[i] ← exp(scale · (values[i] − max)) for `count` values
// that are all at most `max`, returning their sum. FAVOR+'s feature map uses it.
float expShiftedSum(float* values, std::int64_t count, float max, float scale = 1.0f);

// The largest of `count` values (the same vector step as softmaxBlock()'s).
float rowMaximum(const float* values, std::int64_t count);

// Each of `rows` rows (row i at values + i * ld, `cols` long) replaced by exp(row − its maximum), the maximum
// read in the previous row's exp pass as in softmaxBlock(). FAVOR+'s query features use it.
void expBelowRowMaximum(float* values, std::int64_t rows, std::int64_t cols, std::int64_t ld);

}  // namespace attnscope
