#include "attnscope/ui/report_writer.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QLibraryInfo>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <map>
#include <set>
#include <stdexcept>

#include "attnscope/analysis/ceilings_table.h"
#include "attnscope/analysis/heatmap_data.h"
#include "attnscope/analysis/result_tables.h"
#include "attnscope/analysis/text_table.h"
#include "attnscope/config/config_fields.h"
#include "attnscope/measuring/system_info.h"
#include "attnscope/ui/atomic_file.h"
#include "charts/heatmap_plot.h"
#include "qcustomplot.h"
#include "report/report_figures.h"
#include "report/shape_bars_figure.h"

namespace attnscope {

namespace {

// Images are drawn once and referenced twice: as data URIs in the HTML (self-contained, opens offline) and
// as QTextDocument resources in the PDF.
struct Figure {
    QString name;
    QImage image;
    QString caption;
};

QString escaped(const std::string& text) {
    return QString::fromStdString(text).toHtmlEscaped();
}

QString tableHtml(const TableData& table) {
    QString html = QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\"><tr>");
    for (const std::string& cell : table.header) html += QStringLiteral("<th>%1</th>").arg(escaped(cell));
    html += QStringLiteral("</tr>");
    for (const auto& row : table.rows) {
        html += QStringLiteral("<tr>");
        for (std::size_t c = 0; c < table.header.size(); ++c) {
            const std::string cell = c < row.size() ? row[c] : "";
            const bool numeric =
                c > 0 && !cell.empty() && (std::isdigit(static_cast<unsigned char>(cell[0])) != 0);
            html += QStringLiteral("<td%1>%2</td>")
                        .arg(numeric ? QStringLiteral(" align=\"right\"") : QString(), escaped(cell));
        }
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</table>");
}

QString machineHtml(int threads, const std::optional<MachineCeilings>& ceilings) {
    TableData machine{{"", ""},
                      {{"CPU", cpuModelName()},
                       {"cores (hardware threads)", std::to_string(hardwareThreads())},
                       {"threads used", threads > 0 ? std::to_string(threads)
                                                    : "all (" + std::to_string(hardwareThreads()) + ")"},
                       {"compiler", compilerDescription()},
                       {"SIMD in use (Eigen)", simdInstructionSets()},
                       {"Hand-written kernels", kernelIsaDescription()},
                       {"Qt", qVersion()},
                       {"Eigen", eigenVersion()},
                       {"Matrix products", blasDescription()},
                       {"oneTBB", tbbVersion()},
                       {"QCustomPlot", QCUSTOMPLOT_VERSION_STR},
                       {"AttnScope", QCoreApplication::applicationVersion().toStdString()}}};
    if (ceilings) {
        for (auto& row : ceilingSummaryRows(*ceilings)) machine.rows.push_back(std::move(row));
    } else {
        machine.rows.push_back({"measured ceilings", "not measured (attnscope peak measures them)"});
    }
    QString html = QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">");
    for (const auto& row : machine.rows) {
        html += QStringLiteral("<tr><th align=\"left\">%1</th><td>%2</td></tr>")
                    .arg(escaped(row[0]), escaped(row[1]));
    }
    return html + QStringLiteral("</table>");
}

// Every distinct value of each config field across the section, e.g. "n: 128, 256, 512", in the field
// table's order (config_fields.h); a field counts only for the points whose method uses it.
QString parametersHtml(const std::vector<BenchmarkResult>& results) {
    std::vector<std::pair<std::string, std::set<std::string>>> values{{"method", {}}};
    for (const ConfigField& field : configFields()) values.emplace_back(field.label, std::set<std::string>());
    for (const BenchmarkResult& r : results) {
        const AttentionConfig& c = r.point.config;
        values.front().second.insert(std::string(methodName(r.point.method)));
        for (std::size_t i = 0; i < configFields().size(); ++i) {
            const ConfigField& field = configFields()[i];
            if (!field.appliesTo(r.point.method)) continue;
            std::string text = field.effective ? std::to_string(field.effective(c)) : field.text(c);
            // Loaded inputs were not drawn from a distribution.
            if (r.point.inputs && field.category == FieldCategory::inputs &&
                field.type() == FieldType::choice)
                text = "loaded from .npy";
            values[i + 1].second.insert(text);
        }
    }
    std::erase_if(values, [](const auto& entry) { return entry.second.empty(); });
    QStringList items;
    for (const auto& [field, set] : values) {
        std::vector<std::string> sorted(set.begin(), set.end());
        std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
            const bool numbers = !a.empty() && !b.empty() && std::isdigit(static_cast<unsigned char>(a[0])) &&
                                 std::isdigit(static_cast<unsigned char>(b[0]));
            // Digit strings without leading zeros, compared as numbers of any size (seeds use 64 bits).
            return numbers && a.size() != b.size() ? a.size() < b.size() : a < b;
        });
        QStringList list;
        for (const std::string& value : sorted) list << escaped(value);
        items << QStringLiteral("<b>%1</b>: %2").arg(escaped(field), list.join(QStringLiteral("; ")));
    }
    return QStringLiteral("<p>%1</p>").arg(items.join(QStringLiteral(" &nbsp;·&nbsp; ")));
}

QByteArray pngBytes(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// The document body; `embed` chooses data URIs (HTML file) or resource names (PDF).
QString bodyHtml(const ReportInput& input, const std::vector<QString>& sections_html,
                 const std::vector<Figure>& figures, bool embed, int image_width) {
    auto image = [&](const Figure& figure) {
        const QString source = embed ? QStringLiteral("data:image/png;base64,") +
                                           QString::fromLatin1(pngBytes(figure.image).toBase64())
                                     : figure.name;
        return QStringLiteral("<p><img src=\"%1\" width=\"%2\" alt=\"%3\"><br><i>%3</i></p>")
            .arg(source)
            .arg(image_width)
            .arg(figure.caption.toHtmlEscaped());
    };
    QString html = QStringLiteral("<h1>%1</h1><p>%2</p><h2>%3</h2>%4")
                       .arg(input.title.toHtmlEscaped(), input.created.toString(Qt::ISODate),
                            QObject::tr("Machine"), machineHtml(input.threads, input.ceilings));
    for (QString section : sections_html) {
        for (const Figure& figure : figures)
            section.replace(QStringLiteral("@@") + figure.name + QStringLiteral("@@"), image(figure));
        html += section;
    }
    return html;
}

}  // namespace

ReportHeatmaps reportHeatmaps(const ReportInput& input, const std::atomic<bool>* cancel) {
    ReportHeatmaps heatmaps;
    if (!input.heatmap_config) return heatmaps;
    try {
        auto data =
            computeHeatmaps(*input.heatmap_config, input.heatmap_inputs.get(), HeatmapRequest{}, cancel);
        if (data) {
            heatmaps.data = std::make_shared<const HeatmapData>(std::move(*data));
        } else {
            heatmaps.failure = QObject::tr("cancelled");
        }
    } catch (const std::exception& error) {
        heatmaps.failure = QString::fromStdString(error.what());
    }
    return heatmaps;
}

ReportFiles writeReport(const ReportInput& input, const QString& directory, bool overwrite) {
    if (!QDir().mkpath(directory))
        throw std::runtime_error("cannot create directory " + directory.toStdString());
    std::vector<Figure> figures;
    std::vector<QString> sections;
    for (std::size_t i = 0; i < input.sections.size(); ++i) {
        const ReportSection& section = input.sections[i];
        QString html = QStringLiteral("<h2>%1</h2><p>%2</p>")
                           .arg(section.title.toHtmlEscaped(), section.description.toHtmlEscaped());
        html += parametersHtml(section.results);
        if (section.preset && section.preset->layout != PresetLayout::generic) {
            html += QStringLiteral("<h3>%1</h3>").arg(QObject::tr("Our ratios beside the seed document's"));
            html += tableHtml(presetTableData(*section.preset, section.results));
            if (!section.preset->reference_source.empty()) {
                html += QStringLiteral("<p><i>%1 %2</i></p>")
                            .arg(QObject::tr("Seed figures:"), escaped(section.preset->reference_source));
            }
        }
        html += QStringLiteral("<h3>%1</h3>").arg(QObject::tr("Every point"));
        html += tableHtml(resultTableData(section.results));
        const TableData model = modelComparisonData(section.results);
        if (!model.rows.empty()) {
            html +=
                QStringLiteral("<h3>%1</h3>").arg(QObject::tr("Measured speed-ups beside the cost model's"));
            html += tableHtml(model);
        }
        const TableData slopes = slopeTableData(section.results);
        if (!slopes.rows.empty()) {
            html += QStringLiteral("<h3>%1</h3>")
                        .arg(QObject::tr("How time grows with n: fitted log–log slopes"));
            html += tableHtml(slopes);
        }
        bool timingFigureShown = false;
        // A FAVOR+ sweep over m is one shape: its figure is the error curve, not per-shape bars.
        const bool favorSweep = section.preset && section.preset->layout == PresetLayout::feature_error;
        if (auto timing = timingFigure(section.results)) {
            timingFigureShown = true;
            const QString name = QStringLiteral("timing%1.png").arg(i);
            figures.push_back({name, *timing,
                               QObject::tr("Time against n (log–log) with the cost model dashed; below, the "
                                           "speed-up over the baseline.")});
            html += QStringLiteral("@@%1@@").arg(name);
        } else if (auto bars = favorSweep ? std::nullopt : shapeBarsFigure(section.results)) {
            const QString name = QStringLiteral("shapes%1.png").arg(i);
            figures.push_back({name, *bars,
                               QObject::tr("Median time per shape and method (log scale); whiskers span the "
                                           "interquartile range of the repetitions.")});
            html += QStringLiteral("@@%1@@").arg(name);
        }
        if (auto favor = favorFigure(section.results)) {
            const QString name = QStringLiteral("favor%1.png").arg(i);
            figures.push_back(
                {name, *favor,
                 QObject::tr("FAVOR+ against exact softmax on the same inputs: relative Frobenius "
                             "error of the output and of head 0's attention matrix (left), time "
                             "(right) against the number of random features m.")});
            html += QStringLiteral("@@%1@@").arg(name);
        }
        if (auto memory = memoryFigure(section.results); memory && timingFigureShown) {
            const QString name = QStringLiteral("memory%1.png").arg(i);
            figures.push_back(
                {name, *memory,
                 QObject::tr("Memory against n: the measured peak resident growth of each point "
                             "(solid) beside the cost model's inputs, output and workspaces "
                             "(dashed).")});
            html += QStringLiteral("@@%1@@").arg(name);
        }
        if (auto stages = stageFigure(section.results)) {
            const QString name = QStringLiteral("stages%1.png").arg(i);
            html += QStringLiteral("<h3>%1</h3>").arg(QObject::tr("Where the time goes"));
            figures.push_back(
                {name, *stages,
                 QObject::tr("Each stage's share of a call, from clocks inside the kernels; grey "
                             "is time no stage accounts for (idle threads, scheduling).")});
            html += QStringLiteral("@@%1@@").arg(name);
            if (section.results.size() <= 8) html += tableHtml(stageTableData(section.results));
        }
        if (auto roofline = rooflineFigure(section.results, input.ceilings)) {
            const QString name = QStringLiteral("roofline%1.png").arg(i);
            html += QStringLiteral("<h3>%1</h3>").arg(QObject::tr("Roofline"));
            figures.push_back(
                {name, *roofline,
                 input.ceilings
                     ? QObject::tr("Attained GFLOP/s against FLOPs per byte of modelled DRAM traffic "
                                   "(docs/methods.md), under the measured FMA roof and the L2 and DRAM triad "
                                   "bandwidths of the machine table.")
                     : QObject::tr("Attained GFLOP/s against FLOPs per byte of modelled DRAM traffic "
                                   "(docs/methods.md); no roofs: the machine's ceilings were not measured "
                                   "(attnscope peak).")});
            html += QStringLiteral("@@%1@@").arg(name);
        }
        // What the machine did while each point ran; one line instead of a table when nothing was counted.
        html += QStringLiteral("<h3>%1</h3>").arg(QObject::tr("Counters"));
        html += QStringLiteral("<p>%1</p>")
                    .arg(escaped(counterAvailabilityLine(section.results, input.counters_notice)));
        const TableData counters = counterTableData(section.results);
        if (!counters.rows.empty()) html += tableHtml(counters);
        sections.push_back(html);
    }
    if (input.heatmap_config) {
        const AttentionConfig& c = *input.heatmap_config;
        QString html = QStringLiteral("<h2>%1</h2>").arg(QObject::tr("What the approximations change"));
        html +=
            QStringLiteral("<p>%1</p>")
                .arg(QObject::tr(
                         "Attention matrices of batch element 0, head 0, for n = %1, d = %2, %3 heads, "
                         "alpha = %4, beta = %5, seed %6, %7 inputs.")
                         .arg(c.n)
                         .arg(c.d)
                         .arg(c.heads)
                         .arg(c.alpha)
                         .arg(c.beta)
                         .arg(c.seed)
                         .arg(input.heatmap_inputs
                                  ? QObject::tr("loaded")
                                  : QString::fromStdString(std::string(distributionName(c.distribution)))));
        const ReportHeatmaps heatmaps = input.heatmaps ? *input.heatmaps : reportHeatmaps(input);
        if (heatmaps.data) {
            figures.push_back(
                {QStringLiteral("heatmaps.png"), heatmapFigure(*heatmaps.data),
                 QObject::tr("softmax, FAVOR+, Xformer and |softmax − FAVOR+| (log colour scales).")});
            html += QStringLiteral("@@heatmaps.png@@<p><b>%1</b></p>")
                        .arg(HeatmapPlot::errorText(*heatmaps.data).toHtmlEscaped());
        } else {
            html += QStringLiteral("<p>%1 %2</p>")
                        .arg(QObject::tr("No heatmaps:"), heatmaps.failure.toHtmlEscaped());
        }
        sections.push_back(html);
    }

    const QString style = QStringLiteral(
        "<style>body{font-family:'DejaVu Sans',sans-serif;max-width:1100px;margin:2em auto;} "
        "table{border-collapse:collapse;margin:0.5em 0;} th,td{padding:3px 8px;} "
        "th{background:#eef;}</style>");
    ReportFiles files{QDir(directory).filePath(QStringLiteral("report.html")),
                      QDir(directory).filePath(QStringLiteral("report.pdf"))};
    const QString html =
        QStringLiteral(
            "<!DOCTYPE html><html><head><meta "
            "charset=\"utf-8\"><title>%1</title>%2</head><body>%3</body></html>")
            .arg(input.title.toHtmlEscaped(), style, bodyHtml(input, sections, figures, true, 1000));
    QString error = writeFileAtomically(files.html, html.toUtf8(), overwrite);
    if (!error.isEmpty()) throw std::runtime_error(error.toStdString());

    QByteArray pdf;
    {
        QBuffer buffer(&pdf);
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setResolution(150);
        writer.setTitle(input.title);
        writer.setCreator(QStringLiteral("AttnScope"));
        QTextDocument document;
        const QRect page = writer.pageLayout().paintRectPixels(writer.resolution());
        document.setPageSize(page.size());
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSizeF(7.5);
        document.setDefaultFont(font);
        for (const Figure& figure : figures)
            document.addResource(QTextDocument::ImageResource, QUrl(figure.name), figure.image);
        document.setHtml(bodyHtml(input, sections, figures, false, page.width() - 10));
        document.print(&writer);
    }
    error = writeFileAtomically(files.pdf, pdf, overwrite);
    if (!error.isEmpty()) throw std::runtime_error(error.toStdString());
    return files;
}

}  // namespace attnscope
