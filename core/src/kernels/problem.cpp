#include "attnscope/kernels/problem.h"

#include <cmath>

#include "attnscope/config/inputs.h"
#include "attnscope/config/user_inputs.h"
#include "attnscope/kernels/performer_attention.h"

namespace attnscope {

namespace {

MatrixRM linearWeight(std::int64_t in, std::int64_t out, std::uint64_t seed, RandomStream stream) {
    MatrixRM weight(in, out);
    fillUniformSymmetric(weight.data(), weight.size(), seed, stream,
                         1.0f / std::sqrt(static_cast<float>(in)));
    return weight;
}

}  // namespace

AttentionProblem makeProblem(Method method, const AttentionConfig& config, const UserInputs* inputs) {
    validateOrThrow(config, method);
    AttentionProblem problem;
    problem.method = method;
    problem.config = config;
    const auto& c = config;
    auto input = [&](const Tensor* given, RandomStream stream) {
        if (given && !given->empty()) return *given;
        return randomTensor(c.batch, c.n, c.d, c.seed, stream, c.distribution, c.heads);
    };
    if (!isLayerMethod(method)) {
        problem.q = input(inputs ? &inputs->q : nullptr, RandomStream::q);
        problem.k = input(inputs ? &inputs->k : nullptr, RandomStream::k);
        problem.v = input(inputs ? &inputs->v : nullptr, RandomStream::v);
    } else {
        problem.x = input(inputs ? &inputs->x : nullptr, RandomStream::x);
    }
    switch (method) {
        case Method::mha:
            problem.w_q = linearWeight(c.d, c.d, c.seed, RandomStream::w_q);
            problem.w_k = linearWeight(c.d, c.d, c.seed, RandomStream::w_k);
            problem.w_v = linearWeight(c.d, c.d, c.seed, RandomStream::w_v);
            problem.w_o = linearWeight(c.d, c.d, c.seed, RandomStream::w_o);
            break;
        case Method::xformer:
            problem.w_q = linearWeight(c.d, c.queryWidth(), c.seed, RandomStream::w_q);
            problem.pooling = linearWeight(c.n, c.pooledLength(), c.seed, RandomStream::pooling);
            problem.w_o = linearWeight(c.d, c.d, c.seed, RandomStream::w_o);
            break;
        case Method::performer:
            problem.features = orthogonalRandomFeatures(c.featureCount(), c.headDim(), c.seed);
            break;
        default:
            break;
    }
    return problem;
}

}  // namespace attnscope
