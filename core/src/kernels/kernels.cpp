#include "attnscope/kernels/kernels.h"

#include "attnscope/kernels/mha_attention.h"
#include "attnscope/kernels/performer_attention.h"
#include "attnscope/kernels/raw_attention.h"
#include "attnscope/kernels/xformer_attention.h"

namespace attnscope {

void runAttention(const AttentionProblem& problem, TensorView out, Workspace& workspace) {
    const auto heads = problem.config.heads;
    switch (problem.method) {
        case Method::quadratic:
            return quadraticAttention(problem.q.view(), problem.k.view(), problem.v.view(), heads, out,
                                      workspace);
        case Method::linear:
            return linearAttention(problem.q.view(), problem.k.view(), problem.v.view(), heads, out,
                                   workspace);
        case Method::softmax:
            return softmaxAttention(problem.q.view(), problem.k.view(), problem.v.view(), heads, out,
                                    workspace);
        case Method::mha:
            return mhaAttention(problem, out, workspace);
        case Method::xformer:
            return xformerAttention(problem, out, workspace);
        case Method::performer:
            return performerAttention(problem, out, workspace);
    }
}

Tensor runAttention(const AttentionProblem& problem) {
    Tensor out = problem.makeOutput();
    Workspace workspace;
    runAttention(problem, out.view(), workspace);
    return out;
}

}  // namespace attnscope
