#include "attnscope/config/attention_config.h"

#include <algorithm>
#include <cmath>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/measuring/system_info.h"

namespace attnscope {

std::string_view distributionName(InputDistribution distribution) {
    switch (distribution) {
        case InputDistribution::uniform:
            return "uniform";
        case InputDistribution::normal:
            return "normal";
        case InputDistribution::structured:
            return "structured";
    }
    return "uniform";
}

std::optional<InputDistribution> distributionFromName(std::string_view name) {
    if (name == "uniform") return InputDistribution::uniform;
    if (name == "normal") return InputDistribution::normal;
    if (name == "structured") return InputDistribution::structured;
    return std::nullopt;
}

std::int64_t AttentionConfig::queryHeadDim() const {
    return std::max<std::int64_t>(1, headDim() / alpha);
}

std::int64_t AttentionConfig::pooledLength() const {
    return (n + beta - 1) / beta;
}

std::int64_t defaultFeatureCount(std::int64_t head_dim) {
    const double m = std::ceil(static_cast<double>(head_dim) * std::log(static_cast<double>(head_dim)));
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(m));
}

std::int64_t AttentionConfig::featureCount() const {
    return features > 0 ? features : defaultFeatureCount(headDim());
}

int AttentionConfig::resolvedThreads() const {
    return threads > 0 ? threads : hardwareThreads();
}

std::uint64_t defaultMemoryBudgetBytes() {
    return physicalMemoryBytes() / 2;
}

std::string formatBytes(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int unit = 0;
    while (bytes >= 1024.0 && unit < 5) {
        bytes /= 1024.0;
        ++unit;
    }
    char text[64];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    return text;
}

namespace {

std::optional<ValidationError> outOfRange(const char* field, std::int64_t value, std::int64_t low,
                                          std::int64_t high, const std::string& why = {}) {
    if (value >= low && value <= high) return std::nullopt;
    std::string message = std::string(field) + " = " + std::to_string(value) + " is out of range: allowed " +
                          std::to_string(low) + " to " + std::to_string(high);
    if (!why.empty()) message += " (" + why + ")";
    return ValidationError{field, message};
}

}  // namespace

std::optional<ValidationError> validate(const AttentionConfig& c, Method method,
                                        std::uint64_t memory_budget_bytes) {
    if (auto e = outOfRange("batch", c.batch, 1, ConfigLimits::kMaxBatch)) return e;
    if (auto e = outOfRange("n", c.n, 1, ConfigLimits::kMaxN)) return e;
    if (auto e = outOfRange("d", c.d, 1, ConfigLimits::kMaxD)) return e;
    if (auto e = outOfRange("heads", c.heads, 1, c.d, "at most d")) return e;
    if (c.d % c.heads != 0) {
        return ValidationError{"heads", "heads = " + std::to_string(c.heads) + " does not divide d = " +
                                            std::to_string(c.d) + ": heads must be a divisor of d"};
    }
    if (usesAlphaBeta(method)) {
        if (auto e = outOfRange("alpha", c.alpha, 1, c.headDim(), "at most d / heads")) return e;
        if (auto e = outOfRange("beta", c.beta, 1, c.n, "at most n")) return e;
    }
    if (usesRandomFeatures(method) && c.features != 0) {
        if (auto e = outOfRange("features", c.features, 1, ConfigLimits::kMaxFeatures, "0 picks the default"))
            return e;
    }
    if (auto e = outOfRange("threads", c.threads, 0, 4 * hardwareThreads(), "0 uses every hardware thread"))
        return e;

    const std::uint64_t budget = memory_budget_bytes ? memory_budget_bytes : defaultMemoryBudgetBytes();
    const double needed = estimateCost(method, c).runBytes();
    if (needed > static_cast<double>(budget)) {
        return ValidationError{
            "memory", std::string(methodName(method)) + " with batch " + std::to_string(c.batch) + ", n " +
                          std::to_string(c.n) + ", d " + std::to_string(c.d) + " needs about " +
                          formatBytes(needed) + ", above the memory budget of " +
                          formatBytes(static_cast<double>(budget)) + ": reduce batch, n or d"};
    }
    return std::nullopt;
}

void validateOrThrow(const AttentionConfig& config, Method method, std::uint64_t memory_budget_bytes) {
    if (auto error = validate(config, method, memory_budget_bytes)) throw ConfigError(std::move(*error));
}

}  // namespace attnscope
