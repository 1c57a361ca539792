// The app as a desktop citizen: themes restyle the window and the plots and persist, exports stay dark
// on white, Help → Getting started explains the costs, and every control explains itself.
#include <qcustomplot.h>
#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>
#include <memory>

#include "attnscope/ui/export_dialog.h"
#include "attnscope/ui/getting_started_dialog.h"
#include "attnscope/ui/heatmap_view.h"
#include "attnscope/ui/main_window.h"
#include "attnscope/ui/parameter_panel.h"
#include "attnscope/ui/plot_export.h"
#include "attnscope/ui/theme.h"

using attnscope::MainWindow;
using attnscope::Theme;

namespace {

QSettings settings() {
    return QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope"));
}

bool isDark(const QColor& color) {
    return color.lightness() < 100;
}

bool isLight(const QColor& color) {
    return color.lightness() > 160;
}

// The ink of everything a plot writes that is not data.
struct PlotInks {
    QColor background, axisLabel, tickLabel;
};

// QCustomPlot has no getter for its background brush: read it off a small rendering's corner.
QColor backgroundOf(QCustomPlot* plot) {
    return QColor(plot->toPixmap(60, 60).toImage().pixel(1, 1));
}

PlotInks inksOf(const MainWindow& window) {
    QCustomPlot* plot = window.plotFor(attnscope::ExportItem::timingPlot);
    return {backgroundOf(plot), plot->xAxis->labelColor(), plot->yAxis->tickLabelColor()};
}

}  // namespace

class DesktopTests : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void darkThemeRestylesWindowAndPlots();
    void lightThemeGivesDarkTextBack();
    void themePersistsAcrossWindows();
    void darkThemeExportsAreDarkOnWhite();
    void gettingStartedExplainsTheCosts();
    void everyMenuActionExplainsItself();
    void everyPanelControlHasATooltip();
    void exportDialogControlsHaveTooltips();

private:
    std::unique_ptr<MainWindow> window_;
};

void DesktopTests::init() {
    // Keeps the user's real ~/.config/AttnScope untouched.
    QStandardPaths::setTestModeEnabled(true);
    QSettings stored = settings();
    stored.clear();
    // No measurement starts: these tests are about the look, not the numbers.
    stored.setValue(QStringLiteral("run/live"), false);
    stored.sync();
    window_ = std::make_unique<MainWindow>();
    window_->resize(1100, 750);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void DesktopTests::cleanup() {
    window_.reset();
    attnscope::applyTheme(Theme::system);
}

void DesktopTests::darkThemeRestylesWindowAndPlots() {
    QVERIFY(window_->themeAction(Theme::system)->isChecked());
    window_->themeAction(Theme::dark)->trigger();
    QVERIFY(window_->themeAction(Theme::dark)->isChecked());
    QCOMPARE(attnscope::currentTheme(), Theme::dark);
    // Qt delivers the palette change to the widgets through the event loop.
    QTRY_VERIFY(isDark(window_->palette().color(QPalette::Window)));
    QVERIFY(isLight(window_->palette().color(QPalette::WindowText)));

    const PlotInks timing = inksOf(*window_);
    QVERIFY2(isDark(timing.background), qPrintable(timing.background.name()));
    QVERIFY2(isLight(timing.axisLabel), qPrintable(timing.axisLabel.name()));
    QVERIFY2(isLight(timing.tickLabel), qPrintable(timing.tickLabel.name()));
    QCustomPlot* lower = window_->plotFor(attnscope::ExportItem::lowerPlot);
    QVERIFY(isLight(lower->yAxis->labelColor()));

    attnscope::HeatmapView* heatmaps = window_->heatmapView();
    QVERIFY(isDark(backgroundOf(heatmaps->plot())));
    QVERIFY(isLight(heatmaps->attentionScale()->axis()->labelColor()));
    QVERIFY(isLight(heatmaps->differenceScale()->axis()->tickLabelColor()));
    QVERIFY(isLight(heatmaps->colorMap(attnscope::HeatmapKind::softmax)->keyAxis()->labelColor()));
    // Titles too: no black text left on the dark background.
    for (QCPLayoutElement* element : heatmaps->plot()->plotLayout()->elements(true)) {
        if (auto* text = qobject_cast<QCPTextElement*>(element)) QVERIFY(isLight(text->textColor()));
    }
}

void DesktopTests::lightThemeGivesDarkTextBack() {
    window_->themeAction(Theme::dark)->trigger();
    QTRY_VERIFY(isLight(inksOf(*window_).axisLabel));
    window_->themeAction(Theme::light)->trigger();
    QTRY_VERIFY(isLight(window_->palette().color(QPalette::Window)));
    const PlotInks timing = inksOf(*window_);
    QVERIFY(isLight(timing.background));
    QVERIFY(isDark(timing.axisLabel));
    QVERIFY(isDark(window_->heatmapView()->attentionScale()->axis()->labelColor()));
}

void DesktopTests::themePersistsAcrossWindows() {
    window_->themeAction(Theme::dark)->trigger();
    QCOMPARE(settings().value(attnscope::themeSettingsKey()).toString(), QStringLiteral("dark"));
    window_.reset();
    attnscope::applyTheme(Theme::system);  // as a fresh start would be

    window_ = std::make_unique<MainWindow>();
    QVERIFY(window_->themeAction(Theme::dark)->isChecked());
    QTRY_VERIFY(isDark(window_->palette().color(QPalette::Window)));
    QVERIFY(isLight(inksOf(*window_).axisLabel));

    // A one-off theme (--theme) does not replace the stored choice.
    window_->setTheme(Theme::light, false);
    QCOMPARE(settings().value(attnscope::themeSettingsKey()).toString(), QStringLiteral("dark"));
}

void DesktopTests::darkThemeExportsAreDarkOnWhite() {
    window_->themeAction(Theme::dark)->trigger();
    QCustomPlot* plot = window_->plotFor(attnscope::ExportItem::timingPlot);
    QTRY_VERIFY(isLight(plot->xAxis->labelColor()));
    const QImage image =
        QImage::fromData(attnscope::renderPlot(*plot, attnscope::PlotFormat::png, 1.0), "PNG");
    QVERIFY(!image.isNull());
    QCOMPARE(QColor(image.pixel(1, 1)), QColor(Qt::white));
    // Axis text and ticks are drawn dark: many near-black pixels, and the page is mostly white.
    int dark = 0, white = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel(image.pixel(x, y));
            if (pixel.lightness() < 80) ++dark;
            if (pixel == QColor(Qt::white)) ++white;
        }
    }
    QVERIFY2(dark > 300, qPrintable(QString::number(dark)));
    QVERIFY(white > image.width() * image.height() / 2);
    // The export leaves the screen as it was.
    QVERIFY(isLight(plot->xAxis->labelColor()));
    QVERIFY(isDark(backgroundOf(plot)));
}

void DesktopTests::gettingStartedExplainsTheCosts() {
    window_->gettingStartedAction()->trigger();
    auto* dialog = window_->findChild<attnscope::GettingStartedDialog*>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    const QString text = dialog->browser()->toPlainText();
    for (const char* needle : {"4bn²d", "4bnd²", "α", "β", "FAVOR+", "notebook", "xformer-table", "Live"}) {
        QVERIFY2(text.contains(QString::fromUtf8(needle)), needle);
    }
    // A second trigger shows the same dialog instead of stacking copies.
    window_->gettingStartedAction()->trigger();
    QCOMPARE(window_->findChildren<attnscope::GettingStartedDialog*>().size(), 1);
}

void DesktopTests::everyMenuActionExplainsItself() {
    int checked = 0;
    for (QMenu* menu : window_->menuBar()->findChildren<QMenu*>()) {
        for (QAction* action : menu->actions()) {
            if (action->isSeparator() || action->menu()) continue;
            // QAction::toolTip() falls back to the text, so the status tip is what proves an explanation.
            QVERIFY2(!action->statusTip().isEmpty(), qPrintable(action->text()));
            QVERIFY2(action->toolTip() != QString(action->text()).remove(QLatin1Char('&')),
                     qPrintable(action->text()));
            ++checked;
        }
    }
    QVERIFY(checked > 15);
    QVERIFY(window_->findChild<QMenu*>(QStringLiteral("themeMenu")));
}

void DesktopTests::everyPanelControlHasATooltip() {
    auto controls = [](QWidget* root) {
        QList<QWidget*> found;
        for (QWidget* widget : root->findChildren<QWidget*>()) {
            // A scroll area's bars explain themselves.
            if (qobject_cast<QScrollBar*>(widget)) continue;
            if (qobject_cast<QAbstractButton*>(widget) || qobject_cast<QAbstractSlider*>(widget) ||
                qobject_cast<QAbstractSpinBox*>(widget) || qobject_cast<QComboBox*>(widget) ||
                (qobject_cast<QLineEdit*>(widget) && !qobject_cast<QAbstractSpinBox*>(widget->parent()) &&
                 !qobject_cast<QComboBox*>(widget->parent()))) {
                found << widget;
            }
        }
        return found;
    };
    QList<QWidget*> widgets = controls(window_->parameterPanel());
    QVERIFY(widgets.size() > 15);
    widgets << controls(window_->heatmapView());
    widgets << window_->findChild<QWidget*>(QStringLiteral("presetCombo"))
            << window_->findChild<QWidget*>(QStringLiteral("lowerViewCombo"));
    for (QWidget* widget : widgets) {
        QVERIFY(widget);
        const QString name = widget->objectName().isEmpty()
                                 ? QString::fromLatin1(widget->metaObject()->className())
                                 : widget->objectName();
        QVERIFY2(!widget->toolTip().isEmpty(), qPrintable(name));
    }
}

void DesktopTests::exportDialogControlsHaveTooltips() {
    attnscope::ExportDialog dialog(window_.get());
    for (QComboBox* combo : dialog.findChildren<QComboBox*>()) {
        QVERIFY2(!combo->toolTip().isEmpty(), qPrintable(combo->objectName()));
    }
}

QTEST_MAIN(DesktopTests)
#include "desktop_tests.moc"
