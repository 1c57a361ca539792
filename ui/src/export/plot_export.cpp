#include "attnscope/ui/plot_export.h"

#include <qcustomplot.h>
#include <QBuffer>
#include <QCoreApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <cmath>

#include "attnscope/ui/atomic_file.h"
#include "charts/plot_theme.h"
#include "export/clipped_svg_export.h"

namespace attnscope {

namespace {

// Vector outputs map one widget pixel to one point (as QCustomPlot::savePdf does) and lay text out at
// the screen's density, so fonts keep their on-screen proportion to the plot.
constexpr double kInchesPerMetre = 1.0 / 0.0254;

QString documentTitle(const QCustomPlot& plot) {
    return plot.accessibleName().isEmpty() ? QStringLiteral("AttnScope plot") : plot.accessibleName();
}

QByteArray renderPng(QCustomPlot& plot, double scale) {
    const QImage drawn = plot.toPixmap(0, 0, scale).toImage();
    // White under the plot's own background (white too, QCustomPlot's default), should that be transparent.
    QImage image(drawn.size(), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter(&image).drawImage(0, 0, drawn);
    const int dots_per_metre = static_cast<int>(std::lround(kScreenDpi * scale * kInchesPerMetre));
    image.setDotsPerMeterX(dots_per_metre);
    image.setDotsPerMeterY(dots_per_metre);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) return {};
    return bytes;
}

QByteArray renderPdf(QCustomPlot& plot) {
    const QSize size = plot.size();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setResolution(kScreenDpi);
        writer.setCreator(QStringLiteral("AttnScope"));
        writer.setTitle(documentTitle(plot));
        writer.setPageLayout(QPageLayout(QPageSize(size, QPageSize::Point, QString(), QPageSize::ExactMatch),
                                         QPageLayout::Portrait, QMarginsF(0, 0, 0, 0), QPageLayout::Point));
        QCPPainter painter;
        if (!painter.begin(&writer)) return {};
        painter.setMode(QCPPainter::pmVectorized);
        // The page is size.width() points wide, i.e. 4/3 as many device pixels at 96 dpi: map the widget's
        // pixels onto the whole page.
        painter.setWindow(QRect(QPoint(0, 0), size));
        painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
        plot.toPainter(&painter, size.width(), size.height());
        painter.end();
    }  // the writer finishes the file when it goes
    return bytes;
}

QByteArray renderSvg(QCustomPlot& plot) {
    const QByteArray bytes = renderClippedSvg(plot, plot.size(), kScreenDpi, documentTitle(plot));
    // QSvgGenerator names only the font's family ("Sans Serif" from fontconfig here), which browsers on
    // other systems do not know and replace with their default, usually a serif face: add the generic one.
    static const QRegularExpression family(QStringLiteral("font-family=\"([^\",]+)\""));
    return QString::fromUtf8(bytes)
        .replace(family, QStringLiteral("font-family=\"\\1, sans-serif\""))
        .toUtf8();
}

}  // namespace

QString plotFormatSuffix(PlotFormat format) {
    switch (format) {
        case PlotFormat::png:
            return QStringLiteral("png");
        case PlotFormat::pdf:
            return QStringLiteral("pdf");
        case PlotFormat::svg:
            break;
    }
    return QStringLiteral("svg");
}

QString plotFormatFilter(PlotFormat format) {
    switch (format) {
        case PlotFormat::png:
            return QCoreApplication::translate("attnscope", "PNG image (*.png)");
        case PlotFormat::pdf:
            return QCoreApplication::translate("attnscope", "PDF document (*.pdf)");
        case PlotFormat::svg:
            break;
    }
    return QCoreApplication::translate("attnscope", "SVG image (*.svg)");
}

QByteArray renderPlot(QCustomPlot& plot, PlotFormat format, double scale) {
    // Dark text on white whatever the theme: light theme text would vanish on the white page.
    const ExportStyleScope exportStyle(plot);
    switch (format) {
        case PlotFormat::png:
            return renderPng(plot, scale);
        case PlotFormat::pdf:
            return renderPdf(plot);
        case PlotFormat::svg:
            break;
    }
    return renderSvg(plot);
}

QString exportPlot(QCustomPlot& plot, const QString& path, PlotFormat format, double scale, bool overwrite) {
    if (plot.width() <= 0 || plot.height() <= 0 || !(scale > 0)) {
        return QCoreApplication::translate("attnscope", "cannot write %1: the plot has no size to export")
            .arg(path);
    }
    const QByteArray bytes = renderPlot(plot, format, scale);
    if (bytes.isEmpty()) {
        return QCoreApplication::translate("attnscope",
                                           "cannot write %1: the plot could not be rendered as %2")
            .arg(path, plotFormatSuffix(format).toUpper());
    }
    return writeFileAtomically(path, bytes, overwrite);
}

}  // namespace attnscope
