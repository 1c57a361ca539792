#pragma once
#include <QDialog>
#include <QSize>
#include <QString>
#include <array>
#include <cstddef>
#include <vector>

#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/plot_export.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;

namespace attnscope {

// What File → Export… can write.
enum class ExportItem { timingPlot, lowerPlot, heatmaps, results, heatmapMatrix, roofline };
// For tables indexed by item: follows the last item.
inline constexpr std::size_t kExportItemCount = static_cast<std::size_t>(ExportItem::roofline) + 1;
enum class ExportFormat { png, pdf, svg, csv, json, npy };

struct ExportRequest {
    ExportItem item = ExportItem::timingPlot;
    ExportFormat format = ExportFormat::png;
    double scale = 1.0;                      // PNG only: pixels per widget pixel
    HeatmapKind map = HeatmapKind::softmax;  // heatmapMatrix only
};

// The formats an item can be written in, the first being the default.
std::vector<ExportFormat> formatsFor(ExportItem item);
bool isPlot(ExportItem item);
// PNG, PDF and SVG: a picture of a plot, as opposed to its data.
bool isPlotFormat(ExportFormat format);
PlotFormat toPlotFormat(ExportFormat format);  // png, pdf or svg only
QString exportSuffix(ExportFormat format);     // without the dot
QString exportFilter(ExportFormat format);     // for QFileDialog
// A file name to offer, e.g. "timing.png", "softmax-map.npy".
QString defaultExportFileName(const ExportRequest& request);

// Asks what to export, in which format and, for PNG, at which scale; the file name is asked afterwards.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr int kMaxScale = 4;

    explicit ExportDialog(QWidget* parent = nullptr);

    // An item with a non-empty reason is listed but cannot be chosen; the reason is its tooltip.
    void setUnavailable(ExportItem item, const QString& reason);
    // The on-screen size of a plot item, for showing what a PNG scale gives.
    void setPlotSize(ExportItem item, QSize size);
    void setRequest(const ExportRequest& request);
    ExportRequest request() const;

private:
    void updateFormats();
    void updateOptions();

    QComboBox* item_ = nullptr;
    QComboBox* format_ = nullptr;
    QComboBox* scale_ = nullptr;
    QComboBox* map_ = nullptr;
    QLabel* scaleLabel_ = nullptr;
    QLabel* mapLabel_ = nullptr;
    QLabel* note_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    std::array<QSize, kExportItemCount> plotSizes_{};
};

}  // namespace attnscope
