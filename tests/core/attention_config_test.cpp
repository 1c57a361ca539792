// Every validation rule, with the message a user would see.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "attnscope/config/attention_config.h"
#include "attnscope/kernels/problem.h"

namespace attnscope {
namespace {

using ::testing::HasSubstr;

struct Rule {
    const char* name;
    Method method;
    void (*breakIt)(AttentionConfig&);
    const char* field;
    const char* message_fragment;
};

AttentionConfig validConfig() {
    AttentionConfig c;
    c.batch = 2;
    c.n = 128;
    c.d = 64;
    c.heads = 4;
    c.alpha = 2;
    c.beta = 4;
    return c;
}

const Rule kRules[] = {
    {"batch_zero", Method::quadratic, [](AttentionConfig& c) { c.batch = 0; }, "batch",
     "batch = 0 is out of range: allowed 1 to 65536"},
    {"n_zero", Method::quadratic, [](AttentionConfig& c) { c.n = 0; }, "n",
     "n = 0 is out of range: allowed 1 to"},
    {"n_negative", Method::softmax, [](AttentionConfig& c) { c.n = -5; }, "n", "n = -5 is out of range"},
    {"n_huge", Method::linear, [](AttentionConfig& c) { c.n = std::int64_t{1} << 40; }, "n",
     "allowed 1 to 4194304"},
    {"d_zero", Method::linear, [](AttentionConfig& c) { c.d = 0; }, "d",
     "d = 0 is out of range: allowed 1 to 65536"},
    {"heads_zero", Method::mha, [](AttentionConfig& c) { c.heads = 0; }, "heads",
     "heads = 0 is out of range: allowed 1 to 64 (at most d)"},
    {"heads_not_divisor", Method::mha, [](AttentionConfig& c) { c.heads = 3; }, "heads",
     "heads = 3 does not divide d = 64"},
    {"alpha_zero", Method::xformer, [](AttentionConfig& c) { c.alpha = 0; }, "alpha",
     "alpha = 0 is out of range: allowed 1 to 16 (at most d / heads)"},
    {"alpha_above_head_dim", Method::xformer, [](AttentionConfig& c) { c.alpha = 17; }, "alpha",
     "alpha = 17 is out of range: allowed 1 to 16"},
    {"beta_zero", Method::xformer, [](AttentionConfig& c) { c.beta = 0; }, "beta",
     "beta = 0 is out of range: allowed 1 to 128 (at most n)"},
    {"beta_above_n", Method::xformer, [](AttentionConfig& c) { c.beta = 129; }, "beta",
     "beta = 129 is out of range: allowed 1 to 128"},
    {"features_negative", Method::performer, [](AttentionConfig& c) { c.features = -1; }, "features",
     "features = -1 is out of range: allowed 1 to 65536 (0 picks the default)"},
    {"threads_negative", Method::softmax, [](AttentionConfig& c) { c.threads = -1; }, "threads",
     "threads = -1 is out of range: allowed 0 to"},
    {"memory", Method::quadratic,
     [](AttentionConfig& c) {
         c.batch = 65536;
         c.n = 1 << 20;
         c.d = 4096;
         c.heads = 1;
     },
     "memory", "needs about"},
};

void PrintTo(const Rule& rule, std::ostream* os) {
    *os << rule.name;
}

class ValidationRule : public ::testing::TestWithParam<Rule> {};

TEST_P(ValidationRule, NamesTheFieldAndTheAllowedRange) {
    const Rule& rule = GetParam();
    AttentionConfig config = validConfig();
    ASSERT_FALSE(validate(config, rule.method)) << "the base config must be valid";
    rule.breakIt(config);
    const auto error = validate(config, rule.method);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->field, rule.field);
    EXPECT_THAT(error->message, HasSubstr(rule.message_fragment));
    EXPECT_THROW(makeProblem(rule.method, config), ConfigError);
}

INSTANTIATE_TEST_SUITE_P(Rules, ValidationRule, ::testing::ValuesIn(kRules),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Validation, AlphaAndBetaOnlyMatterForXformer) {
    AttentionConfig config = validConfig();
    config.alpha = 1000;
    config.beta = 1000;
    EXPECT_FALSE(validate(config, Method::softmax));
    EXPECT_TRUE(validate(config, Method::xformer));
}

TEST(Validation, MemoryMessageStatesEstimateAndBudget) {
    AttentionConfig config = validConfig();
    config.n = 4096;
    const auto error = validate(config, Method::mha, 1024 * 1024);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "memory");
    EXPECT_THAT(error->message, HasSubstr("mha with batch 2, n 4096, d 64 needs about"));
    EXPECT_THAT(error->message, HasSubstr("above the memory budget of 1.0 MiB"));
}

TEST(Validation, DefaultBudgetIsHalfOfPhysicalMemory) {
    EXPECT_GT(defaultMemoryBudgetBytes(), std::uint64_t{64} << 20);
}

TEST(Config, DerivedSizes) {
    AttentionConfig c = validConfig();
    EXPECT_EQ(c.headDim(), 16);
    EXPECT_EQ(c.queryHeadDim(), 8);
    EXPECT_EQ(c.queryWidth(), 32);
    EXPECT_EQ(c.pooledLength(), 32);
    c.beta = 5;
    EXPECT_EQ(c.pooledLength(), 26);  // ceil(128 / 5)
    c.alpha = 3;
    EXPECT_EQ(c.queryHeadDim(), 5);           // floor(16 / 3)
    EXPECT_EQ(defaultFeatureCount(64), 267);  // ceil(64 ln 64) = ceil(266.17)
    EXPECT_EQ(defaultFeatureCount(1), 1);
    c.features = 10;
    EXPECT_EQ(c.featureCount(), 10);
}

TEST(Config, NamesRoundTrip) {
    for (Method method : kAllMethods) EXPECT_EQ(methodFromName(methodName(method)), method);
    EXPECT_FALSE(methodFromName("flash"));
    EXPECT_EQ(methodNameList(), "quadratic, linear, softmax, mha, xformer, performer");
    for (InputDistribution distribution :
         {InputDistribution::uniform, InputDistribution::normal, InputDistribution::structured})
        EXPECT_EQ(distributionFromName(distributionName(distribution)), distribution);
    EXPECT_EQ(distributionName(InputDistribution::structured), "structured");
    EXPECT_FALSE(distributionFromName("cauchy"));
}

}  // namespace
}  // namespace attnscope
