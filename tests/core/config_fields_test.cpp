// The field table (config_fields.h) against its core consumers: AttentionConfig's defaults, validate()'s
// field names, the JSON written for each point and the presets that read those keys back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "attnscope/config/config_fields.h"
#include "attnscope/io/config_json.h"
#include "attnscope/io/preset.h"

namespace attnscope {
namespace {

using ::testing::ElementsAre;

// Every field moved off its default and still valid for every method, so a round trip shows each one.
AttentionConfig changedConfig() {
    AttentionConfig c;
    c.batch = 3;
    c.n = 96;
    c.d = 32;
    c.heads = 2;
    c.alpha = 4;
    c.beta = 8;
    c.features = 12;
    c.seed = 18446744073709551557ull;  // above int64's range: the seed uses all 64 bits
    c.distribution = InputDistribution::normal;
    c.threads = 1;
    return c;
}

std::vector<std::string> keys() {
    std::vector<std::string> result;
    for (const ConfigField& field : configFields()) result.emplace_back(field.key);
    return result;
}

TEST(ConfigFields, OneRowPerAttentionConfigFieldInDeclarationOrder) {
    EXPECT_THAT(keys(), ElementsAre("batch", "n", "d", "heads", "alpha", "beta", "features", "seed",
                                    "distribution", "threads"));
    // Each row writes its own member: changing one field through the table changes nothing else.
    const AttentionConfig changed = changedConfig();
    for (const ConfigField& field : configFields()) {
        AttentionConfig config;
        ASSERT_TRUE(field.parse(field.text(changed), config)) << field.key;
        for (const ConfigField& other : configFields()) {
            if (&other == &field) {
                EXPECT_EQ(other.text(config), other.text(changed)) << field.key;
            } else {
                EXPECT_EQ(other.text(config), other.defaultText()) << field.key << " changed " << other.key;
            }
        }
    }
}

TEST(ConfigFields, DefaultsAreAttentionConfigsOwn) {
    EXPECT_EQ(defaultConfig(), AttentionConfig{});
    for (const ConfigField& field : configFields()) {
        EXPECT_EQ(field.value(AttentionConfig{}), field.default_value) << field.key;
        EXPECT_EQ(field.text(AttentionConfig{}), field.defaultText()) << field.key;
    }
    // The window's long-standing starting point, now the command line's as well.
    const AttentionConfig c = defaultConfig();
    EXPECT_EQ(c.batch, 4);
    EXPECT_EQ(c.n, 512);
    EXPECT_EQ(c.d, 64);
    EXPECT_EQ(c.heads, 1);
    EXPECT_EQ(c.alpha, 2);
    EXPECT_EQ(c.beta, 4);
    EXPECT_EQ(c.features, 0);
    EXPECT_EQ(c.seed, 42u);
    EXPECT_EQ(c.distribution, InputDistribution::uniform);
    EXPECT_EQ(c.threads, 0);
    EXPECT_THAT(defaultMethods(), ElementsAre(Method::quadratic, Method::linear, Method::softmax));
    for (Method method : defaultMethods())
        EXPECT_FALSE(validate(defaultConfig(), method)) << methodName(method);
}

TEST(ConfigFields, EveryRowHasLabelHelpAndAMethodThatUsesIt) {
    for (const ConfigField& field : configFields()) {
        EXPECT_FALSE(field.label.empty()) << field.key;
        EXPECT_FALSE(field.help.empty()) << field.key;
        EXPECT_TRUE(std::any_of(kAllMethods.begin(), kAllMethods.end(), field.applies_to)) << field.key;
        EXPECT_EQ(findConfigField(field.key), &field);
    }
    EXPECT_EQ(findConfigField("s"), nullptr);
}

TEST(ConfigFields, MethodsFollowTheKernels) {
    for (Method method : kAllMethods) {
        EXPECT_EQ(findConfigField("alpha")->appliesTo(method), method == Method::xformer);
        EXPECT_EQ(findConfigField("beta")->appliesTo(method), method == Method::xformer);
        EXPECT_EQ(findConfigField("features")->appliesTo(method), method == Method::performer);
        EXPECT_TRUE(findConfigField("heads")->appliesTo(method)) << "every kernel splits d into heads";
    }
    EXPECT_EQ(findConfigField("alpha")->methodsText(), "xformer");
    EXPECT_EQ(findConfigField("n")->methodsText(), "");
}

// validate() stays the one check; the table's bounds must be the ones it enforces, under the same names.
TEST(ConfigFields, RangesAreValidatesAndItNamesTheKey) {
    for (const ConfigField& field : configFields()) {
        if (field.type() != FieldType::integer) continue;
        const Method method = *std::find_if(kAllMethods.begin(), kAllMethods.end(), field.applies_to);
        for (const std::int64_t outside : {field.minimum - 1, field.maximum + 1}) {
            AttentionConfig config;
            field.setValue(config, outside);
            const auto error = validate(config, method);
            ASSERT_TRUE(error) << field.key << " = " << outside;
            EXPECT_EQ(error->field, field.key) << error->message;
        }
    }
    EXPECT_EQ(findConfigField("alpha")->rangeText(), "1 to 65536, at most d / heads");
    EXPECT_EQ(findConfigField("features")->rangeText(), "0 (auto) or 1 to 65536");
    EXPECT_EQ(findConfigField("distribution")->rangeText(), "uniform, normal or structured");
}

TEST(ConfigFields, TextRoundTripsAndRejectsWhatIsNotAValue) {
    const AttentionConfig changed = changedConfig();
    AttentionConfig config;
    for (const ConfigField& field : configFields()) ASSERT_TRUE(field.parse(field.text(changed), config));
    EXPECT_EQ(config, changed);
    for (const ConfigField& field : configFields()) {
        for (const char* bad : {"", "lots", "12x", "-"}) {
            EXPECT_FALSE(field.parse(bad, config)) << field.key << " '" << bad << "'";
        }
    }
    EXPECT_FALSE(findConfigField("seed")->parse("-1", config));
    EXPECT_EQ(config, changed) << "a rejected text leaves the config alone";
}

TEST(ConfigFields, PointJsonHasEveryKeyButExecutionOnesAndReadsBackAsAPreset) {
    const AttentionConfig changed = changedConfig();
    // performer: the one method whose JSON keeps a set feature count.
    nlohmann::json json = pointConfigJson(Method::performer, changed);
    std::set<std::string> expected{"method"};
    for (const ConfigField& field : configFields()) {
        if (field.category != FieldCategory::execution) expected.insert(std::string(field.key));
    }
    std::set<std::string> written;
    for (const auto& item : json.items()) written.insert(item.key());
    EXPECT_EQ(written, expected);
    EXPECT_EQ(json["seed"].get<std::uint64_t>(), changed.seed);
    EXPECT_EQ(json["distribution"], "normal");

    // The same keys are a preset's config fields: the point comes back as it was written.
    json.erase("method");
    json["threads"] = changed.threads;
    const nlohmann::json preset = {
        {"name", "round-trip"}, {"defaults", json}, {"runs", {{{"methods", {"performer"}}}}}};
    const Preset parsed = parsePreset(preset.dump(), "round-trip.json");
    ASSERT_EQ(parsed.points.size(), 1u);
    EXPECT_EQ(parsed.points[0].config, changed);

    // A preset's unset fields are the table's defaults, as on the command line and in the window.
    const Preset bare = parsePreset(R"({"name": "bare", "runs": [{"methods": ["softmax"]}]})", "bare.json");
    EXPECT_EQ(bare.points.at(0).config, defaultConfig());
}

TEST(ConfigFields, PerformerJsonResolvesFeaturesOthersWriteZero) {
    AttentionConfig c;
    c.d = 64;
    c.heads = 4;
    c.features = 0;
    EXPECT_EQ(pointConfigJson(Method::performer, c)["features"], defaultFeatureCount(16));
    EXPECT_EQ(pointConfigJson(Method::softmax, c)["features"], 0);
}

}  // namespace
}  // namespace attnscope
