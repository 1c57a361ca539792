#pragma once
#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"

namespace attnscope {

// The steps a forward pass is made of. Each method uses some of them, in the order listed by stageCosts.
enum class Stage {
    projection,         // X W_q (and W_k, W_v): the layer's input projections
    pooling,            // the Xformer's Xᵀ E and qᵀ E
    feature_map,        // FAVOR+ φ(Q), φ(K)
    scores,             // Q Kᵀ, or its pooled form
    softmax,            // max, exp, sum and normalisation
    weighted_sum,       // scores · V
    key_values,         // Kᵀ V (linear), φ(K)ᵀ [V 1] (FAVOR+)
    query_product,      // Q (Kᵀ V), φ(Q) · kv and its normalisation
    output_projection,  // context W_o
};
inline constexpr std::size_t kStageCount = 9;

std::string_view stageName(Stage stage);                    // snake_case, for JSON and CSV
std::optional<Stage> stageFromName(std::string_view name);  // the inverse of stageName
std::string_view stageLabel(Stage stage);                   // for tables and plots: "scores Q Kᵀ"

struct StageCost {
    Stage stage;
    double flops;  // multiply-adds as 2, as in the cost model; 0 for exp/max-only stages
};

// The stages `method` runs, in order, with the FLOPs of each; their sum is estimateCost(...).flops.
std::vector<StageCost> stageCosts(Method method, const AttentionConfig& config);

// Measured time of one stage per forward pass: the thread time spent in it, summed over the threads and
// divided by the threads the run used, so the stages of a call add up to about its wall time.
struct StageTime {
    Stage stage;
    double seconds = 0;
    double flops = 0;
    double gflops() const { return seconds > 0 ? flops / seconds * 1e-9 : 0; }
};

struct StageBreakdown {
    std::vector<StageTime> stages;
    double wall_seconds = 0;  // wall time per call of the profiled calls
    int calls = 0;
    // FAVOR+ only: drawing the orthogonal random features, which happens once per problem before any call
    // (as Performer implementations redraw them only now and then), so it is not part of wall_seconds.
    double feature_draw_seconds = 0;
    double stageSum() const;
    // Wall time no stage accounts for: idle threads (too few tiles), scheduling, the loops around stages.
    double unattributed() const { return wall_seconds > stageSum() ? wall_seconds - stageSum() : 0; }
};

// Where kernels record stage time while a profiled call runs: one row of counters per thread, so threads
// never share a cache line or a lock.
class StageRecorder {
public:
    StageRecorder();
    ~StageRecorder();
    StageRecorder(const StageRecorder&) = delete;
    StageRecorder& operator=(const StageRecorder&) = delete;

    void add(Stage stage, double seconds);                  // from any worker thread
    std::array<double, kStageCount> threadSeconds() const;  // summed over threads
    void reset();

private:
    struct Rows;
    std::unique_ptr<Rows> rows_;
};

// Attributes the time between laps to stages on the calling thread; does nothing without a recorder, so
// the kernels carry it at the cost of one pointer test per lap when nobody profiles.
class StageClock {
public:
    explicit StageClock(StageRecorder* recorder) : recorder_(recorder), last_(recorder ? now() : 0) {}
    void lap(Stage stage) {
        if (!recorder_) return;
        const double t = now();
        recorder_->add(stage, t - last_);
        last_ = t;
    }

private:
    static double now();
    StageRecorder* recorder_;
    double last_;
};

}  // namespace attnscope
