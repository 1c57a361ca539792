// Benchmark names: the strings saved results files pair by, built and read back by one type.
#include <gtest/gtest.h>

#include <string>

#include "attnscope/measuring/benchmark_name.h"
#include "attnscope/measuring/benchmark_runner.h"

namespace attnscope {
namespace {

AttentionConfig wideConfig() {
    AttentionConfig c;
    c.batch = 40;
    c.n = 128;
    c.d = 512;
    c.heads = 4;
    c.alpha = 2;
    c.beta = 2;
    c.threads = 1;
    return c;
}

TEST(BenchmarkName, EveryMethodsNameReadsBackToTheSameString) {
    AttentionConfig c = wideConfig();
    for (Method method : kAllMethods) {
        const std::string name = BenchmarkName(method, c).str();
        const auto parsed = BenchmarkName::parse(name);
        ASSERT_TRUE(parsed) << name;
        EXPECT_EQ(parsed->str(), name);
        EXPECT_EQ(parsed->method(), method);
        EXPECT_EQ(parsed->length(), 128);
        EXPECT_EQ(*parsed, BenchmarkName(method, c));
    }
    c.features = 64;
    c.threads = 3;
    const auto performer = BenchmarkName::parse(BenchmarkName(Method::performer, c).str());
    ASSERT_TRUE(performer);
    EXPECT_EQ(performer->value("features"), 64);
    EXPECT_EQ(performer->value("threads"), 3);
}

TEST(BenchmarkName, KeepsTheDocumentedSpelling) {
    const AttentionConfig c = wideConfig();
    // The strings of docs/formats.md and tests/bench/torch_bench.py, which pair with ours by name.
    EXPECT_EQ(BenchmarkName(Method::xformer, c).str(),
              "xformer/batch:40/n:128/d:512/heads:4/alpha:2/beta:2/threads:1");
    EXPECT_EQ(BenchmarkName(Method::mha, c).str(), "mha/batch:40/n:128/d:512/heads:4/threads:1");
    EXPECT_EQ(BenchmarkName(Method::performer, c).str(),
              "performer/batch:40/n:128/d:512/heads:4/features:622/threads:1");  // ceil(128 ln 128)
    EXPECT_EQ((BenchmarkPoint{Method::softmax, c}.name()), BenchmarkName(Method::softmax, c).str());
    EXPECT_EQ((BenchmarkPoint{Method::xformer, c}.seriesName()),
              "xformer/batch:40/d:512/heads:4/alpha:2/beta:2/threads:1");
}

TEST(BenchmarkName, NamesFromOtherProgramsReadBackUnchanged) {
    for (const char* name : {"softmax/batch:1/n:512/d:64/heads:1/threads:2",  // torch_bench.py
                             "xformer/batch:40/n:2048/d:512/heads:4/alpha:4/beta:4/threads:2",
                             "performer/batch:1/n:64/d:8/heads:2/features:16/threads:1",
                             "linear/batch:1/d:64/heads:1/threads:2",  // a series name, no n
                             "quadratic", "mha/batch:0/n:0/d:0/heads:0/threads:0",
                             "softmax/batch:1/n:-5/d:64/heads:1/threads:2"}) {  // an invalid point's name
        const auto parsed = BenchmarkName::parse(name);
        ASSERT_TRUE(parsed) << name;
        EXPECT_EQ(parsed->str(), name);
    }
}

TEST(BenchmarkName, RejectsMalformedNames) {
    for (const char* name : {"",
                             "/",
                             "softmax/",
                             "Softmax/batch:1",
                             "BM_Foo/64",
                             "softmax/n:",
                             "softmax/n:12x",
                             "softmax/n:+12",
                             "softmax/n:012",
                             "softmax/n:-0",
                             "softmax/n:-",
                             "softmax/n 12",
                             "softmax//n:12",
                             "softmax/n:12/",
                             "softmax/length:12",
                             "softmax/n:12/batch:1",
                             "softmax/n:12/n:12",
                             "softmax/n:99999999999999999999",
                             "softmax/batch:1/n:512/d:64/heads:1/threads:2_median",
                             "softmax:1"}) {
        EXPECT_FALSE(BenchmarkName::parse(name)) << name;
    }
}

TEST(BenchmarkName, WithoutLengthAndShortLabel) {
    const auto name = BenchmarkName::parse("softmax/batch:4/n:512/d:64/heads:1/threads:2");
    ASSERT_TRUE(name);
    EXPECT_EQ(name->withoutLength().str(), "softmax/batch:4/d:64/heads:1/threads:2");
    EXPECT_FALSE(name->withoutLength().length());
    EXPECT_EQ(name->shortLabel(), "softmax \u00b7 n 512");
    EXPECT_EQ(name->withoutLength().shortLabel(), "softmax");
    EXPECT_EQ(name->value("d"), 64);
    EXPECT_FALSE(name->value("alpha"));
}

}  // namespace
}  // namespace attnscope
