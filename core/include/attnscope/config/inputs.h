#pragma once
#include <cstdint>

#include "attnscope/config/attention_config.h"
#include "attnscope/kernels/tensor.h"

namespace attnscope {

// Independent random streams, so that drawing one tensor never shifts another's values.
enum class RandomStream : std::uint64_t { q = 1, k, v, x, w_q, w_k, w_v, w_o, pooling, features };

// Fills with uniform [0, 1) (torch.rand, the notebook's choice) or standard normal values. The result
// depends only on (seed, stream, distribution), not on the thread count: chunks have their own seeds.
void fillRandom(float* data, std::int64_t count, std::uint64_t seed, RandomStream stream,
                InputDistribution distribution);
// Uniform in [-bound, bound), like nn.Linear's default initialisation with bound = 1/sqrt(fan_in).
void fillUniformSymmetric(float* data, std::int64_t count, std::uint64_t seed, RandomStream stream,
                          float bound);

Tensor randomTensor(std::int64_t batch, std::int64_t rows, std::int64_t cols, std::uint64_t seed,
                    RandomStream stream, InputDistribution distribution);

}  // namespace attnscope
