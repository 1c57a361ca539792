// Preset expansion, the shipped seed presets, and every kind of preset error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "attnscope/io/preset.h"

namespace attnscope {
namespace {

using ::testing::HasSubstr;

std::string readShipped(const std::string& name) {
    std::ifstream file(std::string(ATTNSCOPE_PRESET_DIR) + "/" + name + ".json");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

TEST(Preset, NotebookHasThreeShapesTimesTwoMethods) {
    const Preset preset = parsePreset(readShipped("notebook"), "notebook.json");
    EXPECT_EQ(preset.name, "notebook");
    EXPECT_EQ(preset.layout, PresetLayout::notebook);
    ASSERT_EQ(preset.points.size(), 6u);
    EXPECT_EQ(preset.points[0].name(), "quadratic/batch:32/n:2048/d:64/heads:1/threads:" +
                                           std::to_string(preset.points[0].config.resolvedThreads()));
    EXPECT_EQ(preset.points[3].method, Method::linear);
    EXPECT_EQ(preset.points[3].config.d, 2048);
    ASSERT_EQ(preset.reference.size(), 6u);
    // The notebook's own ratio, 16.14×, comes back from its stored seconds.
    const double ratio =
        preset.referenceFor(preset.points[0])->seconds / preset.referenceFor(preset.points[1])->seconds;
    EXPECT_NEAR(ratio, 16.14, 0.005);
}

TEST(Preset, XformerTableHasFiveMhaAndTwentyXformerPoints) {
    const Preset preset = parsePreset(readShipped("xformer-table"), "xformer-table.json", 1);
    ASSERT_EQ(preset.points.size(), 25u);
    int mha = 0;
    for (const BenchmarkPoint& p : preset.points) {
        mha += p.method == Method::mha;
        EXPECT_EQ(p.config.batch, 40);
        EXPECT_EQ(p.config.d, 512);
        EXPECT_EQ(p.config.heads, 4);
        EXPECT_EQ(p.config.threads, 1) << "the threads argument overrides the preset";
        EXPECT_NE(preset.referenceFor(p), nullptr) << p.name();
        if (p.method == Method::xformer) {
            EXPECT_EQ(p.config.alpha, p.config.beta);
        }
    }
    EXPECT_EQ(mha, 5);
    EXPECT_EQ(preset.points[5].name(), "xformer/batch:40/n:128/d:512/heads:4/alpha:2/beta:2/threads:1");
    EXPECT_EQ(preset.points[6].name(), "xformer/batch:40/n:128/d:512/heads:4/alpha:4/beta:4/threads:1");
}

TEST(Preset, ListsExpandInTheDocumentedOrderAndRepeatsRunOnce) {
    const Preset preset = parsePreset(
        R"({"name": "grid", "defaults": {"batch": 1},
            "runs": [{"methods": ["mha", "xformer"], "n": [16, 32], "s": [2, 4], "d": 8}]})",
        "grid.json");
    std::vector<std::string> names;
    for (const auto& p : preset.points) names.push_back(p.name().substr(0, p.name().rfind("/threads")));
    EXPECT_EQ(names, (std::vector<std::string>{
                         "mha/batch:1/n:16/d:8/heads:1", "xformer/batch:1/n:16/d:8/heads:1/alpha:2/beta:2",
                         "xformer/batch:1/n:16/d:8/heads:1/alpha:4/beta:4", "mha/batch:1/n:32/d:8/heads:1",
                         "xformer/batch:1/n:32/d:8/heads:1/alpha:2/beta:2",
                         "xformer/batch:1/n:32/d:8/heads:1/alpha:4/beta:4"}));
}

struct BadPreset {
    const char* name;
    const char* json;
    const char* message;
};

const BadPreset kBadPresets[] = {
    {"syntax", R"({"name": "x", )", "bad.json: (syntax): not valid JSON"},
    // Found by fuzzing: nlohmann throws out_of_range, not parse_error, for a number beyond double's range.
    {"number_out_of_range", R"({"name": "x", "defaults": {"batch": 9e999}})",
     "bad.json: (syntax): not valid JSON"},
    {"not_object", R"([1, 2])", "bad.json: (top level): expected an object, found array"},
    {"unknown_top_key", R"({"name": "x", "runz": []})", "bad.json: runz: unknown key; allowed: name, title"},
    {"missing_name", R"({"runs": [{"methods": ["softmax"]}]})", "bad.json: name: missing"},
    {"missing_runs", R"({"name": "x"})", "bad.json: runs: missing"},
    {"empty_runs", R"({"name": "x", "runs": []})", "bad.json: runs: expected a non-empty list"},
    {"name_not_string", R"({"name": 5, "runs": []})", "bad.json: name: expected a string, found number"},
    {"bad_layout", R"({"name": "x", "layout": "grid", "runs": []})",
     "layout: expected \"generic\", \"notebook\""},
    {"unknown_method", R"({"name": "x", "runs": [{"methods": ["flash"]}]})",
     "bad.json: runs[0].methods: unknown method \"flash\"; allowed: quadratic, linear"},
    {"methods_missing", R"({"name": "x", "runs": [{"n": 4}]})", "runs[0].methods: missing"},
    {"wrong_type", R"({"name": "x", "runs": [{"methods": ["softmax"], "n": "big"}]})",
     "bad.json: runs[0].n: expected an integer, found string \"big\""},
    {"float_value", R"({"name": "x", "runs": [{"methods": ["softmax"], "n": 2.5}]})",
     "runs[0].n: expected an integer, found number 2.5"},
    {"bad_value", R"({"name": "x", "runs": [{"methods": ["softmax"], "n": [16, 0]}]})",
     "bad.json: runs[0].n: n = 0 is out of range: allowed 1 to"},
    {"beta_above_n", R"({"name": "x", "runs": [{"methods": ["xformer"], "n": 8, "beta": 9}]})",
     "runs[0].beta: beta = 9 is out of range: allowed 1 to 8 (at most n)"},
    {"unknown_run_key", R"({"name": "x", "runs": [{"methods": ["softmax"], "m": 3}]})",
     "runs[0].m: unknown key"},
    {"bad_distribution",
     R"({"name": "x", "defaults": {"distribution": "cauchy"}, "runs": [{"methods": ["softmax"]}]})",
     "defaults.distribution: expected \"uniform\", \"normal\" or \"structured\", found \"cauchy\""},
    {"list_in_defaults", R"({"name": "x", "defaults": {"n": [1, 2]}, "runs": [{"methods": ["softmax"]}]})",
     "defaults.n: defaults take single values"},
    {"too_many_points",
     R"({"name": "x", "runs": [{"methods": ["softmax"], "n": [1,2,3,4,5,6,7,8,9,10,11], "batch": [1,2,3,4,5,6,7,8,9,10],
         "seed": [1,2,3,4,5,6,7,8,9,10], "features": [1,2,3,4,5,6,7,8,9,10], "threads": [0,1,0,1,0,1,0,1,0,1]}]})",
     "runs[0]: expands to more than 100000 points"},
    {"bad_reference",
     R"({"name": "x", "runs": [{"methods": ["softmax"]}], "reference": {"seconds": [{"method": "softmax", "value": -1}]}})",
     "reference.seconds[0].value: expected a positive number of seconds"},
};

void PrintTo(const BadPreset& preset, std::ostream* os) {
    *os << preset.name;
}

class PresetErrors : public ::testing::TestWithParam<BadPreset> {};

TEST_P(PresetErrors, NameTheFileTheKeyAndWhatWasExpected) {
    try {
        parsePreset(GetParam().json, "bad.json");
        FAIL() << "expected a PresetError";
    } catch (const PresetError& error) {
        EXPECT_THAT(error.what(), HasSubstr(GetParam().message));
    }
}

INSTANTIATE_TEST_SUITE_P(All, PresetErrors, ::testing::ValuesIn(kBadPresets),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace attnscope
