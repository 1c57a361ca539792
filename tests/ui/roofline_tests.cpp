// The Roofline tab's chart, fed fake results and fake ceilings: points where the bytes model puts them,
// roofs from the ceilings, the message when `attnscope peak` has not run, and the points as CSV.
#include <qcustomplot.h>
#include <QtTest>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/measuring/timing_stats.h"
#include "charts/roofline_chart.h"
#include "export/roofline_csv.h"
#include "window_test_helpers.h"

using namespace attnscope;
using attnscope::test::outputPath;

namespace {

BenchmarkResult fakeResult(Method method, std::int64_t n, std::int64_t d, double seconds, int threads = 2) {
    AttentionConfig c;
    c.batch = 32;
    c.n = n;
    c.d = d;
    c.threads = threads;
    BenchmarkResult r;
    r.point = BenchmarkPoint(method, c);
    r.cost = estimateCost(method, c);
    r.stats = summarize({seconds, seconds, seconds});
    return r;
}

// Figures of the size `attnscope peak` reports on a 2-core AVX-512 machine.
MachineCeilings fakeCeilings() {
    MachineCeilings c;
    c.cpu_model = "Fake CPU";
    c.threads = 2;
    c.fma = {{"avx512f", MeasuredValue::of(155), MeasuredValue::of(310)},
             {"avx2+fma", MeasuredValue::of(60), MeasuredValue::of(120)}};
    c.bandwidth = {{"L2", 0, 0, MeasuredValue::of(75), MeasuredValue::of(141)},
                   {"DRAM", 0, 0, MeasuredValue::of(12), MeasuredValue::of(24)}};
    return c;
}

QStringList itemTexts(const QCustomPlot& plot) {
    QStringList texts;
    for (int i = 0; i < plot.itemCount(); ++i) {
        if (auto* text = qobject_cast<QCPItemText*>(plot.item(i))) texts << text->text();
    }
    return texts;
}

// The notebook's three shapes at the notebook's own PyTorch seconds (resources/presets/notebook.json): fake
// medians, so the picture does not depend on this machine.
std::vector<BenchmarkResult> notebookResults() {
    return {fakeResult(Method::quadratic, 2048, 64, 0.5003597736358643),
            fakeResult(Method::linear, 2048, 64, 0.03099536895751953),
            fakeResult(Method::quadratic, 64, 2048, 0.0319976806640625),
            fakeResult(Method::linear, 64, 2048, 0.5034613609313965),
            fakeResult(Method::quadratic, 256, 256, 0.030994653701782227),
            fakeResult(Method::linear, 256, 256, 0.03600144386291504)};
}

}  // namespace

class RooflineTests : public QObject {
    Q_OBJECT
private slots:
    void pointsLandAtTheirIntensityAndGflops();
    void roofsComeFromTheCeilings();
    void oneThreadUsesTheSingleThreadFigures();
    void withoutCeilingsTheTabSaysWhatToRun();
    void ceilingsAreReadOncePerThreadCount();
    void pointsKnowTheirShareAndNearestRoof();
    void csvHasOneRowPerPointAndTheCeilings();
    void csvWithoutCeilingsLeavesTheRoofColumnsEmpty();
    void screenshotOfTheNotebookPoints();
};

void RooflineTests::pointsLandAtTheirIntensityAndGflops() {
    RooflineChart chart;
    chart.setCeilingsSource([](int) { return std::nullopt; });
    // (32, 2048, 64) quadratic: 4·32·2048²·64 FLOPs over 64 MiB = 512 FLOP/byte; in 0.5 s, 68.72 GFLOP/s.
    // (32, 16, 64): n / 4 = 4 FLOP/byte, 2 097 152 FLOPs in 0.1 ms = 20.97 GFLOP/s.
    chart.setResults(
        {fakeResult(Method::quadratic, 2048, 64, 0.5), fakeResult(Method::quadratic, 16, 64, 1e-4)});
    // A series keeps its points in order of n.
    QCOMPARE(chart.hovers().size(), std::size_t{2});
    QCOMPARE(chart.hovers()[0].n, 4.0);
    QCOMPARE(chart.hovers()[0].value, 20.97152);
    QCOMPARE(chart.hovers()[1].n, 512.0);
    QCOMPARE(chart.hovers()[1].value, 68.719476736);
    // One series (n is what it sweeps), drawn as markers only, in the method's colour.
    QCOMPARE(chart.plot()->graphCount(), 1);
    QCPGraph* graph = chart.plot()->graph(0);
    QCOMPARE(graph->lineStyle(), QCPGraph::lsNone);
    QCOMPARE(graph->dataCount(), 2);
    QVERIFY(chart.plot()->xAxis->range().contains(512) && chart.plot()->xAxis->range().contains(4));
}

void RooflineTests::roofsComeFromTheCeilings() {
    RooflineChart chart;
    int askedThreads = 0;
    chart.setCeilingsSource([&](int threads) {
        askedThreads = threads;
        return std::optional<MachineCeilings>(fakeCeilings());
    });
    chart.setResults(
        {fakeResult(Method::quadratic, 2048, 64, 0.5), fakeResult(Method::quadratic, 16, 64, 1e-4)});
    QCOMPARE(askedThreads, 2);
    QVERIFY(chart.notice().isEmpty());
    QVERIFY(chart.roofs());
    QCOMPARE(chart.roofs()->isa, QStringLiteral("avx512f"));
    QCOMPARE(chart.roofs()->gflops, 310.0);
    QCOMPARE(chart.roofs()->dram_gbs, 24.0);
    QCOMPARE(chart.roofs()->l2_gbs, 141.0);
    // The series, the compute roof and two diagonals, each diagonal ending where it meets the roof.
    QCOMPARE(chart.plot()->graphCount(), 4);
    QCPGraph* dram = chart.plot()->graph(2);
    QCOMPARE(dram->data()->at(1)->key, 310.0 / 24.0);
    QCOMPARE(dram->data()->at(1)->value, 310.0);
    const QStringList labels = itemTexts(*chart.plot());
    QVERIFY2(labels.contains(QStringLiteral("FMA avx512f 310 GFLOP/s")), qPrintable(labels.join('|')));
    QVERIFY2(labels.contains(QStringLiteral("DRAM 24 GB/s")), qPrintable(labels.join('|')));
    QVERIFY2(labels.contains(QStringLiteral("L2 141 GB/s")), qPrintable(labels.join('|')));

    // 512 FLOP/byte is right of DRAM's ridge (12.9): compute-bound, at 68.72 / 310 = 22.2% of the roof;
    // 4 FLOP/byte is left of it: DRAM-bound.
    QCOMPARE(chart.hovers()[1].extra,
             QStringLiteral("512 FLOP/byte · 22.2% of the avx512f FMA roof · compute-bound"));
    QVERIFY(chart.hovers()[0].extra.endsWith(QStringLiteral("DRAM-bound")));
    chart.resize(800, 600);
    chart.plot()->replot();
    const QPoint pixel(qRound(chart.plot()->xAxis->coordToPixel(512)),
                       qRound(chart.plot()->yAxis->coordToPixel(68.719476736)));
    const QString tip = chart.toolTipAt(pixel);
    QVERIFY2(tip.contains(QStringLiteral("quadratic")) && tip.contains(QStringLiteral("compute-bound")),
             qPrintable(tip));
}

void RooflineTests::oneThreadUsesTheSingleThreadFigures() {
    const Roofs roofs = roofsAt(fakeCeilings(), 1);
    QCOMPARE(roofs.gflops, 155.0);
    QCOMPARE(roofs.dram_gbs, 12.0);
    QCOMPARE(roofs.l2_gbs, 75.0);
    // An ISA without a measured peak (not supported here) gives way to the next one.
    MachineCeilings noAvx512 = fakeCeilings();
    noAvx512.fma[0].many_threads = MeasuredValue::absent("not supported by this CPU");
    QCOMPARE(roofsAt(noAvx512, 2).isa, QStringLiteral("avx2+fma"));
}

void RooflineTests::withoutCeilingsTheTabSaysWhatToRun() {
    RooflineChart chart;
    chart.setCeilingsSource([](int) { return std::nullopt; });
    chart.setResults({fakeResult(Method::linear, 2048, 64, 0.031)});
    QVERIFY(!chart.roofs());
    QVERIFY2(chart.notice().contains(QStringLiteral("attnscope peak --threads 2")),
             qPrintable(chart.notice()));
    QVERIFY(itemTexts(*chart.plot()).join('\n').contains(QStringLiteral("attnscope peak")));
    // The point is still drawn, and nothing but the point.
    QCOMPARE(chart.plot()->graphCount(), 1);
    QCOMPARE(chart.hovers().size(), std::size_t{1});
    QCOMPARE(chart.hovers()[0].extra, QStringLiteral("16 FLOP/byte"));
}

void RooflineTests::ceilingsAreReadOncePerThreadCount() {
    // Streamed results redraw the tab ten times a second; the cache file is read once per thread count.
    RooflineChart chart;
    std::vector<int> asked;
    chart.setCeilingsSource([&](int threads) {
        asked.push_back(threads);
        return std::optional<MachineCeilings>(fakeCeilings());
    });
    std::vector<BenchmarkResult> results{fakeResult(Method::quadratic, 16, 64, 1e-4)};
    chart.setResults(results);
    results.push_back(fakeResult(Method::quadratic, 2048, 64, 0.5));
    chart.setResults(results);
    chart.setResults(results);
    QCOMPARE(asked, std::vector<int>{2});
    QVERIFY(chart.roofs());
    // The latest point's thread count sets the roofs: one thread reads the cache again.
    results.push_back(fakeResult(Method::quadratic, 64, 64, 1e-3, 1));
    chart.setResults(results);
    QCOMPARE(asked, (std::vector<int>{2, 1}));
    QCOMPARE(chart.roofs()->threads, 1);
    QCOMPARE(chart.roofs()->gflops, 155.0);
    // A new run (the tab's page calls this on resultsReset) reads it again: peak may have run meanwhile.
    chart.forgetCeilings();
    chart.setResults(results);
    QCOMPARE(asked, (std::vector<int>{2, 1, 1}));
}

void RooflineTests::pointsKnowTheirShareAndNearestRoof() {
    const Roofs roofs{QStringLiteral("avx512f"), 310, 24, 50, 2};
    // (32, 2048, 64) quadratic in 0.5 s: 512 FLOP/byte, right of every ridge, 68.72 / 310 = 22.17% of the
    // compute roof, which is the nearest.
    const BenchmarkResult wide = fakeResult(Method::quadratic, 2048, 64, 0.5);
    const std::optional<RooflinePoint> right = rooflinePoint(wide, roofs);
    QVERIFY(right);
    QCOMPARE(right->result, &wide);
    QCOMPARE(right->dram_bytes, 67108864.0);  // Q, K, V and the output: 4 × 32 × 2048 × 64 floats
    QCOMPARE(right->intensity, 512.0);
    QCOMPARE(right->gflops, 68.719476736);
    QCOMPARE(*right->percent_of_compute_roof, 22.16757314064516);
    QCOMPARE(*right->nearest_roof, RoofKind::compute);
    // (32, 16, 64): 4 FLOP/byte, where DRAM's roof is 96 GFLOP/s and L2's 200. At 20.97 GFLOP/s DRAM is
    // nearest (log 96/20.97 = 1.52 against log 200/20.97 = 2.26 and log 310/20.97 = 2.69) ...
    const BenchmarkResult narrow = fakeResult(Method::quadratic, 16, 64, 1e-4);
    const std::optional<RooflinePoint> slow = rooflinePoint(narrow, roofs);
    QVERIFY(slow);
    QCOMPARE(slow->intensity, 4.0);
    QCOMPARE(*slow->percent_of_compute_roof, 6.765006451612903);
    QCOMPARE(*slow->nearest_roof, RoofKind::dram);
    // ... and at 174.76 GFLOP/s, above the DRAM roof, L2's (log 200/174.76 = 0.13 against 0.60 and 0.57).
    const BenchmarkResult fast = fakeResult(Method::quadratic, 16, 64, 1.2e-5);
    QCOMPARE(*rooflinePoint(fast, roofs)->nearest_roof, RoofKind::l2);
    // Without roofs a point still has its place, and nothing about roofs.
    const std::optional<RooflinePoint> bare = rooflinePoint(wide, std::nullopt);
    QVERIFY(bare);
    QCOMPARE(bare->intensity, 512.0);
    QVERIFY(!bare->percent_of_compute_roof && !bare->nearest_roof);
    // A failed point has no place on log axes.
    BenchmarkResult failed = wide;
    failed.error = "out of memory";
    QVERIFY(!rooflinePoint(failed, roofs));
}

void RooflineTests::csvHasOneRowPerPointAndTheCeilings() {
    RooflineChart chart;
    chart.setCeilingsSource([](int) { return std::optional<MachineCeilings>(fakeCeilings()); });
    AttentionConfig pooled;
    pooled.batch = 32;
    pooled.n = 256;
    pooled.d = 64;
    pooled.heads = 4;
    pooled.alpha = 2;
    pooled.beta = 4;
    pooled.threads = 2;
    BenchmarkResult xformer;
    xformer.point = BenchmarkPoint(Method::xformer, pooled);
    xformer.cost = estimateCost(Method::xformer, pooled);
    xformer.stats = summarize({2e-3, 2e-3, 2e-3});
    chart.setResults(
        {fakeResult(Method::quadratic, 2048, 64, 0.5), fakeResult(Method::quadratic, 16, 64, 1e-4), xformer});
    QCOMPARE(chart.points().size(), std::size_t{3});
    const QStringList lines = QString::fromUtf8(rooflineCsv(chart.points(), chart.roofs()))
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], QStringLiteral("name,method,batch,n,d,heads,alpha,beta,threads,median_ms,gflops,"
                                      "modelled_dram_bytes,arithmetic_intensity,percent_of_compute_roof,"
                                      "nearest_bound,roof_isa,roof_fma_gflops,roof_dram_gbs,roof_l2_gbs,"
                                      "roof_threads"));
    // In the order drawn: the quadratic series by n, then the Xformer's. The figures of
    // pointsKnowTheirShareAndNearestRoof under the fake 2-thread roofs (310, 24 and 141); quadratic has no
    // alpha nor beta.
    QCOMPARE(lines[1],
             QStringLiteral("quadratic/batch:32/n:16/d:64/heads:1/threads:2,quadratic,32,16,64,1,,,2,"
                            "0.1,20.9715,524288,4,6.76501,DRAM,avx512f,310,24,141,2"));
    QCOMPARE(lines[2],
             QStringLiteral("quadratic/batch:32/n:2048/d:64/heads:1/threads:2,quadratic,32,2048,64,1,,,"
                            "2,500,68.7195,6.71089e+07,512,22.1676,compute,avx512f,310,24,141,2"));
    // The Xformer's alpha and beta, and its figures as the chart placed it.
    const QStringList pooledRow = lines[3].split(QLatin1Char(','));
    QCOMPARE(pooledRow.mid(0, 10),
             (QStringList{QStringLiteral("xformer/batch:32/n:256/d:64/heads:4/alpha:2/"
                                         "beta:4/threads:2"),
                          QStringLiteral("xformer"), "32", "256", "64", "4", "2", "4", "2", "2"}));
    const RooflinePoint& drawn = chart.points()[2];
    QCOMPARE(drawn.result->point.method, Method::xformer);
    QCOMPARE(pooledRow[10].toDouble(), QString::number(drawn.gflops, 'g', 6).toDouble());
    QCOMPARE(pooledRow[11].toDouble(), QString::number(drawn.dram_bytes, 'g', 6).toDouble());
    QCOMPARE(pooledRow[12].toDouble(), QString::number(drawn.intensity, 'g', 6).toDouble());
    QCOMPARE(pooledRow[14], roofName(*drawn.nearest_roof));
    // The hover says what the row says.
    QVERIFY2(chart.hovers()[2].extra.endsWith(pooledRow[14] + QStringLiteral("-bound")),
             qPrintable(chart.hovers()[2].extra));
}

void RooflineTests::csvWithoutCeilingsLeavesTheRoofColumnsEmpty() {
    RooflineChart chart;
    chart.setCeilingsSource([](int) { return std::nullopt; });
    chart.setResults({fakeResult(Method::linear, 2048, 64, 0.031)});
    const QStringList lines = QString::fromUtf8(rooflineCsv(chart.points(), chart.roofs()))
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    const QStringList row = lines[1].split(QLatin1Char(','));
    QCOMPARE(row.size(), lines[0].split(QLatin1Char(',')).size());
    QCOMPARE(row[12], QStringLiteral("16"));  // the FLOP/byte of withoutCeilingsTheTabSaysWhatToRun
    QCOMPARE(row.mid(13), QStringList(7, QString()));
}

void RooflineTests::screenshotOfTheNotebookPoints() {
    RooflineChart chart;
    chart.setCeilingsSource([](int) { return std::optional<MachineCeilings>(fakeCeilings()); });
    chart.setResults(notebookResults());
    QCOMPARE(chart.hovers().size(), std::size_t{6});
    chart.resize(900, 600);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.plot()->replot();
    const QImage image = chart.grab().toImage();
    QVERIFY(image.save(outputPath(QStringLiteral("roofline_tab.png"))));
    QCOMPARE(image.size(), QSize(900, 600));
}

QTEST_MAIN(RooflineTests)
#include "roofline_tests.moc"
