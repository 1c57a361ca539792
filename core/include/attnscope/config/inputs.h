#pragma once
#include <cstdint>
#include <vector>

#include "attnscope/config/attention_config.h"
#include "attnscope/kernels/tensor.h"

namespace attnscope {

// Independent random streams, so that drawing one tensor never shifts another's values. `sinks` draws the
// structured distribution's sink positions and sink direction, which Q and K share.
enum class RandomStream : std::uint64_t { q = 1, k, v, x, w_q, w_k, w_v, w_o, pooling, features, sinks };

// Uniform in [-bound, bound), like nn.Linear's default initialisation with bound = 1/sqrt(fan_in).
void fillUniformSymmetric(float* data, std::int64_t count, std::uint64_t seed, RandomStream stream,
                          float bound);

// A (batch, rows, cols) input: uniform [0, 1) entries (torch.rand, the notebook's choice), standard normal
// ones (torch.randn), or structured ones. The result depends only on (seed, stream, distribution, rows, cols,
// heads), not on the thread count, and batch element b is the same whatever `batch` is: chunks of the
// stream have their own seeds and are laid out front to back.
//
// structured (docs/methods.md, "Structured inputs"): each head's cols / heads columns hold the sinusoidal
// positional encoding of the row's position over that width, made orthogonal to a seeded unit "sink"
// direction u and scaled so that a query's score with its own key is kStructuredPositionLogit; plus
// kStructuredNoise times the normal distribution's draw. Queries (stream q) also get b·u, and at the sink
// positions keys (stream k) are b·u plus noise instead, so every query's score with a sink is about
// kStructuredSinkLogit: softmax(QKᵀ/√h) shows a band along the diagonal and strong sink columns.
Tensor randomTensor(std::int64_t batch, std::int64_t rows, std::int64_t cols, std::uint64_t seed,
                    RandomStream stream, InputDistribution distribution, std::int64_t heads = 1);

// The structured distribution's constants, in logits of softmax(q kᵀ / √h).
inline constexpr double kStructuredPositionLogit = 8.0;  // a query with the key at its own position
inline constexpr double kStructuredSinkLogit = 8.0;      // a query with a sink key
inline constexpr double kStructuredNoise = 0.5;          // standard deviation of the added noise
inline constexpr double kStructuredFrequencyBase = 10000.0;
inline constexpr int kStructuredSinkCount = 4;

// The structured distribution's sink positions for sequences of length `rows`: 0 and kStructuredSinkCount
// - 1 positions drawn from 1 to rows - 1 by the seed, sorted, without repeats (fewer when rows is small).
std::vector<std::int64_t> structuredSinkPositions(std::int64_t rows, std::uint64_t seed);

}  // namespace attnscope
