#include <qcustomplot.h>
#include <sys/resource.h>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QProcess>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <algorithm>
#include <csignal>
#include <memory>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/analysis/heatmap_data.h"
#include "attnscope/io/npy.h"
#include "attnscope/measuring/perf_counters.h"
#include "attnscope/measuring/timing_stats.h"
#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/export_controller.h"
#include "attnscope/ui/export_dialog.h"
#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/main_window.h"
#include "attnscope/ui/parameter_panel.h"
#include "attnscope/ui/plot_export.h"
#include "attnscope/ui/results_model.h"
#include "attnscope/ui/sweep_controller.h"
#include "test_runner_options.h"

using attnscope::AttentionConfig;
using attnscope::BenchmarkResult;
using attnscope::BlockMap;
using attnscope::ExportDialog;
using attnscope::ExportFormat;
using attnscope::ExportItem;
using attnscope::ExportRequest;
using attnscope::HeatmapKind;
using attnscope::MainWindow;
using attnscope::Method;
using attnscope::ParameterPanel;
using attnscope::RunnerOptions;

Q_DECLARE_METATYPE(ExportItem)
Q_DECLARE_METATYPE(ExportFormat)

namespace {

using attnscope::test::tinyOptions;

AttentionConfig tinyConfig() {
    AttentionConfig config = ParameterPanel::defaultConfig();
    config.batch = 1;
    config.n = 64;
    config.d = 8;
    config.heads = 1;
    config.alpha = 1;
    config.beta = 2;
    config.threads = 1;
    return config;
}

int distinctColors(const QImage& image) {
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) colors.insert(image.pixel(x, y));
    }
    return static_cast<int>(colors.size());
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll();
}

// Copies land next to the test binary so that a reviewer can look at them.
void keepCopy(const QString& path, const QString& name) {
    const QString copy = QDir(QStringLiteral(ATTNSCOPE_TEST_OUTPUT_DIR)).filePath(name);
    QFile::remove(copy);
    QFile::copy(path, copy);
}

ExportRequest request(ExportItem item, ExportFormat format, double scale = 1.0,
                      HeatmapKind map = HeatmapKind::softmax) {
    ExportRequest r;
    r.item = item;
    r.format = format;
    r.scale = scale;
    r.map = map;
    return r;
}

QString itemName(ExportItem item) {
    switch (item) {
        case ExportItem::timingPlot:
            return QStringLiteral("timing");
        case ExportItem::lowerPlot:
            return QStringLiteral("lower");
        case ExportItem::heatmaps:
            return QStringLiteral("heatmaps");
        case ExportItem::results:
            return QStringLiteral("results");
        case ExportItem::roofline:
            return QStringLiteral("roofline");
        case ExportItem::heatmapMatrix:
            break;
    }
    return QStringLiteral("matrix");
}

}  // namespace

class ExportTests : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void pngIsWidgetSizeTimesScale_data();
    void pngIsWidgetSizeTimesScale();
    void plotsExportInEveryFormat_data();
    void plotsExportInEveryFormat();
    void zoomedSvgKeepsCurvesInsideTheAxes();
    void resultsCsvHoldsEveryPoint();
    void resultsJsonHoldsEveryPoint();
    void rooflineCsvHoldsEveryPointDrawn();
    void heatmapNpyHasTheMapShape();
    void heatmapCsvIsLabelledWithPositions();
    void unwritablePathGivesMessageAndNoFile();
    void fullDiskGivesMessageAndNoFile();
    void existingFileIsKeptWithoutOverwrite();
    void wrongFormatIsRefused();
    void everyPlotHasAnExportMenu();
    void fileMenuHasTheExportActions();
    void dialogOffersWhatEachItemCanBe();
    void reportInputHoldsTheSweep();
    void reportHasCountersPerSection();

private:
    QString path(const QString& name) const { return dir_.filePath(name); }
    const BlockMap& shown(HeatmapKind kind) const { return *window_->heatmapView()->shownMap(kind); }

    std::unique_ptr<MainWindow> window_;
    QTemporaryDir dir_;
};

void ExportTests::initTestCase() {
    // Keeps the user's real ~/.config/AttnScope untouched.
    QStandardPaths::setTestModeEnabled(true);
    QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope")).clear();
    QVERIFY(dir_.isValid());

    window_ = std::make_unique<MainWindow>();
    window_->liveAction()->setChecked(false);
    window_->session()->setRunnerOptions(tinyOptions(), tinyOptions());
    window_->parameterPanel()->setSelectedMethods({Method::quadratic, Method::linear, Method::softmax});
    window_->parameterPanel()->setConfig(tinyConfig());
    window_->resize(1200, 800);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->runAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!window_->sweepController()->isRunning(), 30000);
    QCOMPARE(window_->resultsModel()->rowCount(), 3 * 3);  // 3 methods × n = 16, 32, 64
    QTRY_VERIFY_WITH_TIMEOUT(window_->heatmapView()->shownMap(HeatmapKind::softmax) != nullptr, 10000);
}

void ExportTests::cleanupTestCase() {
    window_.reset();
}

void ExportTests::pngIsWidgetSizeTimesScale_data() {
    QTest::addColumn<double>("scale");
    QTest::newRow("1x") << 1.0;
    QTest::newRow("2x") << 2.0;
    QTest::newRow("3x") << 3.0;
}

void ExportTests::pngIsWidgetSizeTimesScale() {
    QFETCH(double, scale);
    const QString file = path(QStringLiteral("timing-%1x.png").arg(scale));
    const QString error =
        window_->exporter()->exportTo(request(ExportItem::timingPlot, ExportFormat::png, scale), file, false);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QImage image(file);
    QVERIFY(!image.isNull());
    const QSize widget = window_->plotFor(ExportItem::timingPlot)->size();
    QCOMPARE(image.size(), widget * scale);
    // Tagged so that it prints at the widget's size: 96 dpi times the scale.
    QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), qRound(96 * scale));
    QCOMPARE(QColor(image.pixel(1, 1)), QColor(Qt::white));
    QVERIFY2(distinctColors(image) > 100, "curves, text and antialiasing give many colours");
    keepCopy(file, QStringLiteral("export-timing-%1x.png").arg(scale));
}

void ExportTests::plotsExportInEveryFormat_data() {
    QTest::addColumn<ExportItem>("item");
    QTest::addColumn<ExportFormat>("format");
    for (ExportItem item :
         {ExportItem::timingPlot, ExportItem::lowerPlot, ExportItem::heatmaps, ExportItem::roofline}) {
        for (ExportFormat format : {ExportFormat::png, ExportFormat::pdf, ExportFormat::svg}) {
            const QString name = itemName(item) + QLatin1Char('.') + attnscope::exportSuffix(format);
            QTest::newRow(qPrintable(name)) << item << format;
        }
    }
}

void ExportTests::plotsExportInEveryFormat() {
    QFETCH(ExportItem, item);
    QFETCH(ExportFormat, format);
    // As File → Export… does before it asks for the file name: a page behind another tab is not laid out.
    auto* tabs = window_->findChild<QTabWidget*>(QStringLiteral("centralTabs"));
    tabs->setCurrentIndex(item == ExportItem::heatmaps   ? 1
                          : item == ExportItem::roofline ? static_cast<int>(attnscope::TabId::roofline)
                                                         : 0);
    QTest::qWait(100);
    const QString name = itemName(item) + QLatin1Char('.') + attnscope::exportSuffix(format);
    const QString file = path(name);
    QCustomPlot* plot = window_->plotFor(item);
    const QImage before = plot->grab().toImage();
    const QString error = window_->exporter()->exportTo(request(item, format, 2), file, false);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Exporting leaves the plot on screen as it was (an early version left it without a background).
    QCOMPARE(plot->grab().toImage(), before);
    const QByteArray bytes = readAll(file);
    QVERIFY(!bytes.isEmpty());
    keepCopy(file, QStringLiteral("export-") + name);
    const QSize widget = window_->plotFor(item)->size();

    if (format == ExportFormat::png) {
        const QImage image = QImage::fromData(bytes);
        QCOMPARE(image.size(), widget * 2);
        QVERIFY(distinctColors(image) > 100);
        return;
    }
    if (format == ExportFormat::pdf) {
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.trimmed().endsWith("%%EOF"));
        const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
        if (pdfinfo.isEmpty()) return;  // poppler-utils is optional
        QProcess process;
        process.start(pdfinfo, {file});
        QVERIFY(process.waitForFinished(10000));
        const QString info = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Pages:\\s+1\\n"))), qPrintable(info));
        // One page the widget's size in points: a figure, not a sheet of paper.
        const QRegularExpressionMatch size =
            QRegularExpression(QStringLiteral("Page size:\\s+([\\d.]+) x ([\\d.]+) pts")).match(info);
        QVERIFY2(size.hasMatch(), qPrintable(info));
        QVERIFY(qAbs(size.captured(1).toDouble() - widget.width()) < 1.5);
        QVERIFY(qAbs(size.captured(2).toDouble() - widget.height()) < 1.5);
        return;
    }
    // QSvgGenerator writes lines as <polyline>, filled areas as <path> and a colour map as an <image>.
    QXmlStreamReader xml(bytes);
    QMap<QString, int> elements;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement) ++elements[xml.name().toString()];
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(elements.value(QStringLiteral("svg")), 1);
    const int strokes = elements.value(QStringLiteral("path")) + elements.value(QStringLiteral("polyline"));
    QVERIFY2(strokes > 10, qPrintable(QString::number(strokes)));  // axes, ticks, grid, curves
    QVERIFY(elements.value(QStringLiteral("text")) > 3);           // titles, labels, tick labels
    if (item == ExportItem::heatmaps) {
        QVERIFY(elements.value(QStringLiteral("image")) >= 4);  // the maps stay pictures of their cells
    } else {
        QVERIFY(elements.value(QStringLiteral("circle")) > 0);  // the measured points' markers
    }
    // Render it the way a browser would (Qt SVG; ImageMagick's renderer drops rotated text) and keep it.
    QSvgRenderer renderer(bytes);
    QVERIFY(renderer.isValid());
    // Sized in mm for 96 dpi, so browsers show it at the widget's size (QSvgRenderer assumes 90 dpi).
    QCOMPARE(renderer.viewBox().size(), widget);
    QImage image(widget, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    renderer.render(&painter);
    painter.end();
    QCOMPARE(QColor(image.pixel(1, 1)), QColor(Qt::white));  // the white background is part of the SVG
    QVERIFY(distinctColors(image) > 50);
    image.save(QDir(QStringLiteral(ATTNSCOPE_TEST_OUTPUT_DIR))
                   .filePath(QStringLiteral("export-") + name + QStringLiteral("-rendered.png")));
}

void ExportTests::zoomedSvgKeepsCurvesInsideTheAxes() {
    // QSvgGenerator ignores clipping: without our own, a zoomed curve ran over the axes and tick labels.
    QCustomPlot plot;
    plot.resize(400, 300);
    QVector<double> x, y;
    for (int i = 0; i < 50; ++i) {
        x << i;
        y << (i % 7) * 3;
    }
    plot.addGraph()->setData(x, y);
    plot.graph(0)->setPen(QPen(Qt::red, 2));
    plot.xAxis->setRange(10, 20);
    plot.yAxis->setRange(2, 10);
    plot.replot();
    const QByteArray svg = attnscope::renderPlot(plot, attnscope::PlotFormat::svg);
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QImage image(plot.size(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    renderer.render(&painter);
    painter.end();
    const QRect inside = plot.axisRect()->rect().adjusted(-2, -2, 2, 2);
    int redInside = 0, redOutside = 0;
    for (int py = 0; py < image.height(); ++py) {
        for (int px = 0; px < image.width(); ++px) {
            const QColor c = image.pixelColor(px, py);
            if (c.red() < 200 || c.green() > 80 || c.blue() > 80) continue;
            ++(inside.contains(px, py) ? redInside : redOutside);
        }
    }
    QVERIFY(redInside > 100);
    QCOMPARE(redOutside, 0);
}

void ExportTests::resultsCsvHoldsEveryPoint() {
    const QString file = path(QStringLiteral("results.csv"));
    const QString error =
        window_->exporter()->exportTo(request(ExportItem::results, ExportFormat::csv), file, false);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QStringList lines = QString::fromUtf8(readAll(file)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const std::vector<BenchmarkResult>& results = window_->resultsModel()->results();
    QCOMPARE(lines.size(), static_cast<int>(results.size()) + 1);
    const QStringList header = lines.front().split(QLatin1Char(','));
    QVERIFY(header.contains(QStringLiteral("median_ms")));
    QVERIFY(header.contains(QStringLiteral("gflops")));
    const int nameColumn = static_cast<int>(header.indexOf(QStringLiteral("name")));
    const int medianColumn = static_cast<int>(header.indexOf(QStringLiteral("median_ms")));
    for (std::size_t i = 0; i < results.size(); ++i) {
        const QStringList fields = lines.at(static_cast<int>(i) + 1).split(QLatin1Char(','));
        QCOMPARE(fields.size(), header.size());
        QCOMPARE(fields.at(nameColumn), QString::fromStdString(results[i].point.name()));
        bool ok = false;
        const double median_ms = fields.at(medianColumn).toDouble(&ok);
        QVERIFY(ok);
        QVERIFY(qAbs(median_ms - results[i].stats.median * 1e3) <= 1e-5 * median_ms);
    }
}

void ExportTests::resultsJsonHoldsEveryPoint() {
    const QString file = path(QStringLiteral("results.json"));
    const QString error =
        window_->exporter()->exportTo(request(ExportItem::results, ExportFormat::json), file, false);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(readAll(file), &parseError);
    QVERIFY2(!json.isNull(), qPrintable(parseError.errorString()));
    const QJsonObject context = json.object().value(QStringLiteral("context")).toObject();
    QVERIFY(!context.isEmpty());
    QSet<QString> medians;
    for (const QJsonValue& entry : json.object().value(QStringLiteral("benchmarks")).toArray()) {
        const QString name = entry.toObject().value(QStringLiteral("name")).toString();
        if (name.endsWith(QStringLiteral("_median"))) medians.insert(name.chopped(7));
    }
    const std::vector<BenchmarkResult>& results = window_->resultsModel()->results();
    QCOMPARE(medians.size(), static_cast<qsizetype>(results.size()));
    for (const BenchmarkResult& r : results)
        QVERIFY(medians.contains(QString::fromStdString(r.point.name())));
    QVERIFY(QString::fromUtf8(json.toJson()).contains(QStringLiteral("attnscope")));
}

void ExportTests::rooflineCsvHoldsEveryPointDrawn() {
    const QString file = path(QStringLiteral("roofline.csv"));
    const QString error =
        window_->exporter()->exportTo(request(ExportItem::roofline, ExportFormat::csv), file, false);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    keepCopy(file, QStringLiteral("export-roofline.csv"));
    const QStringList lines = QString::fromUtf8(readAll(file)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    // Every measured point lands on the roofline: 3 methods × n = 16, 32, 64.
    const std::vector<BenchmarkResult>& results = window_->resultsModel()->results();
    QCOMPARE(lines.size(), static_cast<int>(results.size()) + 1);
    const QStringList header = lines.front().split(QLatin1Char(','));
    const auto column = [&](const char* name) {
        return static_cast<int>(header.indexOf(QLatin1String(name)));
    };
    const int nameColumn = column("name"), medianColumn = column("median_ms"),
              gflopsColumn = column("gflops"), bytesColumn = column("modelled_dram_bytes"),
              intensityColumn = column("arithmetic_intensity"), boundColumn = column("nearest_bound");
    QVERIFY(std::min({nameColumn, medianColumn, gflopsColumn, bytesColumn, intensityColumn, boundColumn}) >=
            0);
    QSet<QString> names;
    for (int line = 1; line < lines.size(); ++line) {
        const QStringList fields = lines[line].split(QLatin1Char(','));
        QCOMPARE(fields.size(), header.size());
        names.insert(fields[nameColumn]);
        const auto r = std::find_if(results.begin(), results.end(), [&](const BenchmarkResult& result) {
            return QString::fromStdString(result.point.name()) == fields[nameColumn];
        });
        QVERIFY2(r != results.end(), qPrintable(fields[nameColumn]));
        QVERIFY(qAbs(fields[medianColumn].toDouble() - r->stats.median * 1e3) <=
                1e-5 * r->stats.median * 1e3);
        QVERIFY(qAbs(fields[gflopsColumn].toDouble() - r->gflops()) <= 1e-5 * r->gflops());
        // FLOP/byte is the point's FLOPs over the modelled bytes, as written.
        const double bytes = fields[bytesColumn].toDouble();
        QVERIFY(bytes > 0);
        QVERIFY(qAbs(fields[intensityColumn].toDouble() - r->cost.flops / bytes) <=
                1e-5 * r->cost.flops / bytes);
        // Under roofs or not (this machine's ceilings cache decides), the bound is one of three or empty.
        QVERIFY2(QStringList({"", "compute", "DRAM", "L2"}).contains(fields[boundColumn]),
                 qPrintable(fields[boundColumn]));
    }
    QCOMPARE(names.size(), static_cast<qsizetype>(results.size()));
    QCOMPARE(attnscope::defaultExportFileName(request(ExportItem::roofline, ExportFormat::csv)),
             QStringLiteral("roofline.csv"));
}

void ExportTests::heatmapNpyHasTheMapShape() {
    for (HeatmapKind kind : {HeatmapKind::softmax, HeatmapKind::xformer}) {
        const QString file = path(QStringLiteral("map-%1.npy").arg(static_cast<int>(kind)));
        const QString error = window_->exporter()->exportTo(
            request(ExportItem::heatmapMatrix, ExportFormat::npy, 1, kind), file, false);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const attnscope::NpyArray array = attnscope::readNpy(file.toStdString());
        const auto values = shown(kind).values();
        QCOMPARE(array.shape, (std::vector<std::int64_t>{values.rows(), values.cols()}));
        QCOMPARE(array.values.size(), static_cast<std::size_t>(values.size()));
        for (Eigen::Index i = 0; i < values.size(); ++i) QCOMPARE(array.values[i], values.data()[i]);
    }
    // The Xformer's map has n rows and ceil(n / beta) pooled key columns.
    QCOMPARE(shown(HeatmapKind::xformer).values().cols(), 32);
}

void ExportTests::heatmapCsvIsLabelledWithPositions() {
    const QString file = path(QStringLiteral("difference.csv"));
    const QString error = window_->exporter()->exportTo(
        request(ExportItem::heatmapMatrix, ExportFormat::csv, 1, HeatmapKind::difference), file, false);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QStringList lines = QString::fromUtf8(readAll(file)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const auto values = shown(HeatmapKind::difference).values();
    QCOMPARE(lines.size(), static_cast<int>(values.rows()) + 1);
    const QStringList header = lines.front().split(QLatin1Char(','));
    QCOMPARE(header.size(), static_cast<int>(values.cols()) + 1);
    QCOMPARE(header.at(1), QStringLiteral("0"));
    QCOMPARE(header.last(), QString::number(values.cols() - 1));
    for (Eigen::Index row = 0; row < values.rows(); ++row) {
        const QStringList fields = lines.at(static_cast<int>(row) + 1).split(QLatin1Char(','));
        QCOMPARE(fields.size(), header.size());
        QCOMPARE(fields.front(), QString::number(row));
        for (Eigen::Index col = 0; col < values.cols(); ++col) {
            QCOMPARE(fields.at(static_cast<int>(col) + 1).toFloat(), values(row, col));
        }
    }
}

void ExportTests::unwritablePathGivesMessageAndNoFile() {
    // Works as root too: nothing can be created under /proc, nor under a path whose parent is a file.
    QFile plain(path(QStringLiteral("plain-file")));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    const QStringList targets = {QStringLiteral("/proc/attnscope/timing.png"),
                                 path(QStringLiteral("plain-file/timing.png"))};
    for (const QString& target : targets) {
        for (const ExportRequest& r : {request(ExportItem::timingPlot, ExportFormat::png),
                                       request(ExportItem::heatmaps, ExportFormat::pdf),
                                       request(ExportItem::results, ExportFormat::csv)}) {
            const QString error = window_->exporter()->exportTo(r, target, true);
            QVERIFY2(error.contains(target), qPrintable(error));
            QVERIFY(!QFileInfo::exists(target));
        }
    }

    // A read-only directory: only meaningful for a user the permission bits apply to.
    QTemporaryDir readOnly;
    QVERIFY(QFile::setPermissions(readOnly.path(), QFile::ReadOwner | QFile::ExeOwner));
    if (QFileInfo(readOnly.path()).isWritable()) {
        QFile::setPermissions(readOnly.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return;  // root: the bits do not stop writes
    }
    const QString target = QDir(readOnly.path()).filePath(QStringLiteral("timing.svg"));
    const QString error =
        window_->exporter()->exportTo(request(ExportItem::timingPlot, ExportFormat::svg), target, true);
    QVERIFY2(error.contains(target), qPrintable(error));
    QVERIFY(
        QDir(readOnly.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot));
    QFile::setPermissions(readOnly.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

void ExportTests::fullDiskGivesMessageAndNoFile() {
    // A full disk, simulated for this process alone: writes beyond a small file size limit fail (EFBIG).
    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    rlimit small = saved;
    small.rlim_cur = 4096;
    const auto previous = std::signal(SIGXFSZ, SIG_IGN);  // else the kernel ends the process
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    const QString file = path(QStringLiteral("too-big.png"));
    const QString error =
        window_->exporter()->exportTo(request(ExportItem::timingPlot, ExportFormat::png, 3), file, false);
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previous);
    QVERIFY2(error.contains(file), qPrintable(error));
    QVERIFY(!QFileInfo::exists(file));
    // QSaveFile's temporary file is gone too.
    QCOMPARE(QDir(dir_.path()).entryList({QStringLiteral("too-big*")}, QDir::Files | QDir::Hidden),
             QStringList());
}

void ExportTests::existingFileIsKeptWithoutOverwrite() {
    for (const ExportRequest& r :
         {request(ExportItem::timingPlot, ExportFormat::png),
          request(ExportItem::lowerPlot, ExportFormat::svg), request(ExportItem::results, ExportFormat::json),
          request(ExportItem::heatmapMatrix, ExportFormat::npy)}) {
        const QString file = path(QStringLiteral("existing.") + attnscope::exportSuffix(r.format));
        QFile existing(file);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep me");
        existing.close();
        const QString error = window_->exporter()->exportTo(r, file, false);
        QVERIFY2(error.contains(file), qPrintable(error));
        QCOMPARE(readAll(file), QByteArray("keep me"));
        QVERIFY2(window_->exporter()->exportTo(r, file, true).isEmpty(), "replaced when asked to");
        QVERIFY(readAll(file) != QByteArray("keep me"));
    }
}

void ExportTests::wrongFormatIsRefused() {
    const QString file = path(QStringLiteral("timing.npy"));
    QVERIFY(!window_->exporter()
                 ->exportTo(request(ExportItem::timingPlot, ExportFormat::npy), file, false)
                 .isEmpty());
    QVERIFY(!QFileInfo::exists(file));
}

void ExportTests::everyPlotHasAnExportMenu() {
    for (ExportItem item :
         {ExportItem::timingPlot, ExportItem::lowerPlot, ExportItem::heatmaps, ExportItem::roofline}) {
        QCustomPlot* plot = window_->plotFor(item);
        QCOMPARE(plot->contextMenuPolicy(), Qt::CustomContextMenu);
        emit plot->customContextMenuRequested(QPoint(20, 20));
        auto* menu = plot->findChild<QMenu*>(QStringLiteral("plotExportMenu"));
        QVERIFY(menu);
        QStringList names;
        for (const QAction* action : menu->actions()) names << action->objectName();
        QStringList expected{QStringLiteral("exportAs_png"), QStringLiteral("exportAs_pdf"),
                             QStringLiteral("exportAs_svg")};
        // The roofline's points as a table, too.
        if (item == ExportItem::roofline) expected << QStringLiteral("exportAs_csv");
        QCOMPARE(names, expected);
        QVERIFY(menu->actions().front()->text().contains(QStringLiteral("PNG")));
        menu->close();  // deletes itself
        QTRY_VERIFY(!plot->findChild<QMenu*>(QStringLiteral("plotExportMenu")));
    }
}

void ExportTests::fileMenuHasTheExportActions() {
    QCOMPARE(window_->exportAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    QCOMPARE(window_->exportReportAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    const QMenu* file = window_->menuBar()->actions().front()->menu();
    QVERIFY(file->actions().contains(window_->exportAction()));
    QVERIFY(file->actions().contains(window_->exportReportAction()));
}

void ExportTests::dialogOffersWhatEachItemCanBe() {
    ExportDialog dialog;
    auto* format = dialog.findChild<QComboBox*>(QStringLiteral("exportFormatCombo"));
    auto* scale = dialog.findChild<QComboBox*>(QStringLiteral("exportScaleCombo"));
    auto* map = dialog.findChild<QComboBox*>(QStringLiteral("exportMapCombo"));
    QVERIFY(format && scale && map);
    dialog.setPlotSize(ExportItem::timingPlot, QSize(600, 400));

    dialog.setRequest(request(ExportItem::timingPlot, ExportFormat::png, 2));
    QCOMPARE(format->count(), 3);
    QVERIFY(scale->isVisibleTo(&dialog));
    QVERIFY(!map->isVisibleTo(&dialog));
    QVERIFY2(scale->currentText().contains(QStringLiteral("1200 × 800 px")),
             qPrintable(scale->currentText()));
    QCOMPARE(dialog.request().scale, 2.0);
    dialog.adjustSize();
    dialog.grab().save(
        QDir(QStringLiteral(ATTNSCOPE_TEST_OUTPUT_DIR)).filePath(QStringLiteral("export-dialog.png")));

    dialog.setRequest(request(ExportItem::heatmapMatrix, ExportFormat::npy, 1, HeatmapKind::performer));
    QCOMPARE(format->count(), 2);
    QVERIFY(!scale->isVisibleTo(&dialog));
    QVERIFY(map->isVisibleTo(&dialog));
    const ExportRequest chosen = dialog.request();
    QCOMPARE(chosen.item, ExportItem::heatmapMatrix);
    QCOMPARE(chosen.format, ExportFormat::npy);
    QCOMPARE(chosen.map, HeatmapKind::performer);
    QCOMPARE(attnscope::defaultExportFileName(chosen), QStringLiteral("favor-map.npy"));

    // The roofline, the last item: its size once landed past the end of the dialog's table of sizes.
    dialog.setPlotSize(ExportItem::roofline, QSize(500, 300));
    dialog.setRequest(request(ExportItem::roofline, ExportFormat::png, 3));
    QCOMPARE(format->count(), 4);
    QVERIFY2(scale->currentText().contains(QStringLiteral("1500 × 900 px")),
             qPrintable(scale->currentText()));
    dialog.setRequest(request(ExportItem::roofline, ExportFormat::csv));
    QCOMPARE(dialog.request().format, ExportFormat::csv);
    QVERIFY(!scale->isVisibleTo(&dialog));

    dialog.setRequest(request(ExportItem::results, ExportFormat::json));
    QCOMPARE(dialog.request().format, ExportFormat::json);
    dialog.setUnavailable(ExportItem::results, QStringLiteral("No results yet"));
    QVERIFY(dialog.request().item != ExportItem::results);  // moved off the disabled entry
}

void ExportTests::reportInputHoldsTheSweep() {
    const attnscope::ReportInput input = window_->exporter()->reportInput();
    QCOMPARE(input.sections.size(), std::size_t{1});
    QCOMPARE(input.sections.front().title, QStringLiteral("Current sweep"));
    QVERIFY(!input.sections.front().preset);
    QCOMPARE(input.sections.front().results.size(), window_->resultsModel()->results().size());
    QVERIFY(input.heatmap_config.has_value());
    // The panel's parameters with the Heatmaps tab's inputs, structured unless the tab says otherwise.
    attnscope::AttentionConfig expected = window_->parameterPanel()->config();
    expected.distribution = attnscope::InputDistribution::structured;
    QVERIFY(*input.heatmap_config == expected);
    QVERIFY(!input.heatmap_inputs);
    // What the machine can count, in the words `attnscope bench --counters` prints.
    attnscope::ProcessCounters probe(attnscope::makePerfEventSource());
    probe.probe();
    QCOMPARE(input.counters_notice, probe.notice());
    // What File → Export report… then does with it.
    const QString directory = path(QStringLiteral("report"));
    const attnscope::ReportFiles files = attnscope::writeReport(input, directory, false);
    QVERIFY(readAll(files.html).contains("<img"));
    QVERIFY(readAll(files.pdf).startsWith("%PDF-"));
}

void ExportTests::reportHasCountersPerSection() {
    auto fake = [](Method method, std::int64_t n, std::optional<attnscope::CounterStats> counters) {
        BenchmarkResult r;
        r.point = attnscope::BenchmarkPoint(method, tinyConfig());
        r.point.config.n = n;
        r.cost = attnscope::estimateCost(method, r.point.config);
        r.stats = attnscope::summarize({1e-3, 1e-3, 1e-3});
        r.counters = counters;
        return r;
    };
    // 12.34 faults and 0.5 switches per call; 3 ms of CPU in 2 ms of wall time is 1.5 busy cores.
    attnscope::CounterStats counted;
    counted.calls = 10;
    counted.wall_seconds = 2e-3;
    counted.task_clock_seconds = 3e-3;
    counted.page_faults = 12.34;
    counted.context_switches = 0.5;
    attnscope::ReportInput input;
    input.counters_notice =
        "hardware counters unavailable on this machine: no PMU exposed (ENOENT); software counters only";
    attnscope::ReportSection measured;
    measured.title = QStringLiteral("Counted");
    measured.results = {fake(Method::softmax, 64, counted), fake(Method::linear, 32, std::nullopt)};
    attnscope::ReportSection loaded;
    loaded.title = QStringLiteral("Not counted");
    loaded.results = {fake(Method::quadratic, 64, std::nullopt)};
    input.sections = {measured, loaded};
    const attnscope::ReportFiles files =
        attnscope::writeReport(input, path(QStringLiteral("counters")), false);
    keepCopy(files.pdf, QStringLiteral("report-counters.pdf"));
    const QString html = QString::fromUtf8(readAll(files.html));
    const QStringList sections = html.split(QStringLiteral("<h2>"));
    QCOMPARE(sections.size(), 4);  // before the first, the machine, the two sections
    const QString& first = sections[2];
    const QString& second = sections[3];
    QVERIFY(first.startsWith(QStringLiteral("Counted</h2>")) &&
            second.startsWith(QStringLiteral("Not counted")));

    // The counted section: the line naming what was counted with the notice, then one row per counted point
    // (not the linear point) and no IPC or GHz without hardware counts.
    const QString counters = first.mid(first.indexOf(QStringLiteral("<h3>Counters</h3>")));
    QVERIFY2(
        counters.startsWith(QStringLiteral("<h3>Counters</h3><p>Counted: task-clock, page-faults, "
                                           "context-switches; hardware counters unavailable on this "
                                           "machine: no PMU exposed (ENOENT); software counters only.</p>")),
        qPrintable(counters));
    QVERIFY2(counters.contains(QStringLiteral("<tr><th>method</th><th>shape</th><th>faults/call</th>"
                                              "<th>ctx sw/call</th><th>busy cores</th></tr>")),
             qPrintable(counters));
    QVERIFY2(counters.contains(QStringLiteral("<tr><td>softmax</td><td>batch 1, n 64, d 8, heads 1</td>"
                                              "<td align=\"right\">12.3</td><td align=\"right\">0.50</td>"
                                              "<td align=\"right\">1.50</td></tr></table>")),
             qPrintable(counters));
    QCOMPARE(counters.count(QStringLiteral("<tr>")), 2);
    QVERIFY(!counters.contains(QStringLiteral("IPC")));

    // The other: one line, no table.
    const QString none = second.mid(second.indexOf(QStringLiteral("<h3>Counters</h3>")));
    QVERIFY2(none.startsWith(QStringLiteral("<h3>Counters</h3><p>No point was counted; hardware counters "
                                            "unavailable on this machine: no PMU exposed (ENOENT); software "
                                            "counters only.</p>")),
             qPrintable(none));
    QVERIFY(!none.contains(QStringLiteral("<table")));
    QVERIFY(readAll(files.pdf).startsWith("%PDF-"));
}

QTEST_MAIN(ExportTests)
#include "export_tests.moc"
