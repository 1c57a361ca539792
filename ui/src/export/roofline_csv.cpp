#include "export/roofline_csv.h"

#include "attnscope/measuring/benchmark_name.h"
#include "attnscope/measuring/timing_stats.h"

namespace attnscope {

namespace {

// Six significant digits, as the results CSV writes its figures. (Names unique within ui/: unity builds.)
QByteArray csvFigure(double value) {
    return QByteArray::number(value, 'g', 6);
}

QByteArray optionalCsvFigure(const std::optional<double>& value) {
    return value ? csvFigure(*value) : QByteArray();
}

QByteArray optionalCsvInteger(const std::optional<std::int64_t>& value) {
    return value ? QByteArray::number(static_cast<qint64>(*value)) : QByteArray();
}

}  // namespace

QByteArray rooflineCsv(const std::vector<RooflinePoint>& points, const std::optional<Roofs>& roofs) {
    QByteArray csv =
        "name,method,batch,n,d,heads,alpha,beta,threads,median_ms,gflops,modelled_dram_bytes,"
        "arithmetic_intensity,percent_of_compute_roof,nearest_bound,roof_isa,roof_fma_gflops,roof_dram_gbs,"
        "roof_l2_gbs,roof_threads\n";
    QByteArray ceilings = ",,,,";
    if (roofs) {
        // A bandwidth that was not measured has no diagonal: empty rather than 0.
        auto bandwidth = [](double gbs) { return gbs > 0 ? csvFigure(gbs) : QByteArray(); };
        ceilings = roofs->isa.toUtf8() + ',' + csvFigure(roofs->gflops) + ',' + bandwidth(roofs->dram_gbs) +
                   ',' + bandwidth(roofs->l2_gbs) + ',' + QByteArray::number(roofs->threads);
    }
    for (const RooflinePoint& point : points) {
        const BenchmarkResult& r = *point.result;
        const AttentionConfig& c = r.point.config;
        // The name says which of alpha and beta the method uses.
        const BenchmarkName name(r.point.method, c);
        csv += QByteArray::fromStdString(name.str()) + ',' +
               QByteArray::fromStdString(std::string(methodName(r.point.method))) + ',' +
               QByteArray::number(static_cast<qint64>(c.batch)) + ',' +
               QByteArray::number(static_cast<qint64>(c.n)) + ',' +
               QByteArray::number(static_cast<qint64>(c.d)) + ',' +
               QByteArray::number(static_cast<qint64>(c.heads)) + ',' +
               optionalCsvInteger(name.value("alpha")) + ',' + optionalCsvInteger(name.value("beta")) + ',' +
               QByteArray::number(c.resolvedThreads()) + ',' +
               csvFigure(r.stats.median * kMillisecondsPerSecond) + ',' + csvFigure(point.gflops) + ',' +
               csvFigure(point.dram_bytes) + ',' + csvFigure(point.intensity) + ',' +
               optionalCsvFigure(point.percent_of_compute_roof) + ',' +
               (point.nearest_roof ? roofName(*point.nearest_roof).toUtf8() : QByteArray()) + ',' + ceilings +
               '\n';
    }
    return csv;
}

}  // namespace attnscope
