#include "attnscope/analysis/favor_error.h"

#include <stdexcept>

#include "attnscope/analysis/heatmap_data.h"
#include "attnscope/kernels/attention_matrix.h"
#include "attnscope/kernels/kernels.h"

namespace attnscope {

bool approximatesSoftmax(Method method) {
    return method == Method::performer;
}

FavorError favorError(const AttentionProblem& problem, ConstTensorView output, Workspace& workspace) {
    AttentionProblem exact_problem;
    exact_problem.method = Method::softmax;
    exact_problem.config = problem.config;
    exact_problem.q = problem.q;
    exact_problem.k = problem.k;
    exact_problem.v = problem.v;

    Tensor exact = problem.makeOutput();
    runAttention(exact_problem, exact.view(), workspace);
    // The whole output as one (batch·n) x d matrix.
    const auto rows = exact.batch() * exact.rows();
    FavorError error;
    error.output = approximationError(Eigen::Map<const MatrixRM>(output.data, rows, output.cols),
                                      Eigen::Map<const MatrixRM>(exact.data(), rows, exact.cols()))
                       .relative_frobenius;
    try {
        error.attention = approximationError(attentionMatrix(problem, 0, 0, kErrorMatrixBytes),
                                             attentionMatrix(exact_problem, 0, 0, kErrorMatrixBytes))
                              .relative_frobenius;
    } catch (const std::length_error&) {
        // n too large to form the matrices: the output error stands alone.
    }
    return error;
}

}  // namespace attnscope
