#include "attnscope/config/config_fields.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <type_traits>

#include "attnscope/measuring/system_info.h"

namespace attnscope {

namespace {

bool allMethods(Method) {
    return true;
}

std::int64_t resolvedFeatures(const AttentionConfig& c) {
    // Until heads divides d there is no head width to resolve the default from.
    return c.heads > 0 && c.d % c.heads == 0 ? c.featureCount() : 0;
}

std::int64_t resolvedThreads(const AttentionConfig& c) {
    return c.resolvedThreads();
}

constexpr FieldChoice kDistributions[] = {
    {"uniform", "Entries drawn uniformly from [0, 1), as torch.rand does."},
    {"normal", "Entries drawn from the standard normal distribution, as torch.randn does."},
    {"structured",
     "Sinusoidal positional encodings plus a few attention-sink tokens and Gaussian noise, so that softmax "
     "attention shows diagonal bands and strong columns as trained models do (docs/methods.md)."},
};

std::array<ConfigField, 10> makeFields() {
    const std::int64_t threads = hardwareThreads();
    return {{
        {.key = "batch",
         .label = "batch",
         .help = "Independent sequences per forward pass.",
         .category = FieldCategory::shape,
         .member = &AttentionConfig::batch,
         .minimum = 1,
         .maximum = ConfigLimits::kMaxBatch,
         .typical_maximum = 256,
         .powers_of_two = true,
         .default_value = ConfigDefaults::kBatch,
         .applies_to = allMethods},
        {.key = "n",
         .label = "n",
         .help = "Sequence length n: tokens per sequence.",
         .category = FieldCategory::shape,
         .member = &AttentionConfig::n,
         .minimum = 1,
         .maximum = ConfigLimits::kMaxN,
         .typical_maximum = 16384,
         .powers_of_two = true,
         .default_value = ConfigDefaults::kN,
         .applies_to = allMethods},
        {.key = "d",
         .label = "d",
         .help = "Model width d (D in the Xformer paper), split evenly across the heads.",
         .category = FieldCategory::shape,
         .member = &AttentionConfig::d,
         .minimum = 1,
         .maximum = ConfigLimits::kMaxD,
         .typical_maximum = 4096,
         .powers_of_two = true,
         .default_value = ConfigDefaults::kD,
         .applies_to = allMethods},
        {.key = "heads",
         .label = "heads",
         .help = "Attention heads; each gets d / heads columns, so heads must divide d.",
         .category = FieldCategory::shape,
         .member = &AttentionConfig::heads,
         .minimum = 1,
         .maximum = ConfigLimits::kMaxD,
         .limit_note = "a divisor of d",
         .typical_maximum = 64,
         .powers_of_two = true,
         .default_value = ConfigDefaults::kHeads,
         .applies_to = allMethods},
        {.key = "alpha",
         .label = "alpha",
         .help = "Xformer query pooling: each head's query width becomes (d / heads) / alpha.",
         .category = FieldCategory::method,
         .member = &AttentionConfig::alpha,
         .minimum = 1,
         .maximum = ConfigLimits::kMaxD,
         .limit_note = "at most d / heads",
         .typical_maximum = 64,
         .default_value = ConfigDefaults::kAlpha,
         .applies_to = usesAlphaBeta},
        {.key = "beta",
         .label = "beta",
         .help = "Xformer sequence pooling: keys and values are pooled to ceil(n / beta) positions.",
         .category = FieldCategory::method,
         .member = &AttentionConfig::beta,
         .minimum = 1,
         .maximum = ConfigLimits::kMaxN,
         .limit_note = "at most n",
         .typical_maximum = 16384,
         .default_value = ConfigDefaults::kBeta,
         .applies_to = usesAlphaBeta},
        {.key = "features",
         .label = "features m",
         .help = "Performer random features m of FAVOR+; 0 (auto) picks ceil(h ln h) with h = d / heads, "
                 "the Performer paper's choice.",
         .category = FieldCategory::method,
         .member = &AttentionConfig::features,
         .minimum = 0,
         .maximum = ConfigLimits::kMaxFeatures,
         .zero_means = "auto",
         .typical_maximum = 4096,
         .default_value = ConfigDefaults::kFeatures,
         .applies_to = usesRandomFeatures,
         .effective = resolvedFeatures},
        {.key = "seed",
         .label = "seed",
         .help = "Random seed for the inputs and the methods' weights; the same seed gives the same numbers "
                 "on every run.",
         .category = FieldCategory::inputs,
         .member = &AttentionConfig::seed,
         .default_value = static_cast<std::int64_t>(ConfigDefaults::kSeed),
         .applies_to = allMethods},
        {.key = "distribution",
         .label = "input",
         .help = "Distribution of the random input entries.",
         .category = FieldCategory::inputs,
         .member = &AttentionConfig::distribution,
         .default_value = static_cast<std::int64_t>(ConfigDefaults::kDistribution),
         .applies_to = allMethods,
         .choices = kDistributions},
        {.key = "threads",
         .label = "threads",
         .help = "Worker threads for the kernels; 0 (all) uses every hardware thread.",
         .category = FieldCategory::execution,
         .member = &AttentionConfig::threads,
         .minimum = 0,
         .maximum = 4 * threads,
         .zero_means = "all",
         .typical_maximum = threads,
         .default_value = ConfigDefaults::kThreads,
         .applies_to = allMethods,
         .effective = resolvedThreads},
    }};
}

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\n\r");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\n\r") - first + 1);
}

template <typename T>
bool parseNumber(std::string_view text, T& value) {
    text = trimmed(text);
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::span<const ConfigField> configFields() {
    static const std::array<ConfigField, 10> fields = makeFields();
    return fields;
}

const ConfigField* findConfigField(std::string_view key) {
    for (const ConfigField& field : configFields()) {
        if (field.key == key) return &field;
    }
    return nullptr;
}

AttentionConfig defaultConfig() {
    AttentionConfig config;
    for (const ConfigField& field : configFields()) field.setValue(config, field.default_value);
    return config;
}

std::vector<Method> defaultMethods() {
    return {Method::quadratic, Method::linear, Method::softmax};
}

FieldType ConfigField::type() const {
    if (std::holds_alternative<std::uint64_t AttentionConfig::*>(member)) return FieldType::unsigned_integer;
    if (std::holds_alternative<InputDistribution AttentionConfig::*>(member)) return FieldType::choice;
    return FieldType::integer;
}

bool ConfigField::appliesToAll() const {
    return std::all_of(kAllMethods.begin(), kAllMethods.end(), applies_to);
}

std::string ConfigField::rangeText() const {
    switch (type()) {
        case FieldType::choice: {
            std::string text;
            for (std::size_t i = 0; i < choices.size(); ++i) {
                if (i > 0) text += i + 1 == choices.size() ? " or " : ", ";
                text += choices[i].name;
            }
            return text;
        }
        case FieldType::unsigned_integer:
            return "0 to " + std::to_string(std::numeric_limits<std::uint64_t>::max());
        case FieldType::integer:
            break;
    }
    std::string text = std::to_string(minimum) + " to " + std::to_string(maximum);
    if (!zero_means.empty() && minimum == 0) {
        text = "0 (" + std::string(zero_means) + ") or 1 to " + std::to_string(maximum);
    }
    if (!limit_note.empty()) text += ", " + std::string(limit_note);
    return text;
}

std::string ConfigField::methodsText() const {
    if (appliesToAll()) return {};
    std::string text;
    for (Method method : kAllMethods) {
        if (!applies_to(method)) continue;
        if (!text.empty()) text += ", ";
        text += methodName(method);
    }
    return text;
}

std::int64_t ConfigField::value(const AttentionConfig& config) const {
    return std::visit([&config](auto pointer) { return static_cast<std::int64_t>(config.*pointer); }, member);
}

void ConfigField::setValue(AttentionConfig& config, std::int64_t value) const {
    std::visit(
        [&config, value](auto pointer) {
            using T = std::remove_reference_t<decltype(config.*pointer)>;
            if constexpr (std::is_same_v<T, int>) {
                config.*pointer = static_cast<int>(std::clamp<std::int64_t>(
                    value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
            } else {
                config.*pointer = static_cast<T>(value);
            }
        },
        member);
}

std::uint64_t ConfigField::unsignedValue(const AttentionConfig& config) const {
    if (const auto* pointer = std::get_if<std::uint64_t AttentionConfig::*>(&member)) return config.**pointer;
    return static_cast<std::uint64_t>(value(config));
}

std::int64_t ConfigField::effectiveValue(const AttentionConfig& config) const {
    return effective ? effective(config) : value(config);
}

std::string ConfigField::text(const AttentionConfig& config) const {
    switch (type()) {
        case FieldType::choice: {
            const auto index = static_cast<std::size_t>(value(config));
            return index < choices.size() ? std::string(choices[index].name) : std::string();
        }
        case FieldType::unsigned_integer:
            return std::to_string(unsignedValue(config));
        case FieldType::integer:
            break;
    }
    return std::to_string(value(config));
}

std::string ConfigField::defaultText() const {
    AttentionConfig config;
    setValue(config, default_value);
    return text(config);
}

bool ConfigField::parse(std::string_view text, AttentionConfig& config) const {
    switch (type()) {
        case FieldType::choice:
            for (std::size_t i = 0; i < choices.size(); ++i) {
                if (choices[i].name == trimmed(text)) {
                    setValue(config, static_cast<std::int64_t>(i));
                    return true;
                }
            }
            return false;
        case FieldType::unsigned_integer: {
            std::uint64_t value = 0;
            if (!parseNumber(text, value)) return false;
            config.*std::get<std::uint64_t AttentionConfig::*>(member) = value;
            return true;
        }
        case FieldType::integer:
            break;
    }
    std::int64_t value = 0;
    if (!parseNumber(text, value)) return false;
    setValue(config, value);
    return true;
}

}  // namespace attnscope
