#pragma once
#include <QWidget>
#include <memory>

#include "attnscope/attention_config.h"
#include "attnscope/user_inputs.h"

namespace attnscope {

// The Heatmaps tab (stub; the heatmap work replaces it).
class HeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapView(QWidget* parent = nullptr);
    void setProblem(const AttentionConfig& config, std::shared_ptr<const UserInputs> inputs);

signals:
    void updated(double latency_ms);
    void failed(const QString& message);
};

}  // namespace attnscope
