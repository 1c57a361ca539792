#include "attnscope/config/inputs.h"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace attnscope {

namespace {

constexpr std::int64_t kChunk = 1 << 16;

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

std::uint64_t streamSeed(std::uint64_t seed, RandomStream stream) {
    return splitmix64(seed ^ splitmix64(static_cast<std::uint64_t>(stream)));
}

template <class Draw>
void fillChunked(float* data, std::int64_t count, std::uint64_t seed, RandomStream stream, Draw draw) {
    const std::int64_t chunks = (count + kChunk - 1) / kChunk;
    const std::uint64_t stream_seed = streamSeed(seed, stream);
    oneapi::tbb::parallel_for(std::int64_t{0}, chunks, [&](std::int64_t chunk) {
        std::mt19937_64 engine(splitmix64(stream_seed + static_cast<std::uint64_t>(chunk)));
        const std::int64_t end = std::min(count, (chunk + 1) * kChunk);
        for (std::int64_t i = chunk * kChunk; i < end; ++i) data[i] = draw(engine);
    });
}

void fillUniform(float* data, std::int64_t count, std::uint64_t seed, RandomStream stream) {
    fillChunked(data, count, seed, stream, [](std::mt19937_64& engine) {
        return std::uniform_real_distribution<float>(0.0f, 1.0f)(engine);
    });
}

void fillNormal(float* data, std::int64_t count, std::uint64_t seed, RandomStream stream) {
    fillChunked(data, count, seed, stream,
                [](std::mt19937_64& engine) { return std::normal_distribution<float>(0.0f, 1.0f)(engine); });
}

// One seeded unit vector per head, side by side: the direction queries and sink keys share.
std::vector<double> sinkDirection(std::int64_t cols, std::int64_t heads, std::uint64_t seed) {
    std::vector<float> draw(static_cast<std::size_t>(cols));
    fillNormal(draw.data(), cols, seed, RandomStream::sinks);
    std::vector<double> direction(draw.begin(), draw.end());
    const std::int64_t width = cols / heads;
    for (std::int64_t h = 0; h < heads; ++h) {
        const auto first = direction.begin() + h * width;
        double norm = 0;
        for (auto it = first; it != first + width; ++it) norm += *it * *it;
        norm = std::sqrt(norm);
        if (norm == 0) {
            *first = norm = 1;  // a draw of exact zeros; any unit vector will do
        }
        for (auto it = first; it != first + width; ++it) *it /= norm;
    }
    return direction;
}

// Overwrites the normal draw already in `tensor` with the structured distribution (see inputs.h).
void structure(Tensor& tensor, std::int64_t heads, std::uint64_t seed, RandomStream stream) {
    const std::int64_t rows = tensor.rows(), cols = tensor.cols(), width = cols / heads;
    const double root_width = std::sqrt(static_cast<double>(width));
    // |p|² ≈ width / 2 for an encoding p, so (a p)·(a p) / √width = kStructuredPositionLogit, and
    // (b u)·(b u) / √width = kStructuredSinkLogit for the unit sink direction u.
    const double position_scale = std::sqrt(2.0 * kStructuredPositionLogit / root_width);
    const double sink_scale = std::sqrt(kStructuredSinkLogit * root_width);
    std::vector<double> frequencies(static_cast<std::size_t>((width + 1) / 2));
    for (std::size_t i = 0; i < frequencies.size(); ++i) {
        frequencies[i] =
            std::pow(kStructuredFrequencyBase, -2.0 * static_cast<double>(i) / static_cast<double>(width));
    }
    const std::vector<double> direction = sinkDirection(cols, heads, seed);
    const std::vector<std::int64_t> sinks =
        stream == RandomStream::k ? structuredSinkPositions(rows, seed) : std::vector<std::int64_t>{};
    const double query_sink = stream == RandomStream::q ? sink_scale : 0.0;

    oneapi::tbb::parallel_for(std::int64_t{0}, rows, [&](std::int64_t t) {
        std::vector<double> encoding(static_cast<std::size_t>(cols));
        const bool sink = std::binary_search(sinks.begin(), sinks.end(), t);
        for (std::int64_t h = 0; h < heads && !sink; ++h) {
            double along = 0;
            for (std::int64_t j = 0; j < width; ++j) {
                const double angle = static_cast<double>(t) * frequencies[static_cast<std::size_t>(j / 2)];
                const auto c = static_cast<std::size_t>(h * width + j);
                encoding[c] = position_scale * (j % 2 == 0 ? std::sin(angle) : std::cos(angle));
                along += encoding[c] * direction[c];
            }
            for (std::int64_t j = 0; j < width; ++j) {
                const auto c = static_cast<std::size_t>(h * width + j);
                encoding[c] += (query_sink - along) * direction[c];
            }
        }
        if (sink) {
            for (std::size_t c = 0; c < encoding.size(); ++c) encoding[c] = sink_scale * direction[c];
        }
        for (std::int64_t b = 0; b < tensor.batch(); ++b) {
            float* row = tensor.data() + (b * rows + t) * cols;
            for (std::int64_t c = 0; c < cols; ++c) {
                row[c] =
                    static_cast<float>(kStructuredNoise * row[c] + encoding[static_cast<std::size_t>(c)]);
            }
        }
    });
}

}  // namespace

void fillUniformSymmetric(float* data, std::int64_t count, std::uint64_t seed, RandomStream stream,
                          float bound) {
    fillChunked(data, count, seed, stream, [bound](std::mt19937_64& engine) {
        return std::uniform_real_distribution<float>(-bound, bound)(engine);
    });
}

Tensor randomTensor(std::int64_t batch, std::int64_t rows, std::int64_t cols, std::uint64_t seed,
                    RandomStream stream, InputDistribution distribution, std::int64_t heads) {
    Tensor tensor(batch, rows, cols);
    switch (distribution) {
        case InputDistribution::uniform:
            fillUniform(tensor.data(), tensor.size(), seed, stream);
            break;
        case InputDistribution::normal:
            fillNormal(tensor.data(), tensor.size(), seed, stream);
            break;
        case InputDistribution::structured:
            if (heads <= 0 || cols % heads != 0) {
                throw std::invalid_argument(
                    "structured inputs need heads dividing the width: " + std::to_string(cols) +
                    " columns, " + std::to_string(heads) + " heads");
            }
            fillNormal(tensor.data(), tensor.size(), seed, stream);
            structure(tensor, heads, seed, stream);
            break;
    }
    return tensor;
}

std::vector<std::int64_t> structuredSinkPositions(std::int64_t rows, std::uint64_t seed) {
    if (rows <= 0) return {};
    std::vector<std::int64_t> positions{0};
    if (rows == 1) return positions;
    // Not the stream's chunk seeds, which draw the sink direction.
    std::mt19937_64 engine(splitmix64(~streamSeed(seed, RandomStream::sinks)));
    std::uniform_int_distribution<std::int64_t> position(1, rows - 1);
    for (int i = 1; i < kStructuredSinkCount; ++i) positions.push_back(position(engine));
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    return positions;
}

}  // namespace attnscope
