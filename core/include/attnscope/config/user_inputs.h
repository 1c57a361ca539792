#pragma once
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "attnscope/config/attention_config.h"
#include "attnscope/io/npy.h"
#include "attnscope/kernels/tensor.h"

namespace attnscope {

// Inputs a user loaded instead of random ones: Q, K, V for the raw methods, X for mha and xformer.
// An empty tensor means "not given, draw it from the seed".
struct UserInputs {
    Tensor q, k, v, x;
    // One string per sequence position when the inputs came with a tokens.txt; empty otherwise.
    std::vector<std::string> tokens;
};

class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// (n, d) becomes batch 1; (b, n, d) is taken as is. Other ranks, empty arrays and NaN/Inf values throw
// InputError naming `name`, the problem and the first bad index.
Tensor tensorFromNpy(const NpyArray& array, const std::string& name);

// A folder of captured inputs, as tools/capture_qkv.py writes it: q.npy, k.npy, v.npy, tokens.txt when
// token strings were given, and heads.txt with the captured layer's head count.
struct QkvFolder {
    std::filesystem::path q, k, v;
    std::optional<std::filesystem::path> tokens;
    std::optional<std::int64_t> heads;  // from heads.txt: how many heads the model split d into
};

// The files of a folder of captured inputs; throws InputError naming the folder when it is not one, the
// first of q.npy, k.npy, v.npy that is missing, or heads.txt when it does not hold one positive number.
QkvFolder qkvFolder(const std::filesystem::path& directory);

// One token per line (without the line ending; a final empty line is not a token). Throws InputError
// naming the file when it cannot be read, or when `positions` > 0 and the count differs.
std::vector<std::string> readTokens(const std::filesystem::path& path, std::int64_t positions = 0);

// Sets config.batch, n and d from the given tensors, which must agree with each other and suit `method`.
std::optional<ValidationError> applyUserInputs(const UserInputs& inputs, Method method,
                                               AttentionConfig& config);

}  // namespace attnscope
