#include "attnscope/ui/export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <algorithm>

namespace attnscope {

namespace {

std::size_t slot(ExportItem item) {
    return static_cast<std::size_t>(item);
}

QString formatName(ExportFormat format) {
    switch (format) {
        case ExportFormat::png:
            return ExportDialog::tr("PNG (raster)");
        case ExportFormat::pdf:
            return ExportDialog::tr("PDF (vector)");
        case ExportFormat::svg:
            return ExportDialog::tr("SVG (vector)");
        case ExportFormat::csv:
            return ExportDialog::tr("CSV");
        case ExportFormat::json:
            return ExportDialog::tr("JSON (Google Benchmark schema)");
        case ExportFormat::npy:
            break;
    }
    return ExportDialog::tr("NumPy .npy (float32)");
}

QString mapName(HeatmapKind kind) {
    switch (kind) {
        case HeatmapKind::softmax:
            return ExportDialog::tr("softmax");
        case HeatmapKind::xformer:
            return ExportDialog::tr("Xformer");
        case HeatmapKind::performer:
            return ExportDialog::tr("FAVOR+");
        case HeatmapKind::difference:
            break;
    }
    return ExportDialog::tr("|softmax − FAVOR+|");
}

}  // namespace

std::vector<ExportFormat> formatsFor(ExportItem item) {
    switch (item) {
        case ExportItem::timingPlot:
        case ExportItem::lowerPlot:
        case ExportItem::heatmaps:
            return {ExportFormat::png, ExportFormat::pdf, ExportFormat::svg};
        case ExportItem::roofline:
            return {ExportFormat::png, ExportFormat::pdf, ExportFormat::svg, ExportFormat::csv};
        case ExportItem::results:
            return {ExportFormat::csv, ExportFormat::json};
        case ExportItem::heatmapMatrix:
            break;
    }
    return {ExportFormat::csv, ExportFormat::npy};
}

bool isPlot(ExportItem item) {
    return item == ExportItem::timingPlot || item == ExportItem::lowerPlot || item == ExportItem::heatmaps ||
           item == ExportItem::roofline;
}

bool isPlotFormat(ExportFormat format) {
    return format == ExportFormat::png || format == ExportFormat::pdf || format == ExportFormat::svg;
}

PlotFormat toPlotFormat(ExportFormat format) {
    return format == ExportFormat::pdf   ? PlotFormat::pdf
           : format == ExportFormat::svg ? PlotFormat::svg
                                         : PlotFormat::png;
}

QString exportSuffix(ExportFormat format) {
    switch (format) {
        case ExportFormat::png:
        case ExportFormat::pdf:
        case ExportFormat::svg:
            return plotFormatSuffix(toPlotFormat(format));
        case ExportFormat::csv:
            return QStringLiteral("csv");
        case ExportFormat::json:
            return QStringLiteral("json");
        case ExportFormat::npy:
            break;
    }
    return QStringLiteral("npy");
}

QString exportFilter(ExportFormat format) {
    switch (format) {
        case ExportFormat::png:
        case ExportFormat::pdf:
        case ExportFormat::svg:
            return plotFormatFilter(toPlotFormat(format));
        case ExportFormat::csv:
            return ExportDialog::tr("CSV table (*.csv)");
        case ExportFormat::json:
            return ExportDialog::tr("JSON results (*.json)");
        case ExportFormat::npy:
            break;
    }
    return ExportDialog::tr("NumPy array (*.npy)");
}

QString defaultExportFileName(const ExportRequest& request) {
    QString base;
    switch (request.item) {
        case ExportItem::timingPlot:
            base = QStringLiteral("timing");
            break;
        case ExportItem::lowerPlot:
            base = QStringLiteral("timing-lower");
            break;
        case ExportItem::heatmaps:
            base = QStringLiteral("heatmaps");
            break;
        case ExportItem::results:
            base = QStringLiteral("results");
            break;
        case ExportItem::roofline:
            base = QStringLiteral("roofline");
            break;
        case ExportItem::heatmapMatrix:
            static const char* const names[] = {"softmax", "xformer", "favor", "difference"};
            base = QStringLiteral("%1-map").arg(QLatin1String(names[static_cast<int>(request.map)]));
            break;
    }
    return base + QLatin1Char('.') + exportSuffix(request.format);
}

ExportDialog::ExportDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export"));
    item_ = new QComboBox;
    item_->setObjectName(QStringLiteral("exportItemCombo"));
    item_->addItem(tr("Timing plot"), static_cast<int>(ExportItem::timingPlot));
    item_->addItem(tr("Lower plot (speed-up or GFLOP/s)"), static_cast<int>(ExportItem::lowerPlot));
    item_->addItem(tr("Heatmaps"), static_cast<int>(ExportItem::heatmaps));
    item_->addItem(tr("Roofline plot"), static_cast<int>(ExportItem::roofline));
    item_->addItem(tr("Results table"), static_cast<int>(ExportItem::results));
    item_->addItem(tr("Heatmap matrix (the cells shown)"), static_cast<int>(ExportItem::heatmapMatrix));
    format_ = new QComboBox;
    format_->setObjectName(QStringLiteral("exportFormatCombo"));
    scale_ = new QComboBox;
    scale_->setObjectName(QStringLiteral("exportScaleCombo"));
    for (int scale = 1; scale <= kMaxScale; ++scale) scale_->addItem(QString(), scale);
    map_ = new QComboBox;
    map_->setObjectName(QStringLiteral("exportMapCombo"));
    for (HeatmapKind kind :
         {HeatmapKind::softmax, HeatmapKind::xformer, HeatmapKind::performer, HeatmapKind::difference}) {
        map_->addItem(mapName(kind), static_cast<int>(kind));
    }
    item_->setToolTip(tr("What to export: a plot as on screen, the results table, or a heatmap's cells"));
    format_->setToolTip(
        tr("File format: plots as PNG, PDF or SVG (the Roofline's points also as CSV); data as "
           "CSV, JSON or .npy"));
    scale_->setToolTip(tr("PNG size as a multiple of the plot's size on screen (2× for slides and print)"));
    map_->setToolTip(tr("Which heatmap's cells to write"));
    note_ = new QLabel;
    note_->setWordWrap(true);
    note_->setForegroundRole(QPalette::PlaceholderText);

    auto* form = new QFormLayout;
    form->addRow(tr("&What:"), item_);
    form->addRow(tr("&Format:"), format_);
    scaleLabel_ = new QLabel(tr("&Scale:"));
    scaleLabel_->setBuddy(scale_);
    form->addRow(scaleLabel_, scale_);
    mapLabel_ = new QLabel(tr("&Map:"));
    mapLabel_->setBuddy(map_);
    form->addRow(mapLabel_, map_);

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Choose file…"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note_);
    layout->addWidget(buttons_);

    connect(item_, &QComboBox::currentIndexChanged, this, &ExportDialog::updateFormats);
    connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::updateOptions);
    connect(map_, &QComboBox::currentIndexChanged, this, &ExportDialog::updateOptions);
    updateFormats();
}

void ExportDialog::setUnavailable(ExportItem item, const QString& reason) {
    auto* model = qobject_cast<QStandardItemModel*>(item_->model());
    QStandardItem* entry = model->item(item_->findData(static_cast<int>(item)));
    entry->setEnabled(reason.isEmpty());
    entry->setToolTip(reason);
    // Never leave a disabled entry selected: move to the first one that can be exported.
    if (!reason.isEmpty() && item_->currentData().toInt() == static_cast<int>(item)) {
        for (int row = 0; row < item_->count(); ++row) {
            if (model->item(row)->isEnabled()) {
                item_->setCurrentIndex(row);
                break;
            }
        }
    }
    updateOptions();
}

void ExportDialog::setPlotSize(ExportItem item, QSize size) {
    plotSizes_[slot(item)] = size;
    updateOptions();
}

void ExportDialog::setRequest(const ExportRequest& request) {
    item_->setCurrentIndex(item_->findData(static_cast<int>(request.item)));
    const int format = format_->findData(static_cast<int>(request.format));
    if (format >= 0) format_->setCurrentIndex(format);
    const int scale = scale_->findData(std::clamp(static_cast<int>(request.scale), 1, kMaxScale));
    scale_->setCurrentIndex(scale);
    map_->setCurrentIndex(map_->findData(static_cast<int>(request.map)));
    updateOptions();
}

ExportRequest ExportDialog::request() const {
    ExportRequest request;
    request.item = static_cast<ExportItem>(item_->currentData().toInt());
    request.format = static_cast<ExportFormat>(format_->currentData().toInt());
    request.scale = scale_->currentData().toInt();
    request.map = static_cast<HeatmapKind>(map_->currentData().toInt());
    return request;
}

void ExportDialog::updateFormats() {
    const QSignalBlocker block(format_);
    const QVariant previous = format_->currentData();
    format_->clear();
    for (ExportFormat format : formatsFor(static_cast<ExportItem>(item_->currentData().toInt()))) {
        format_->addItem(formatName(format), static_cast<int>(format));
    }
    // Switching between plots keeps the chosen format.
    const int kept = format_->findData(previous);
    format_->setCurrentIndex(kept >= 0 ? kept : 0);
    updateOptions();
}

void ExportDialog::updateOptions() {
    const ExportRequest current = request();
    const bool png = current.format == ExportFormat::png;
    scaleLabel_->setVisible(png);
    scale_->setVisible(png);
    const bool matrix = current.item == ExportItem::heatmapMatrix;
    mapLabel_->setVisible(matrix);
    map_->setVisible(matrix);

    const QSize size = plotSizes_[slot(current.item)];
    for (int row = 0; row < scale_->count(); ++row) {
        const int scale = scale_->itemData(row).toInt();
        scale_->setItemText(row, size.isEmpty() ? tr("%1× (%2 dpi)").arg(scale).arg(kScreenDpi * scale)
                                                : tr("%1× — %2 × %3 px, %4 dpi")
                                                      .arg(scale)
                                                      .arg(size.width() * scale)
                                                      .arg(size.height() * scale)
                                                      .arg(kScreenDpi * scale));
    }

    QString note;
    if (current.item == ExportItem::roofline && current.format == ExportFormat::csv) {
        note =
            tr("One row per point drawn: its shape, median, attained GFLOP/s, modelled DRAM bytes, "
               "FLOP/byte, share of the compute roof and nearest roof, and the ceilings used; "
               "pandas.read_csv reads it as is.");
    } else if (isPlot(current.item)) {
        note = png ? tr("The plot as on screen, on white, at the chosen scale.")
                   : tr("The plot as on screen, on white, as vector graphics: it stays sharp at any size.");
    } else if (current.item == ExportItem::results) {
        note = current.format == ExportFormat::csv
                   ? tr("One row per point with units in the column names; pandas.read_csv reads it as is.")
                   : tr("The same file as attnscope bench --format json; attnscope compare reads it.");
    } else {
        note =
            current.format == ExportFormat::csv
                ? tr("The cells as shown (block means when the map is averaged), labelled with their first "
                     "query and key positions: pandas.read_csv(path, index_col=0).")
                : tr("The cells as shown (block means when the map is averaged): numpy.load(path).");
    }
    const auto* model = qobject_cast<const QStandardItemModel*>(item_->model());
    const QStandardItem* entry = model->item(item_->currentIndex());
    if (entry && !entry->isEnabled()) note = entry->toolTip();
    note_->setText(note);
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(entry && entry->isEnabled());
}

}  // namespace attnscope
