// Every method against its float64 reference, on random shapes and on the edge shapes that break blocked
// kernels: n = 1, d = 1, n not a multiple of the tile or of beta, several heads, several batches; each on
// every ISA variant of the hand-written kernels this CPU runs.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdio>

#include "attnscope/kernels/kernels.h"
#include "attnscope/kernels/reference.h"
#include "scoped_isa.h"
#include "test_problems.h"

namespace attnscope::test {
namespace {

std::vector<KernelCase> kernelCases() {
    struct Shape {
        AttentionConfig config;
        const char* name;
    };
    const Shape shapes[] = {
        {shape(1, 1, 1), "n1_d1"},
        {shape(1, 1, 16), "n1"},
        {shape(2, 7, 1), "d1"},
        {shape(3, 33, 8, 2, 2, 5), "odd_n_beta5"},
        {shape(2, 300, 32, 4, 2, 7), "n300_two_tiles_heads4"},
        {shape(1, 512, 64, 1, 4, 4), "n512_d64"},
        {shape(2, 257, 24, 3, 3, 256), "n257_beta256_heads3"},
        {shape(4, 64, 48, 2, 1, 1, 0, InputDistribution::normal), "normal_inputs"},
        {shape(1, 129, 512, 8, 16, 16), "wide_d512_heads8"},
        {shape(1, 1024, 16, 1, 1, 3), "n1024_linear_chunks"},
        {shape(1, 1100, 8, 2, 1, 9), "n1100_ragged_key_blocks"},
        {shape(2, 40, 96), "d96_head_wider_than_narrow_product"},
        {shape(2, 20, 600), "d600_linear_column_blocks"},
    };
    std::vector<KernelCase> cases;
    for (Method method : kAllMethods) {
        for (const Shape& s : shapes) {
            cases.push_back({method, s.config, std::string(methodName(method)) + "_" + s.name});
        }
    }
    return cases;
}

class KernelVsReference : public ::testing::TestWithParam<KernelCase> {};

TEST_P(KernelVsReference, OutputMatchesFloat64Reference) {
    const KernelCase& c = GetParam();
    const AttentionProblem problem = makeProblem(c.method, c.config);
    const std::vector<double> expected = referenceAttention(problem);
    for (Isa isa : kAllIsas) {
        const ScopedIsa scoped(isa);
        if (!scoped.active()) continue;
        const Tensor out = runAttention(problem);
        ASSERT_EQ(static_cast<std::size_t>(out.size()), expected.size());
        for (std::int64_t i = 0; i < out.size(); ++i)
            ASSERT_TRUE(std::isfinite(out.data()[i])) << isaName(isa) << " at " << i;
        const double error = relativeFrobeniusError(out.data(), expected.data(), out.size());
        EXPECT_LE(error, 1e-5) << c.label << " on " << isaName(isa);
        char text[32];
        std::snprintf(text, sizeof text, "%.3e", error);
        RecordProperty(std::string("relative_error_") + isaName(isa), text);
    }
}

// Repeated runs through one workspace (as the benchmark runner does) must give identical results: a
// kernel that relied on zeroed scratch would pass the test above and fail here.
TEST_P(KernelVsReference, ReusedWorkspaceGivesIdenticalResults) {
    const KernelCase& c = GetParam();
    const AttentionProblem problem = makeProblem(c.method, c.config);
    Workspace workspace;
    Tensor first = problem.makeOutput(), second = problem.makeOutput();
    runAttention(problem, first.view(), workspace);
    std::fill(second.data(), second.data() + second.size(), NAN);
    runAttention(problem, second.view(), workspace);
    for (std::int64_t i = 0; i < first.size(); ++i)
        ASSERT_EQ(first.data()[i], second.data()[i]) << "at " << i;
}

// Stop must not wait for a whole call: with the cancel flag set, no tile starts, so the output keeps the
// NaNs it was filled with.
TEST_P(KernelVsReference, CancelledWorkspaceStartsNoTile) {
    const KernelCase& c = GetParam();
    const AttentionProblem problem = makeProblem(c.method, c.config);
    std::atomic<bool> cancel{true};
    Workspace workspace;
    workspace.setCancelFlag(&cancel);
    Tensor out = problem.makeOutput();
    std::fill(out.data(), out.data() + out.size(), NAN);
    runAttention(problem, out.view(), workspace);
    for (std::int64_t i = 0; i < out.size(); ++i) ASSERT_TRUE(std::isnan(out.data()[i])) << "at " << i;
}

INSTANTIATE_TEST_SUITE_P(AllMethods, KernelVsReference, ::testing::ValuesIn(kernelCases()),
                         [](const auto& info) { return info.param.label; });

}  // namespace
}  // namespace attnscope::test
