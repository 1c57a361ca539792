#include "attnscope/measuring/stages.h"

#include <oneapi/tbb/task_arena.h>

#include <chrono>
#include <numeric>
#include <thread>

namespace attnscope {

std::optional<Stage> stageFromName(std::string_view name) {
    for (std::size_t i = 0; i < kStageCount; ++i) {
        if (stageName(static_cast<Stage>(i)) == name) return static_cast<Stage>(i);
    }
    return std::nullopt;
}

std::string_view stageName(Stage stage) {
    switch (stage) {
        case Stage::projection:
            return "projection";
        case Stage::pooling:
            return "pooling";
        case Stage::feature_map:
            return "feature_map";
        case Stage::scores:
            return "scores";
        case Stage::softmax:
            return "softmax";
        case Stage::weighted_sum:
            return "weighted_sum";
        case Stage::key_values:
            return "key_values";
        case Stage::query_product:
            return "query_product";
        case Stage::output_projection:
            return "output_projection";
    }
    return "unknown";
}

std::string_view stageLabel(Stage stage) {
    switch (stage) {
        case Stage::projection:
            return "projections X W";
        case Stage::pooling:
            return "pooling Xᵀ E, qᵀ E";
        case Stage::feature_map:
            return "feature map φ";
        case Stage::scores:
            return "scores Q Kᵀ";
        case Stage::softmax:
            return "softmax";
        case Stage::weighted_sum:
            return "weighted sum A V";
        case Stage::key_values:
            return "key-values Kᵀ V";
        case Stage::query_product:
            return "query product Q (Kᵀ V)";
        case Stage::output_projection:
            return "output projection W_o";
    }
    return "unknown";
}

std::vector<StageCost> stageCosts(Method method, const AttentionConfig& c) {
    const double b = static_cast<double>(c.batch), n = static_cast<double>(c.n), d = static_cast<double>(c.d);
    const double h = static_cast<double>(c.heads), dh = static_cast<double>(c.headDim());
    switch (method) {
        case Method::quadratic:
            return {{Stage::scores, 2 * b * n * n * d}, {Stage::weighted_sum, 2 * b * n * n * d}};
        case Method::softmax:
            return {{Stage::scores, 2 * b * n * n * d},
                    {Stage::softmax, 0},
                    {Stage::weighted_sum, 2 * b * n * n * d}};
        case Method::linear:
            return {{Stage::key_values, 2 * b * n * d * dh}, {Stage::query_product, 2 * b * n * d * dh}};
        case Method::mha:
            return {{Stage::projection, 6 * b * n * d * d},
                    {Stage::scores, 2 * b * n * n * d},
                    {Stage::softmax, 0},
                    {Stage::weighted_sum, 2 * b * n * n * d},
                    {Stage::output_projection, 2 * b * n * d * d}};
        case Method::xformer: {
            const double dq = static_cast<double>(c.queryWidth()), m = static_cast<double>(c.pooledLength());
            return {{Stage::projection, 2 * b * n * d * dq},
                    {Stage::pooling, 2 * b * n * d * m + 2 * b * n * dq * m},
                    {Stage::scores, 2 * b * n * m * dq},
                    {Stage::softmax, 0},
                    {Stage::weighted_sum, 2 * b * n * m * d},
                    {Stage::output_projection, 2 * b * n * d * d}};
        }
        case Method::performer: {
            const double m = static_cast<double>(c.featureCount());
            return {{Stage::feature_map, 4 * b * h * n * m * dh},
                    {Stage::key_values, 2 * b * h * n * m * (dh + 1)},
                    {Stage::query_product, 2 * b * h * n * m * (dh + 1)}};
        }
    }
    return {};
}

double StageBreakdown::stageSum() const {
    return std::accumulate(stages.begin(), stages.end(), 0.0,
                           [](double sum, const StageTime& s) { return sum + s.seconds; });
}

namespace {
struct alignas(64) ThreadRow {
    std::array<double, kStageCount> seconds{};
};
}  // namespace

struct StageRecorder::Rows {
    std::vector<ThreadRow> rows;
};

StageRecorder::StageRecorder() : rows_(std::make_unique<Rows>()) {
    // One row per arena slot; the slot index is stable for a thread while it works in the arena.
    const int slots = 1 + std::max(oneapi::tbb::this_task_arena::max_concurrency(),
                                   static_cast<int>(std::thread::hardware_concurrency()));
    rows_->rows.resize(static_cast<std::size_t>(slots));
}

StageRecorder::~StageRecorder() = default;

void StageRecorder::add(Stage stage, double seconds) {
    const int index = oneapi::tbb::this_task_arena::current_thread_index();
    // Outside any arena (index -1) or beyond the rows counted at construction: the spare last row.
    const std::size_t row = index >= 0 && static_cast<std::size_t>(index) + 1 < rows_->rows.size()
                                ? static_cast<std::size_t>(index)
                                : rows_->rows.size() - 1;
    rows_->rows[row].seconds[static_cast<std::size_t>(stage)] += seconds;
}

std::array<double, kStageCount> StageRecorder::threadSeconds() const {
    std::array<double, kStageCount> total{};
    for (const ThreadRow& row : rows_->rows) {
        for (std::size_t s = 0; s < kStageCount; ++s) total[s] += row.seconds[s];
    }
    return total;
}

void StageRecorder::reset() {
    for (ThreadRow& row : rows_->rows) row.seconds.fill(0);
}

double StageClock::now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace attnscope
