#pragma once
#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"
#include "attnscope/kernels/tensor.h"

namespace attnscope {

// One method's inputs and weights, drawn from the config's seed. Weights multiply from the right
// (y = x · W, W is in_features x out_features), as the SPEC writes them; there are no bias terms.
struct AttentionProblem {
    Method method = Method::quadratic;
    AttentionConfig config;

    Tensor q, k, v;  // raw methods (quadratic, linear, softmax, performer): (batch, n, d)
    Tensor x;        // layer methods (mha, xformer): (batch, n, d)

    MatrixRM w_q;       // mha: d x d; xformer: d x queryWidth()
    MatrixRM w_k, w_v;  // mha: d x d
    MatrixRM w_o;       // mha, xformer: d x d
    MatrixRM pooling;   // xformer E: n x pooledLength(), shared by K and V
    MatrixRM features;  // performer: featureCount() x headDim() orthogonal random features

    Tensor makeOutput() const { return Tensor(config.batch, config.n, config.d); }
};

struct UserInputs;

// Validates (throws ConfigError) and draws everything `method` needs. Tensors given in `inputs` replace the
// random ones; their shapes must already be in `config` (applyUserInputs).
AttentionProblem makeProblem(Method method, const AttentionConfig& config,
                             const UserInputs* inputs = nullptr);

}  // namespace attnscope
