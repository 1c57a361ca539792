// The Timing, Results, FAVOR+ error and Compare pages fed by the session.
#include <qcustomplot.h>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QRadioButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include "attnscope/analysis/cost_model.h"
#include "attnscope/io/npy.h"
#include "attnscope/io/results_io.h"
#include "attnscope/measuring/system_info.h"
#include "attnscope/ui/compare_colors.h"
#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/main_window.h"
#include "attnscope/ui/parameter_panel.h"
#include "attnscope/ui/preset_library.h"
#include "attnscope/ui/results_model.h"
#include "attnscope/ui/sweep_controller.h"
#include "attnscope/ui/sweep_plan.h"

#include "window_test_helpers.h"

using namespace attnscope::test;
using attnscope::AttentionConfig;
using attnscope::BenchmarkPoint;
using attnscope::BenchmarkResult;
using attnscope::MainWindow;
using attnscope::Method;
using attnscope::ParameterPanel;
using attnscope::ResultsModel;
using attnscope::RunnerOptions;
using attnscope::SweepController;
using attnscope::SweepPlan;

class PagesTests : public QObject {
    Q_OBJECT

private slots:
    void compareColoursReadWithoutRedGreenOrColour();
    void initTestCase();
    void init();

    void timingPlotShowsModelPrediction();
    void resultsModelPassesTester();
    void runFillsResultsAndPlot();
    void favorPresetDrawsTheErrorCurve();
    void comparisonOverlaysAndPairsASavedRun();
};

void PagesTests::initTestCase() {
    // Keeps the user's real ~/.config/AttnScope untouched.
    QStandardPaths::setTestModeEnabled(true);
}

void PagesTests::init() {
    QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope")).clear();
}

void PagesTests::timingPlotShowsModelPrediction() {
    MainWindow window;
    window.liveAction()->setChecked(false);
    ParameterPanel* panel = window.parameterPanel();
    auto* plot = child<QCustomPlot>(&window, QStringLiteral("timingPlot"));
    QCOMPARE(graphsWithData(plot, QStringLiteral("model:")), 3);
    QCOMPARE(graphsWithData(plot, QStringLiteral("measured:")), 0);
    QCOMPARE(plot->xAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(plot->xAxis->label(), QStringLiteral("sequence length n (tokens)"));
    QCOMPARE(plot->yAxis->label(), QStringLiteral("time per forward pass (ms)"));
    QVERIFY(plot->interactions().testFlag(QCP::iRangeDrag));
    QVERIFY(plot->interactions().testFlag(QCP::iRangeZoom));

    // Unmeasured, the model assumes 100 GFLOP/s over the sweep 16 ... n.
    QCPGraph* softmax = nullptr;
    for (int i = 0; i < plot->graphCount(); ++i) {
        if (plot->graph(i)->objectName().startsWith(QStringLiteral("model:softmax")))
            softmax = plot->graph(i);
    }
    QVERIFY(softmax);
    QCOMPARE(softmax->pen().style(), Qt::DashLine);
    QCOMPARE(softmax->data()->at(0)->key, 16.0);
    const auto last = softmax->data()->at(softmax->data()->size() - 1);
    QCOMPARE(last->key, 512.0);
    QCOMPARE(last->value, attnscope::estimateCost(Method::softmax, panel->config()).flops / 100e9 * 1e3);

    methodCheck(panel, "xformer")->click();
    QCOMPARE(graphsWithData(plot, QStringLiteral("model:")), 4);
    panel->setSelectedMethods({});
    QCOMPARE(graphsWithData(plot, QStringLiteral("model:")), 0);
}

void PagesTests::resultsModelPassesTester() {
    ResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addResult(fakeResult(Method::softmax, 1000, 2.0));
    model.addResult(fakeResult(Method::linear, 200, 0.5));
    BenchmarkResult failed;
    failed.point = BenchmarkPoint(Method::xformer, tinyConfig(16));
    failed.error = "beta = 2 must be <= n";
    model.addResult(failed);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), static_cast<int>(ResultsModel::ColumnCount));
    // A noisy point (IQR/median 100%, above torch.utils.benchmark's 10%) gets an amber spread; quiet ones
    // none.
    BenchmarkResult noisy;
    noisy.point = BenchmarkPoint(Method::quadratic, tinyConfig(32));
    noisy.stats = attnscope::summarize({1e-3, 1e-3, 2e-3, 3e-3, 3e-3});
    model.addResult(noisy);
    BenchmarkResult quiet = noisy;
    quiet.point = BenchmarkPoint(Method::quadratic, tinyConfig(64));
    quiet.stats = attnscope::summarize({2e-3, 2e-3, 2e-3});
    model.addResult(quiet);
    QVERIFY(model.index(3, ResultsModel::SpreadColumn).data(Qt::ForegroundRole).isValid());
    QVERIFY(!model.index(4, ResultsModel::SpreadColumn).data(Qt::ForegroundRole).isValid());
    model.clear();
    model.addResult(fakeResult(Method::softmax, 1000, 2.0));
    model.addResult(fakeResult(Method::linear, 200, 0.5));
    model.addResult(failed);

    // A re-measured point replaces its row.
    model.addResult(fakeResult(Method::linear, 200, 0.25));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1, ResultsModel::MedianColumn).data().toString(), QStringLiteral("0.2500"));
    // Sub-microsecond medians keep their digits instead of reading "0.000".
    model.addResult(fakeResult(Method::linear, 200, 0.000427));
    QCOMPARE(model.index(1, ResultsModel::MedianColumn).data().toString(), QStringLiteral("0.0004270"));
    QCOMPARE(model.index(0, ResultsModel::MethodColumn).data().toString(), QStringLiteral("softmax"));
    QCOMPARE(model.index(0, ResultsModel::AlphaColumn).data().toString(), QString());  // softmax has no alpha
    QCOMPARE(model.index(2, ResultsModel::AlphaColumn).data().toString(), QStringLiteral("1"));
    QCOMPARE(model.index(2, ResultsModel::ErrorColumn).data().toString(),
             QStringLiteral("beta = 2 must be <= n"));
    QCOMPARE(model.index(2, ResultsModel::MedianColumn).data().toString(), QString());
    // Counter columns: empty without counts, the per-call counts and busy cores with them; context switches
    // stay empty where the kernel hid them.
    QCOMPARE(model.index(0, ResultsModel::FaultsColumn).data().toString(), QString());
    BenchmarkResult counted = fakeResult(Method::softmax, 1000, 2.0);
    attnscope::CounterStats counts;
    counts.calls = 10;
    counts.wall_seconds = 0.002;
    counts.task_clock_seconds = 0.0039;
    counts.page_faults = 12.5;
    counts.context_switches = 3.25;
    counted.counters = counts;
    model.addResult(counted);
    QCOMPARE(model.index(0, ResultsModel::FaultsColumn).data().toString(), QStringLiteral("12.5"));
    QCOMPARE(model.index(0, ResultsModel::SwitchesColumn).data().toString(), QStringLiteral("3.25"));
    QCOMPARE(model.index(0, ResultsModel::BusyCoresColumn).data().toString(), QStringLiteral("1.95"));
    counts.context_switches.reset();
    counted.counters = counts;
    model.addResult(counted);
    QCOMPARE(model.index(0, ResultsModel::SwitchesColumn).data().toString(), QString());
    QVERIFY(model.headerData(ResultsModel::MedianColumn, Qt::Horizontal)
                .toString()
                .contains(QStringLiteral("ms")));
    const double gflops = model.index(0, ResultsModel::GflopsColumn).data(ResultsModel::kSortRole).toDouble();
    QVERIFY(gflops > 0);

    // Numbers sort as numbers: n 200 before 1000, not after.
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(ResultsModel::kSortRole);
    proxy.sort(ResultsModel::NColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, ResultsModel::NColumn).data().toString(), QStringLiteral("16"));
    QCOMPARE(proxy.index(1, ResultsModel::NColumn).data().toString(), QStringLiteral("200"));
    QCOMPARE(proxy.index(2, ResultsModel::NColumn).data().toString(), QStringLiteral("1000"));

    model.setResults({fakeResult(Method::quadratic, 32, 1.0)});
    QCOMPARE(model.rowCount(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void PagesTests::runFillsResultsAndPlot() {
    MainWindow window;
    makeTiny(window, false, 64);
    ResultsModel* model = window.resultsModel();
    QCOMPARE(model->rowCount(), 0);

    // Change a spin box like a user, then press F5.
    spin(window.parameterPanel(), "n")->setValue(128);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_F5);
    QVERIFY(window.sweepController()->isRunning());
    QVERIFY(window.stopAction()->isEnabled());
    const int points = 3 * 4;  // 3 methods x n = 16, 32, 64, 128
    QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 30000);
    QCOMPARE(model->rowCount(), points);
    QVERIFY(!window.stopAction()->isEnabled());
    for (const BenchmarkResult& r : model->results()) QVERIFY2(r.ok(), r.error.c_str());

    auto* plot = child<QCustomPlot>(&window, QStringLiteral("timingPlot"));
    QCOMPARE(graphsWithData(plot, QStringLiteral("measured:")), 3);
    QCOMPARE(graphsWithData(plot, QStringLiteral("q3:")), 3);
    auto* lower = child<QCustomPlot>(&window, QStringLiteral("lowerPlot"));
    QVERIFY2(lower->yAxis->label().contains(QStringLiteral("softmax")), qPrintable(lower->yAxis->label()));
    QCOMPARE(graphsWithData(lower, QStringLiteral("speedup:")), 2);  // quadratic and linear over softmax
    child<QComboBox>(&window, QStringLiteral("lowerViewCombo"))->setCurrentIndex(1);
    QCOMPARE(lower->yAxis->label(), QStringLiteral("throughput (GFLOP/s)"));
    QCOMPARE(graphsWithData(lower, QStringLiteral("gflops:")), 3);
    child<QComboBox>(&window, QStringLiteral("lowerViewCombo"))->setCurrentIndex(2);
    QVERIFY2(lower->yAxis->label().startsWith(QStringLiteral("memory (MiB)")),
             qPrintable(lower->yAxis->label()));
    QCOMPARE(graphsWithData(lower, QStringLiteral("memoryModel:")), 3);

    // The Breakdown tab: one stacked bar per point, the stages of each adding up to at most 100%.
    auto* stagePlot = child<QCustomPlot>(&window, QStringLiteral("stagePlot"));
    QVERIFY(stagePlot->plottableCount() >= 3);  // scores, weighted sum, ... and "other"
    std::vector<double> stacked(points, 0.0);
    for (int i = 0; i < stagePlot->plottableCount(); ++i) {
        auto* bars = qobject_cast<QCPBars*>(stagePlot->plottable(i));
        QVERIFY(bars);
        QCOMPARE(bars->data()->size(), points);
        for (int p = 0; p < points; ++p) stacked[static_cast<std::size_t>(p)] += bars->data()->at(p)->value;
    }
    for (double total : stacked) QVERIFY2(total > 99.0 && total < 100.5, qPrintable(QString::number(total)));
    auto* stageChart = child<QWidget>(&window, QStringLiteral("stageChart"));
    window.findChild<QTabWidget*>()->setCurrentWidget(stageChart);
    stagePlot->replot();
    const QPoint barMiddle(qRound(stagePlot->xAxis->coordToPixel(points - 1)),
                           qRound(stagePlot->yAxis->coordToPixel(10)));
    QString stageTip;
    QVERIFY(QMetaObject::invokeMethod(stageChart, "toolTipAt", Q_RETURN_ARG(QString, stageTip),
                                      Q_ARG(QPoint, barMiddle)));
    QVERIFY2(stageTip.contains(QStringLiteral("ms per call")), qPrintable(stageTip));

    // Hovering a measured point names it.
    QCPGraph* measured = nullptr;
    for (int i = 0; i < plot->graphCount(); ++i) {
        if (plot->graph(i)->objectName().startsWith(QStringLiteral("measured:linear")))
            measured = plot->graph(i);
    }
    QVERIFY(measured);
    auto* chart = child<QWidget>(&window, QStringLiteral("timingChart"));
    const auto first = measured->data()->at(0);
    const QPoint pixel(qRound(plot->xAxis->coordToPixel(first->key)),
                       qRound(plot->yAxis->coordToPixel(first->value)));
    QString tip;
    QVERIFY(QMetaObject::invokeMethod(chart, "toolTipAt", Q_RETURN_ARG(QString, tip), Q_ARG(QPoint, pixel)));
    for (const char* part : {"linear", "n = 16", "median", "IQR", "GFLOP/s", "repetitions"}) {
        QVERIFY2(tip.contains(QLatin1String(part)), qPrintable(tip));
    }
    QVERIFY(QMetaObject::invokeMethod(chart, "toolTipAt", Q_RETURN_ARG(QString, tip),
                                      Q_ARG(QPoint, QPoint(2, 2))));
    QVERIFY(tip.isEmpty());

    const auto* last = child<QLabel>(&window, QStringLiteral("lastPointLabel"));
    QVERIFY2(last->text().contains(QStringLiteral("ms")), qPrintable(last->text()));
    const auto* badge = child<QLabel>(&window, QStringLiteral("varianceLabel"));
    QVERIFY2(badge->text().contains(QStringLiteral("IQR/median")), qPrintable(badge->text()));
    QCOMPARE(child<QProgressBar>(&window, QStringLiteral("progressBar"))->value(), points);

    // The Results tab: sortable, and without columns no measured method uses.
    auto* table = child<QTableView>(&window, QStringLiteral("resultsView"));
    QVERIFY(table->isSortingEnabled());
    QCOMPARE(table->model()->rowCount(), points);
    QVERIFY(table->isColumnHidden(ResultsModel::AlphaColumn));
    QVERIFY(table->isColumnHidden(ResultsModel::FeaturesColumn));
    QVERIFY(!table->isColumnHidden(ResultsModel::MedianColumn));
}

void PagesTests::favorPresetDrawsTheErrorCurve() {
    MainWindow window;
    makeTiny(window, false);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("favor.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "favor", "layout": "favor-error",
                  "defaults": {"batch": 1, "n": 64, "d": 16, "heads": 2, "threads": 1},
                  "runs": [{"methods": ["softmax"]}, {"methods": ["performer"], "features": [4, 8, 32]}]})");
    file.close();
    QCOMPARE(window.session()->runPreset(path), QString());
    QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 20000);
    auto* plot = child<QCustomPlot>(&window, QStringLiteral("favorErrorPlot"));
    QVERIFY(plot->graphCount() >= 4);  // output error, attention error, FAVOR+ time, softmax time
    QCOMPARE(plot->graph(0)->data()->size(), 3);
    QCOMPARE(plot->graph(1)->data()->size(), 3);
    QCOMPARE(plot->graph(3)->data()->size(), 2);  // softmax's time as a line across
    for (int i = 0; i < 3; ++i) QVERIFY(plot->graph(0)->data()->at(i)->value > 0);
}

void PagesTests::comparisonOverlaysAndPairsASavedRun() {
    MainWindow window;
    makeTiny(window, false);
    QTemporaryDir dir;
    QFile bad(dir.filePath(QStringLiteral("bad.json")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"not\": \"results\"}");
    bad.close();
    const QString error = window.session()->loadComparison(bad.fileName());
    QVERIFY2(error.contains(QStringLiteral("bad.json")) && error.contains(QStringLiteral("benchmarks")),
             qPrintable(error));

    // A saved run of the same points, written as attnscope bench --format json would.
    AttentionConfig config;
    config.batch = 1;
    config.d = 8;
    config.threads = 1;
    std::vector<BenchmarkPoint> points;
    for (std::int64_t n : {16, 32}) {
        config.n = n;
        points.push_back({Method::softmax, config});
    }
    const auto saved = attnscope::runSweep(points, tinyOptions());
    attnscope::RunContext pytorchContext;
    pytorchContext.engine = "pytorch";
    QFile file(dir.filePath(QStringLiteral("saved.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(attnscope::resultsToJson(saved, pytorchContext)));
    file.close();

    QTemporaryDir presetDir;
    const QString preset = presetDir.filePath(QStringLiteral("p.json"));
    QFile presetFile(preset);
    QVERIFY(presetFile.open(QIODevice::WriteOnly));
    presetFile.write(R"({"name": "p", "defaults": {"d": 8, "batch": 1, "threads": 1},
                       "runs": [{"methods": ["softmax"], "n": [16, 32, 64]}]})");
    presetFile.close();
    QCOMPARE(window.session()->runPreset(preset), QString());
    QTRY_VERIFY_WITH_TIMEOUT(!window.sweepController()->isRunning(), 20000);

    QCOMPARE(window.session()->loadComparison(file.fileName()), QString());
    auto* table = child<QTableWidget>(&window, QStringLiteral("compareTable"));
    QCOMPARE(table->rowCount(), 2);  // n = 64 has no partner in the file
    QCOMPARE(table->columnCount(), 5);
    QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("on screen ms"));
    QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("pytorch ms"));
    for (int row = 0; row < 2; ++row) {
        QVERIFY(table->item(row, 1)->text().toDouble() > 0);
        QVERIFY(table->item(row, 2)->text().toDouble() > 0);
        QVERIFY(table->item(row, 3)->text().endsWith(QStringLiteral("×")));
        QVERIFY(!table->item(row, 4)->text().isEmpty());
    }
    auto* plot = child<QCustomPlot>(&window, QStringLiteral("timingPlot"));
    QCOMPARE(graphsWithData(plot, QStringLiteral("overlay:")), 1);

    // A second and a third run: three columns each, their own dash pattern, one legend key each. The
    // second is ours, so it goes by its file's name; opening the first again replaces it.
    QFile ours(dir.filePath(QStringLiteral("ours.json")));
    QVERIFY(ours.open(QIODevice::WriteOnly));
    ours.write(QByteArray::fromStdString(attnscope::resultsToJson(saved, attnscope::RunContext{})));
    ours.close();
    QVERIFY(QFile::copy(file.fileName(), dir.filePath(QStringLiteral("torch2.json"))));
    QCOMPARE(window.session()->loadComparison(ours.fileName()), QString());
    QCOMPARE(window.session()->loadComparison(dir.filePath(QStringLiteral("torch2.json"))), QString());
    QCOMPARE(window.session()->loadComparison(file.fileName()), QString());
    QCOMPARE(window.session()->comparisons().size(), std::size_t{3});
    QCOMPARE(table->columnCount(), 2 + 3 * 3);
    QCOMPARE(table->horizontalHeaderItem(5)->text(), QStringLiteral("ours.json ms"));
    QCOMPARE(table->horizontalHeaderItem(8)->text(), QStringLiteral("torch2.json ms"));
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(graphsWithData(plot, QStringLiteral("overlay:")), 3);
    QSet<Qt::PenStyle> dashes;
    QStringList keys;
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph* graph = plot->graph(i);
        if (graph->objectName().startsWith(QStringLiteral("overlay:"))) dashes << graph->pen().style();
        for (const char* label : {"pytorch (", "ours.json (", "torch2.json ("}) {
            if (graph->name().startsWith(QLatin1String(label))) keys << graph->name();
        }
    }
    QCOMPARE(dashes.size(), 3);
    QVERIFY2(keys.size() == 3, qPrintable(keys.join(QStringLiteral(" | "))));
    QVERIFY2(keys.join(',').contains(QStringLiteral("pytorch (dotted")), qPrintable(keys.join(',')));

    // Removing one run (as its header's context menu does) keeps the others and their columns.
    window.session()->removeComparison(QFileInfo(ours.fileName()).absoluteFilePath());
    QCOMPARE(window.session()->comparisons().size(), std::size_t{2});
    QCOMPARE(table->columnCount(), 2 + 3 * 2);
    QCOMPARE(graphsWithData(plot, QStringLiteral("overlay:")), 2);

    window.session()->clearComparison();
    QCOMPARE(graphsWithData(plot, QStringLiteral("overlay:")), 0);
    QCOMPARE(table->rowCount(), 0);
}

namespace {

double relativeLuminance(const QColor& color) {
    auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) +
           0.0722 * channel(color.blueF());
}

double contrast(const QColor& a, const QColor& b) {
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace

// The Compare tab's cells: no green (red–green colour blindness), the faster dark and every slower light
// (greyscale), text readable on each (WCAG AA, 4.5:1), and ▲/▼ for the direction.
void PagesTests::compareColoursReadWithoutRedGreenOrColour() {
    const QColor faster = attnscope::compareCellColor(1.0);
    QVERIFY(relativeLuminance(faster) < 0.2);
    for (double ratio : {1.0, 1.05, 1.5, 3.0}) {
        const QColor cell = attnscope::compareCellColor(ratio);
        const int hue = cell.hslHue();
        QVERIFY2(hue < 60 || hue > 180, qPrintable(QStringLiteral("hue %1 at %2×").arg(hue).arg(ratio)));
        QVERIFY2(contrast(cell, attnscope::textColorOn(cell)) >= 4.5, qPrintable(QString::number(ratio)));
        if (ratio > 1.01) QVERIFY2(relativeLuminance(cell) > 0.35, qPrintable(QString::number(ratio)));
    }
    QCOMPARE(attnscope::markedSpeedup(1.5), QStringLiteral("▲ 1.50×"));
    QCOMPARE(attnscope::markedSpeedup(0.5), QStringLiteral("▼ 0.50×"));
    QCOMPARE(attnscope::markedSpeedup(1.0), QStringLiteral("1.00×"));
}

QTEST_MAIN(PagesTests)
#include "pages_tests.moc"
