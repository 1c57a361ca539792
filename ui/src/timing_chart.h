#pragma once
#include <QWidget>
#include <vector>

#include "attnscope/attention_config.h"
#include "attnscope/method.h"

class QCustomPlot;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;

namespace attnscope {

// Time per forward pass against n on log-log axes. Until the measuring engine exists it shows what the cost
// model predicts, which already tells where the quadratic and linear methods cross.
class TimingChart : public QWidget {
    Q_OBJECT
public:
    static constexpr double kAssumedGflops = 100.0;
    static constexpr std::int64_t kMinN = 16;
    static constexpr std::int64_t kMaxN = 16384;

    explicit TimingChart(QWidget* parent = nullptr);

    void showPrediction(const AttentionConfig& config, const std::vector<Method>& methods);

private:
    QCustomPlot* plot_ = nullptr;
    QCPTextElement* subtitle_ = nullptr;
    QCPItemStraightLine* currentNLine_ = nullptr;
    QCPItemText* currentNLabel_ = nullptr;
    QCPItemText* emptyHint_ = nullptr;
};

}  // namespace attnscope
