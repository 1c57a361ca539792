#pragma once
// Helpers the window, panel, session and page test programs share: finding widgets, tiny problems that
// measure in milliseconds, fake results and .npy files.
#include <qcustomplot.h>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
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
#include "attnscope/ui/experiment_session.h"
#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/main_window.h"
#include "attnscope/ui/parameter_panel.h"
#include "attnscope/ui/preset_library.h"
#include "attnscope/ui/results_model.h"
#include "attnscope/ui/sweep_controller.h"
#include "attnscope/ui/sweep_plan.h"

#include "session_test_helpers.h"
#include "test_runner_options.h"

namespace attnscope::test {

template <typename T>
inline T* child(const QObject* parent, const QString& name) {
    T* found = parent->findChild<T*>(name);
    if (!found) qFatal("no child named %s", qPrintable(name));
    return found;
}

inline QSpinBox* spin(const QObject* parent, const char* key) {
    return child<QSpinBox>(parent, QLatin1String(key) + QStringLiteral("SpinBox"));
}

inline QSlider* slider(const QObject* parent, const char* key) {
    return child<QSlider>(parent, QLatin1String(key) + QStringLiteral("Slider"));
}

inline QCheckBox* methodCheck(const QObject* parent, const char* name) {
    return child<QCheckBox>(parent, QStringLiteral("methodCheck_") + QLatin1String(name));
}

inline void typeInto(QWidget* widget, const QString& text) {
    widget->setFocus();
    QTest::keyClick(widget, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(widget, text);
    QTest::keyClick(widget, Qt::Key_Return);
}

inline int distinctColors(const QImage& image) {
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) colors.insert(line[x]);
    }
    return static_cast<int>(colors.size());
}

inline QString outputPath(const QString& fileName) {
    return QDir(QStringLiteral(ATTNSCOPE_TEST_OUTPUT_DIR)).filePath(fileName);
}

inline AttentionConfig tinyConfig(std::int64_t n = 64) {
    AttentionConfig config = ParameterPanel::defaultConfig();
    config.batch = 1;
    config.n = n;
    config.d = 8;
    config.heads = 1;
    config.alpha = 1;
    config.beta = 2;
    config.threads = 1;
    return config;
}

// A window measuring tiny shapes with tiny options; live mode off unless asked.
inline void makeTiny(MainWindow& window, bool live, std::int64_t n = 64) {
    window.liveAction()->setChecked(live);
    window.session()->setRunnerOptions(tinyOptions(), tinyOptions());
    window.parameterPanel()->setSelectedMethods({Method::quadratic, Method::linear, Method::softmax});
    window.parameterPanel()->setConfig(tinyConfig(n));
}

inline BenchmarkResult fakeResult(Method method, std::int64_t n, double median_ms) {
    AttentionConfig config = tinyConfig(n);
    BenchmarkResult result;
    result.point = BenchmarkPoint(method, config);
    result.stats = attnscope::summarize({median_ms * 0.9e-3, median_ms * 1e-3, median_ms * 1.2e-3});
    result.cost = attnscope::estimateCost(method, config);
    return result;
}

inline int graphsWithData(const QCustomPlot* plot, const QString& prefix) {
    int count = 0;
    for (int i = 0; i < plot->graphCount(); ++i) {
        if (plot->graph(i)->objectName().startsWith(prefix) && !plot->graph(i)->data()->isEmpty()) ++count;
    }
    return count;
}

inline void writeNpy(const QString& path, const std::vector<std::int64_t>& shape,
                     const std::vector<float>& values) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const std::string bytes = attnscope::serializeNpy(shape, values.data());
    file.write(bytes.data(), static_cast<qint64>(bytes.size()));
}

}  // namespace attnscope::test
