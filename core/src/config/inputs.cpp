#include "attnscope/config/inputs.h"

#include <oneapi/tbb/parallel_for.h>

#include <random>

namespace attnscope {

namespace {

constexpr std::int64_t kChunk = 1 << 16;

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

template <class Draw>
void fillChunked(float* data, std::int64_t count, std::uint64_t seed, RandomStream stream, Draw draw) {
    const std::int64_t chunks = (count + kChunk - 1) / kChunk;
    const std::uint64_t stream_seed = splitmix64(seed ^ splitmix64(static_cast<std::uint64_t>(stream)));
    oneapi::tbb::parallel_for(std::int64_t{0}, chunks, [&](std::int64_t chunk) {
        std::mt19937_64 engine(splitmix64(stream_seed + static_cast<std::uint64_t>(chunk)));
        const std::int64_t end = std::min(count, (chunk + 1) * kChunk);
        for (std::int64_t i = chunk * kChunk; i < end; ++i) data[i] = draw(engine);
    });
}

}  // namespace

void fillRandom(float* data, std::int64_t count, std::uint64_t seed, RandomStream stream,
                InputDistribution distribution) {
    if (distribution == InputDistribution::uniform) {
        fillChunked(data, count, seed, stream, [](std::mt19937_64& engine) {
            return std::uniform_real_distribution<float>(0.0f, 1.0f)(engine);
        });
    } else {
        fillChunked(data, count, seed, stream, [](std::mt19937_64& engine) {
            return std::normal_distribution<float>(0.0f, 1.0f)(engine);
        });
    }
}

void fillUniformSymmetric(float* data, std::int64_t count, std::uint64_t seed, RandomStream stream,
                          float bound) {
    fillChunked(data, count, seed, stream, [bound](std::mt19937_64& engine) {
        return std::uniform_real_distribution<float>(-bound, bound)(engine);
    });
}

Tensor randomTensor(std::int64_t batch, std::int64_t rows, std::int64_t cols, std::uint64_t seed,
                    RandomStream stream, InputDistribution distribution) {
    Tensor tensor(batch, rows, cols);
    fillRandom(tensor.data(), tensor.size(), seed, stream, distribution);
    return tensor;
}

}  // namespace attnscope
