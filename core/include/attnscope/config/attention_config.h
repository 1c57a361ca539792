#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "attnscope/config/method.h"

namespace attnscope {

// uniform and normal draw every entry independently; structured gives attention a shape (diagonal bands and a
// few strong columns) from positional encodings, a shared "sink" direction and noise: see randomTensor().
enum class InputDistribution { uniform, normal, structured };
std::string_view distributionName(InputDistribution distribution);
std::optional<InputDistribution> distributionFromName(std::string_view name);

// Each knob's default, named once: AttentionConfig's initializers and the field table (config_fields.h),
// which the window, the command line and presets read, both use these.
struct ConfigDefaults {
    static constexpr std::int64_t kBatch = 4;
    static constexpr std::int64_t kN = 512;
    static constexpr std::int64_t kD = 64;
    static constexpr std::int64_t kHeads = 1;
    static constexpr std::int64_t kAlpha = 2;
    static constexpr std::int64_t kBeta = 4;
    static constexpr std::int64_t kFeatures = 0;
    static constexpr std::uint64_t kSeed = 42;
    static constexpr InputDistribution kDistribution = InputDistribution::uniform;
    // The heatmaps' own default (the window's Heatmaps tab and the report's maps): random uniform inputs give
    // nearly flat attention, structured ones the bands and sink columns of a trained model. Timing keeps
    // kDistribution.
    static constexpr InputDistribution kHeatmapDistribution = InputDistribution::structured;
    static constexpr int kThreads = 0;
};

// Everything that defines one attention run. Inputs are (batch, n, d) row-major float32; d is the model
// width (D in the Xformer README), split into `heads` heads of d / heads columns each.
struct AttentionConfig {
    std::int64_t batch = ConfigDefaults::kBatch;
    std::int64_t n = ConfigDefaults::kN;
    std::int64_t d = ConfigDefaults::kD;
    std::int64_t heads = ConfigDefaults::kHeads;
    // xformer: the query width per head is pooled to floor(headDim / alpha)
    std::int64_t alpha = ConfigDefaults::kAlpha;
    // xformer: the sequence is pooled to ceil(n / beta) positions
    std::int64_t beta = ConfigDefaults::kBeta;
    // performer: random features m; 0 picks ceil(headDim * ln headDim)
    std::int64_t features = ConfigDefaults::kFeatures;
    std::uint64_t seed = ConfigDefaults::kSeed;
    InputDistribution distribution = ConfigDefaults::kDistribution;
    int threads = ConfigDefaults::kThreads;  // 0 = every hardware thread

    std::int64_t headDim() const { return d / heads; }
    std::int64_t queryHeadDim() const;  // xformer query/key width per head
    std::int64_t queryWidth() const { return queryHeadDim() * heads; }
    std::int64_t pooledLength() const;  // xformer m = ceil(n / beta)
    std::int64_t featureCount() const;  // performer m, with the default resolved
    int resolvedThreads() const;

    bool operator==(const AttentionConfig&) const = default;
};

std::int64_t defaultFeatureCount(std::int64_t head_dim);

// Hard ceilings that keep index arithmetic far from overflow; the memory budget usually bites first.
struct ConfigLimits {
    static constexpr std::int64_t kMaxBatch = 1 << 16;
    static constexpr std::int64_t kMaxN = 1 << 22;
    static constexpr std::int64_t kMaxD = 1 << 16;
    static constexpr std::int64_t kMaxFeatures = 1 << 16;
};

struct ValidationError {
    std::string field;    // the config field at fault, as named on the command line ("n", "alpha", ...)
    std::string message;  // names the field, the value and the allowed range
};

// Half of physical memory: a run may never push the machine into swap or the OOM killer.
std::uint64_t defaultMemoryBudgetBytes();

// Checks every rule that applies to `method`; the first broken one is returned. A memory_budget_bytes of 0
// uses defaultMemoryBudgetBytes().
std::optional<ValidationError> validate(const AttentionConfig& config, Method method,
                                        std::uint64_t memory_budget_bytes = 0);

class ConfigError : public std::invalid_argument {
public:
    explicit ConfigError(ValidationError error)
        : std::invalid_argument(error.message), error_(std::move(error)) {}
    const ValidationError& error() const { return error_; }

private:
    ValidationError error_;
};

void validateOrThrow(const AttentionConfig& config, Method method, std::uint64_t memory_budget_bytes = 0);

std::string formatBytes(double bytes);

}  // namespace attnscope
