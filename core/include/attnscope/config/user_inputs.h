#pragma once
#include <optional>
#include <stdexcept>
#include <string>

#include "attnscope/config/attention_config.h"
#include "attnscope/io/npy.h"
#include "attnscope/kernels/tensor.h"

namespace attnscope {

// Inputs a user loaded instead of random ones: Q, K, V for the raw methods, X for mha and xformer.
// An empty tensor means "not given, draw it from the seed".
struct UserInputs {
    Tensor q, k, v, x;
};

class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// (n, d) becomes batch 1; (b, n, d) is taken as is. Other ranks, empty arrays and NaN/Inf values throw
// InputError naming `name`, the problem and the first bad index.
Tensor tensorFromNpy(const NpyArray& array, const std::string& name);

// Sets config.batch, n and d from the given tensors, which must agree with each other and suit `method`.
std::optional<ValidationError> applyUserInputs(const UserInputs& inputs, Method method,
                                               AttentionConfig& config);

}  // namespace attnscope
