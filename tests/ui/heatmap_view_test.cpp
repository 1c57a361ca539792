#include <qcustomplot.h>
#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

#include "attnscope/analysis/head_grid.h"
#include "attnscope/config/inputs.h"
#include "attnscope/config/user_inputs.h"
#include "attnscope/ui/head_grid_view.h"
#include "attnscope/ui/heatmap_view.h"

using attnscope::AttentionConfig;
using attnscope::HeatmapKind;
using attnscope::HeatmapView;

namespace {

AttentionConfig smallConfig() {
    AttentionConfig c;
    c.batch = 3;
    c.n = 64;
    c.d = 16;
    c.heads = 2;
    c.beta = 4;
    return c;
}

QSize cells(const HeatmapView& view, HeatmapKind kind) {
    const QCPColorMapData* data = view.colorMap(kind)->data();
    return {data->keySize(), data->valueSize()};  // columns x rows
}

int distinctColours(const QImage& image) {
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) colours.insert(image.pixel(x, y));
    }
    return static_cast<int>(colours.size());
}

}  // namespace

class HeatmapViewTest : public QObject {
    Q_OBJECT
private slots:
    void mapsHaveTheMatrixShapes() {
        HeatmapView view;
        QSignalSpy updated(&view, &HeatmapView::updated);
        view.setProblem(smallConfig(), nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 10000);
        QVERIFY(updated.first().first().toDouble() > 0);
        QCOMPARE(cells(view, HeatmapKind::softmax), QSize(64, 64));
        QCOMPARE(cells(view, HeatmapKind::xformer), QSize(16, 64));  // 16 pooled keys, 64 queries
        QCOMPARE(cells(view, HeatmapKind::performer), QSize(64, 64));
        QCOMPARE(cells(view, HeatmapKind::difference), QSize(64, 64));
        QVERIFY(view.title(HeatmapKind::softmax).contains(QStringLiteral("full resolution")));
        QVERIFY(view.colorMap(HeatmapKind::xformer)->keyAxis()->label().contains(QStringLiteral("β = 4")));
        QVERIFY(view.errorText().contains(QStringLiteral("relative Frobenius")));
        QVERIFY(view.errorText().contains(QStringLiteral("max abs")));
        QVERIFY(view.message().isEmpty());
        // The three attention maps share one scale; the difference has its own.
        QCOMPARE(view.colorMap(HeatmapKind::xformer)->colorScale(), view.attentionScale());
        QCOMPARE(view.colorMap(HeatmapKind::performer)->colorScale(), view.attentionScale());
        QCOMPARE(view.colorMap(HeatmapKind::difference)->colorScale(), view.differenceScale());
    }

    void selectorsFollowBatchAndHeads() {
        HeatmapView view;
        QSignalSpy updated(&view, &HeatmapView::updated);
        view.setProblem(smallConfig(), nullptr);
        QCOMPARE(view.batchSelector()->minimum(), 0);
        QCOMPARE(view.batchSelector()->maximum(), 2);
        QCOMPARE(view.headSelector()->maximum(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 10000);
        view.headSelector()->setValue(1);
        view.batchSelector()->setValue(2);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 2, 10000);  // debounced: one update for both changes
        QVERIFY(view.errorText().contains(QStringLiteral("batch 2, head 1")));
    }

    void hoverNamesRowColumnAndValue() {
        HeatmapView view;
        QSignalSpy updated(&view, &HeatmapView::updated);
        view.setProblem(smallConfig(), nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 10000);
        const QString text = view.describeCell(HeatmapKind::softmax, 5.2, 7.9);
        QVERIFY2(text.contains(QStringLiteral("row 8")) && text.contains(QStringLiteral("column 5")),
                 qPrintable(text));
        QVERIFY(view.describeCell(HeatmapKind::xformer, 20, 3).isEmpty());  // beyond the 16 pooled keys
        QVERIFY(view.describeCell(HeatmapKind::xformer, 3, 3).contains(QStringLiteral("Xformer input X")));
    }

    void logToggleChangesTheScaleType() {
        HeatmapView view;
        QSignalSpy updated(&view, &HeatmapView::updated);
        view.setProblem(smallConfig(), nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 10000);
        QCOMPARE(view.attentionScale()->dataScaleType(), QCPAxis::stLinear);
        view.logScaleToggle()->click();
        QCOMPARE(view.attentionScale()->dataScaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(view.differenceScale()->dataScaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(view.colorMap(HeatmapKind::softmax)->dataScaleType(), QCPAxis::stLogarithmic);
        QVERIFY(view.attentionScale()->dataRange().lower > 0);
    }

    // Loaded inputs with tokens.txt: every position of the n × n maps is labelled with its token, the hover
    // names the query and key; above kMaxTokenLabels only the hover does.
    void tokensLabelTheAxes() {
        for (const std::int64_t n : {std::int64_t{12}, std::int64_t{64}}) {
            AttentionConfig config = smallConfig();
            config.batch = 1;
            config.n = n;
            auto inputs = std::make_shared<attnscope::UserInputs>();
            inputs->q = attnscope::randomTensor(1, n, 16, 1, attnscope::RandomStream::q,
                                                attnscope::InputDistribution::normal);
            inputs->k = attnscope::randomTensor(1, n, 16, 2, attnscope::RandomStream::k,
                                                attnscope::InputDistribution::normal);
            inputs->v = attnscope::randomTensor(1, n, 16, 3, attnscope::RandomStream::v,
                                                attnscope::InputDistribution::normal);
            for (std::int64_t i = 0; i < n; ++i) inputs->tokens.push_back("tok" + std::to_string(i));
            HeatmapView view;
            QSignalSpy updated(&view, &HeatmapView::updated);
            view.setProblem(config, inputs);
            QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 10000);
            const auto ticker =
                view.colorMap(HeatmapKind::softmax)->keyAxis()->ticker().dynamicCast<QCPAxisTickerText>();
            const QString hover = view.describeCell(HeatmapKind::softmax, 3, 5);
            QVERIFY2(hover.contains(QStringLiteral("query \"tok5\" → key \"tok3\"")), qPrintable(hover));
            if (n == 12) {
                QVERIFY(!ticker.isNull());
                QCOMPARE(ticker->ticks().size(), 12);
                QCOMPARE(ticker->ticks().value(7.0), QStringLiteral("tok7"));
                QVERIFY(!view.colorMap(HeatmapKind::difference)
                             ->valueAxis()
                             ->ticker()
                             .dynamicCast<QCPAxisTickerText>()
                             .isNull());
                // The Xformer's pooled keys are not tokens.
                QVERIFY(view.colorMap(HeatmapKind::xformer)
                            ->keyAxis()
                            ->ticker()
                            .dynamicCast<QCPAxisTickerText>()
                            .isNull());
            } else {
                QVERIFY(ticker.isNull());
            }
        }
    }

    void invalidConfigShowsTheMessage() {
        HeatmapView view;
        QSignalSpy failed(&view, &HeatmapView::failed);
        QSignalSpy updated(&view, &HeatmapView::updated);
        AttentionConfig config = smallConfig();
        config.beta = 1000;  // beta must be at most n
        view.setProblem(config, nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("beta")), qPrintable(message));
        QVERIFY(view.message().contains(message));
        QCOMPARE(updated.count(), 0);
        // A valid config afterwards brings the maps back.
        view.setProblem(smallConfig(), nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 10000);
        QVERIFY(view.message().isEmpty());
    }

    void latestRequestWins() {
        HeatmapView view;
        QSignalSpy updated(&view, &HeatmapView::updated);
        AttentionConfig config = smallConfig();
        for (std::int64_t n : {128, 96, 80}) {
            config.n = n;
            view.setProblem(config, nullptr);
            QTest::qWait(200);  // past the debounce, so every request starts a job
        }
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() >= 1, 10000);
        QTest::qWait(300);
        QCOMPARE(cells(view, HeatmapKind::softmax), QSize(80, 80));
    }

    // The maps draw structured inputs unless told otherwise, whatever distribution the timing's config has;
    // loaded Q and K leave nothing to choose.
    void mapsDrawStructuredInputsByDefault() {
        HeatmapView view;
        QCOMPARE(view.distributionSelector()->count(), 3);
        QCOMPARE(view.inputDistribution(), attnscope::InputDistribution::structured);
        QSignalSpy updated(&view, &HeatmapView::updated);
        view.setProblem(smallConfig(), nullptr);  // smallConfig() keeps the uniform default
        QCOMPARE(view.mapsConfig().distribution, attnscope::InputDistribution::structured);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 10000);
        QVERIFY2(view.errorText().contains(QStringLiteral("random structured")),
                 qPrintable(view.errorText()));
        view.distributionSelector()->setCurrentText(QStringLiteral("normal"));
        QCOMPARE(view.inputDistribution(), attnscope::InputDistribution::normal);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 2, 10000);
        QVERIFY(view.errorText().contains(QStringLiteral("random normal")));

        auto inputs = std::make_shared<attnscope::UserInputs>();
        for (auto [tensor, stream] : {std::pair{&inputs->q, attnscope::RandomStream::q},
                                      {&inputs->k, attnscope::RandomStream::k},
                                      {&inputs->v, attnscope::RandomStream::v}})
            *tensor = attnscope::randomTensor(1, 16, 8, 1, stream, attnscope::InputDistribution::uniform);
        view.setProblem(smallConfig(), inputs);
        QVERIFY(!view.distributionSelector()->isEnabled());
        view.setProblem(smallConfig(), nullptr);
        QVERIFY(view.distributionSelector()->isEnabled());
    }

    void userInputsReplaceRandomOnes() {
        auto inputs = std::make_shared<attnscope::UserInputs>();
        using attnscope::RandomStream;
        inputs->q =
            attnscope::randomTensor(2, 48, 8, 7, RandomStream::q, attnscope::InputDistribution::normal);
        inputs->k =
            attnscope::randomTensor(2, 48, 8, 7, RandomStream::k, attnscope::InputDistribution::normal);
        inputs->v =
            attnscope::randomTensor(2, 48, 8, 7, RandomStream::v, attnscope::InputDistribution::normal);
        HeatmapView view;
        QSignalSpy updated(&view, &HeatmapView::updated);
        view.setProblem(smallConfig(), inputs);  // the loaded 2 x 48 x 8 wins over batch 3, n 64, d 16
        QCOMPARE(view.batchSelector()->maximum(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 10000);
        QCOMPARE(cells(view, HeatmapKind::softmax), QSize(48, 48));
        QVERIFY(view.errorText().contains(QStringLiteral("loaded Q")));
    }

    void largeNIsBlockAveraged() {
        HeatmapView view;
        QSignalSpy updated(&view, &HeatmapView::updated);
        AttentionConfig config = smallConfig();
        config.batch = 1;
        config.n = 4096;
        config.d = 64;
        config.heads = 1;
        view.setProblem(config, nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 60000);
        QCOMPARE(cells(view, HeatmapKind::softmax), QSize(1024, 1024));
        QCOMPARE(cells(view, HeatmapKind::xformer), QSize(1024, 1024));  // 1024 pooled keys
        QVERIFY2(view.title(HeatmapKind::softmax).contains(QStringLiteral("block-avg 4×4")),
                 qPrintable(view.title(HeatmapKind::softmax)));
        QVERIFY(view.describeCell(HeatmapKind::softmax, 10, 10).contains(QStringLiteral("rows 8–11")));
        qInfo("n = 4096 latency: %.0f ms", updated.first().first().toDouble());
    }

    void screenshotIsNotBlank() {
        HeatmapView view;
        view.resize(930, 640);
        view.show();
        QSignalSpy updated(&view, &HeatmapView::updated);
        AttentionConfig config = smallConfig();
        config.n = 256;
        config.d = 64;
        config.heads = 4;
        config.alpha = 2;
        config.distribution = attnscope::InputDistribution::normal;
        view.setProblem(config, nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 10000);
        QTest::qWait(100);  // the height fit runs after the first repaint
        const QImage image = view.grab().toImage();
        const QString path = QDir(QStringLiteral(ATTNSCOPE_TEST_OUTPUT_DIR)).filePath("heatmaps.png");
        QVERIFY(image.save(path));
        QImage read_back(path);
        QCOMPARE(read_back.size(), image.size());
        QVERIFY2(distinctColours(read_back) > 200, qPrintable(QString::number(distinctColours(read_back))));

        view.logScaleToggle()->click();
        const QImage log_image = view.grab().toImage();
        QVERIFY(log_image.save(QDir(QStringLiteral(ATTNSCOPE_TEST_OUTPUT_DIR)).filePath("heatmaps_log.png")));
        QVERIFY(distinctColours(log_image) > distinctColours(read_back));  // log spreads the small weights
    }

    // "All heads": every head of the batch element in a grid on one scale; clicking a head opens it large.
    void allHeadsGridShowsEveryHeadAndOpensOne() {
        HeatmapView view;
        view.resize(930, 640);
        view.show();
        QSignalSpy updated(&view, &HeatmapView::updated);
        AttentionConfig config = smallConfig();
        config.heads = 4;
        config.alpha = 1;
        view.setProblem(config, nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 10000);
        view.batchSelector()->setValue(1);
        view.allHeadsToggle()->click();
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 2, 10000);
        QVERIFY(!view.headSelector()->isEnabled());
        attnscope::HeadGridView* grid = view.headGrid();
        QVERIFY(grid->isVisible());
        QVERIFY(grid->grid());
        QCOMPARE(grid->grid()->heads.size(), std::size_t{4});
        QCOMPARE(grid->grid()->batch, std::int64_t{1});
        QCOMPARE(grid->grid()->heads[0].values().rows(), 64);  // n = 64 fits: full resolution
        // Maps are square, side by side, and do not overlap.
        for (int head = 0; head < 4; ++head) {
            const QRect rect = grid->mapRect(head);
            QVERIFY(rect.width() > 50);
            QCOMPARE(rect.width(), rect.height());
            QVERIFY(grid->rect().contains(rect));
            if (head > 0) QVERIFY(!rect.intersects(grid->mapRect(head - 1)));
            QCOMPARE(grid->headAt(rect.center()), head);
        }
        const QString hover = grid->describe(grid->mapRect(2).topLeft() + QPoint(1, 1));
        QVERIFY2(hover.contains(QStringLiteral("head 2")) && hover.contains(QStringLiteral("queries 0")),
                 qPrintable(hover));
        const QImage image = grid->grab().toImage();
        QVERIFY(image.save(QDir(QStringLiteral(ATTNSCOPE_TEST_OUTPUT_DIR)).filePath("heatmaps_grid.png")));
        QVERIFY2(distinctColours(image) > 50, qPrintable(QString::number(distinctColours(image))));

        QTest::mouseClick(grid, Qt::LeftButton, {}, grid->mapRect(3).center());
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 3, 10000);
        QCOMPARE(view.headSelector()->value(), 3);
        QVERIFY(!view.allHeadsToggle()->isChecked());
        QVERIFY(view.headSelector()->isEnabled());
        QVERIFY2(view.errorText().contains(QStringLiteral("batch 1, head 3")), qPrintable(view.errorText()));
        QVERIFY(!grid->isVisible());
    }

    // A measurement, not an assertion (tests never assert on wall-clock time); n = 16384 takes seconds,
    // so it runs only on request: ATTNSCOPE_MEASURE_LATENCY=1 ./heatmap_tests reportsLatencies
    void reportsLatencies() {
        if (qEnvironmentVariableIsEmpty("ATTNSCOPE_MEASURE_LATENCY"))
            QSKIP("set ATTNSCOPE_MEASURE_LATENCY=1");
        HeatmapView view;
        view.resize(930, 640);
        view.show();
        QSignalSpy updated(&view, &HeatmapView::updated);
        AttentionConfig config;
        config.batch = 4;
        config.d = 64;
        config.heads = 1;
        config.beta = 4;
        // The first update after start-up, then n dragged back and forth (new sizes each time), then 1024
        // twice: the second run reuses QCustomPlot's cell buffers, as dragging any slider but n does.
        for (std::int64_t n : {512, 1000, 1024, 1000, 1024, 1024, 16384}) {
            config.n = n;
            ++config.seed;
            updated.clear();
            view.setProblem(config, nullptr);
            QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 120000);
            qInfo("n = %lld: %.0f ms from the end of the debounce to the repaint", static_cast<long long>(n),
                  updated.first().first().toDouble());
        }
    }
};

QTEST_MAIN(HeatmapViewTest)
#include "heatmap_view_test.moc"
