#pragma once
#include <QString>
#include <array>

#include "attnscope/ui/heatmap_kind.h"

class QCPColorGradient;
class QCPColorMap;
class QCPColorScale;
class QCPLayoutGrid;
class QCPTextElement;
class QCustomPlot;

namespace attnscope {

struct BlockMap;
struct HeatmapData;

const BlockMap& heatmapOf(const HeatmapData& data, HeatmapKind kind);

// Viridis, the attention maps' gradient, for other views of attention weights (the grid of heads).
QCPColorGradient attentionGradient();
// Log scales span at most this many decades below the maximum, so that a few underflowed weights
// (exp(-50) and the like) do not squeeze every visible value into one colour.
inline constexpr double kLogDecades = 6;

// Draws the four attention maps of one (batch, head) on a QCustomPlot, shown (the Heatmaps tab) or bare (the
// report): softmax | FAVOR+ over a shared colour scale, Xformer | |softmax − FAVOR+| over a scale of its own.
class HeatmapPlot {
public:
    // Up to this many tokens label every position of the axes; longer sequences show them on hover only.
    static constexpr std::size_t kMaxTokenLabels = 48;

    // Lays the maps out on `plot`, replacing whatever it held.
    explicit HeatmapPlot(QCustomPlot& plot);

    // Fills maps, titles and colour scales; `log` colours six decades logarithmically.
    void show(const HeatmapData& data, bool log);
    // Recolours what show() drew, linearly or logarithmically.
    void setLogScale(const HeatmapData& data, bool log);
    void clear();
    // Gives the Xformer map the width its n × m shape calls for, once the plot has been laid out; returns
    // the plot height at which the n × n maps are square.
    int fitXformerWidth(const HeatmapData& data);

    QCustomPlot& plot() const { return plot_; }
    QCPColorMap* map(HeatmapKind kind) const { return maps_[index(kind)]; }
    QString title(HeatmapKind kind) const;
    QCPColorScale* attentionScale() const { return attentionScale_; }  // softmax, Xformer and FAVOR+
    QCPColorScale* differenceScale() const { return differenceScale_; }

    // The line under the maps: FAVOR+'s error against softmax and where the Xformer's input came from.
    static QString errorText(const HeatmapData& data);
    static QString inputsToolTip(const HeatmapData& data);
    // What hovering shows at plot coordinates (key = column, value = row) of a map; empty outside it.
    QString describeCell(const HeatmapData& data, HeatmapKind kind, double key, double value) const;

private:
    static std::size_t index(HeatmapKind kind) { return static_cast<std::size_t>(kind); }
    void build();
    // Token strings on the axes of the n × n maps (rows of the Xformer's) when the inputs came with them.
    void labelTokens(const HeatmapData& data);

    QCustomPlot& plot_;
    std::array<QCPColorMap*, 4> maps_{};
    std::array<QCPTextElement*, 4> titles_{};
    QCPColorScale* attentionScale_ = nullptr;
    QCPColorScale* differenceScale_ = nullptr;
    QCPLayoutGrid* xformerCell_ = nullptr;  // the Xformer map and a spacer that keeps its n × m aspect
};

}  // namespace attnscope
