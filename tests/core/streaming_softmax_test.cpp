// The streaming (online-softmax) kernel against the float64 reference and against the full-row kernel, with
// key blocks that split the keys unevenly, and the switch-over inside `softmax`.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "attnscope/kernels/kernels.h"
#include "attnscope/kernels/raw_attention.h"
#include "attnscope/kernels/reference.h"
#include "test_problems.h"

namespace attnscope::test {
namespace {

struct StreamingCase {
    AttentionConfig config;
    std::int64_t key_block;
    std::string label;
};

void PrintTo(const StreamingCase& c, std::ostream* os) {
    *os << c.label;
}

std::vector<StreamingCase> streamingCases() {
    const std::pair<AttentionConfig, const char*> shapes[] = {
        {shape(1, 1, 1), "n1_d1"},
        {shape(2, 7, 1), "d1"},
        {shape(3, 33, 8, 2), "n33_heads2"},
        {shape(2, 300, 32, 4), "n300_heads4"},
        {shape(1, 1000, 16, 1, 1, 1, 0, InputDistribution::normal), "n1000_normal"},
    };
    std::vector<StreamingCase> cases;
    for (const auto& [config, name] : shapes) {
        for (std::int64_t key_block : {1, 7, 64, 512}) {
            cases.push_back({config, key_block, std::string(name) + "_block" + std::to_string(key_block)});
        }
    }
    return cases;
}

Tensor runStreaming(const AttentionProblem& problem, std::int64_t key_block) {
    Tensor out = problem.makeOutput();
    Workspace workspace;
    streamingSoftmaxAttention(problem.q.view(), problem.k.view(), problem.v.view(), problem.config.heads,
                              out.view(), workspace, key_block);
    return out;
}

class StreamingSoftmax : public ::testing::TestWithParam<StreamingCase> {};

TEST_P(StreamingSoftmax, MatchesFloat64ReferenceAndFullRowKernel) {
    const StreamingCase& c = GetParam();
    const AttentionProblem problem = makeProblem(Method::softmax, c.config);
    const Tensor streamed = runStreaming(problem, c.key_block);
    const std::vector<double> expected = referenceAttention(problem);
    EXPECT_LE(relativeFrobeniusError(streamed.data(), expected.data(), streamed.size()), 1e-5);

    Tensor full = problem.makeOutput();
    Workspace workspace;
    fullRowSoftmaxAttention(problem.q.view(), problem.k.view(), problem.v.view(), problem.config.heads,
                            full.view(), workspace);
    const std::vector<double> full_as_double(full.data(), full.data() + full.size());
    EXPECT_LE(relativeFrobeniusError(streamed.data(), full_as_double.data(), streamed.size()), 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Shapes, StreamingSoftmax, ::testing::ValuesIn(streamingCases()),
                         [](const auto& info) { return info.param.label; });

// A later key block with a much larger logit than all earlier ones forces the rescaling path; logits of
// ~8000 would overflow exp() without the running max.
TEST(StreamingSoftmaxStability, LargeLogitsAndLateMaximaStayFinite) {
    AttentionProblem problem = makeProblem(Method::softmax, shape(1, 200, 8));
    for (std::int64_t i = 0; i < problem.q.size(); ++i) problem.q.data()[i] *= 1000.0f;
    for (std::int64_t j = 0; j < 8; ++j) problem.k.matrix(0)(199, j) = 3.0f;  // the last key wins
    const Tensor out = runStreaming(problem, 16);
    const std::vector<double> expected = referenceAttention(problem);
    for (std::int64_t i = 0; i < out.size(); ++i) ASSERT_TRUE(std::isfinite(out.data()[i])) << "at " << i;
    EXPECT_LE(relativeFrobeniusError(out.data(), expected.data(), out.size()), 1e-3);
}

// From kStreamingSoftmaxMinKeys keys on, `softmax` streams; the result still matches the reference.
TEST(StreamingSoftmaxSwitch, SoftmaxMethodStreamsForLongSequences) {
    ASSERT_TRUE(useStreamingSoftmax(kStreamingSoftmaxMinKeys));
    ASSERT_FALSE(useStreamingSoftmax(kStreamingSoftmaxMinKeys - 1));
    const AttentionProblem problem =
        makeProblem(Method::softmax, shape(1, kStreamingSoftmaxMinKeys + 3, 4, 2));
    const Tensor out = runAttention(problem);
    const std::vector<double> expected = referenceAttention(problem);
    EXPECT_LE(relativeFrobeniusError(out.data(), expected.data(), out.size()), 1e-5);
}

}  // namespace
}  // namespace attnscope::test
