// The GUI consumers of the field table (config_fields.h), checked by walking the table: the parameter panel
// has a row per field with the table's label, tooltip, range, default and enabled state; the settings keys
// are "parameters/<key>"; the results table has a column per shown field.
#include <QApplication>
#include <QButtonGroup>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <cmath>
#include <set>

#include "attnscope/config/config_fields.h"
#include "attnscope/ui/main_window.h"
#include "attnscope/ui/parameter_panel.h"
#include "attnscope/ui/results_model.h"

using namespace attnscope;

namespace {

QString qt(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

int toInt(std::int64_t value) {
    return static_cast<int>(
        std::clamp<std::int64_t>(value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

template <typename T>
T* child(const QObject* parent, const QString& name) {
    T* found = parent->findChild<T*>(name);
    if (!found) qFatal("no child named %s", qPrintable(name));
    return found;
}

// The label of the row whose editor is `buddy`.
QLabel* labelFor(const QWidget* panel, const QWidget* buddy) {
    for (QLabel* label : panel->findChildren<QLabel*>()) {
        if (label->buddy() == buddy) return label;
    }
    return nullptr;
}

// The widget that edits `field` in the panel; its enabled state follows the methods that use the field.
QWidget* editor(const QWidget* panel, const ConfigField& field) {
    switch (field.type()) {
        case FieldType::integer:
            return child<QSpinBox>(panel, qt(field.key) + QStringLiteral("SpinBox"));
        case FieldType::unsigned_integer:
            return child<QLineEdit>(panel, qt(field.key) + QStringLiteral("Edit"));
        case FieldType::choice:
            return child<QRadioButton>(panel, qt(field.choices.front().name) + QStringLiteral("Radio"));
    }
    return nullptr;
}

// Every field off its default, valid for every method.
AttentionConfig changedConfig() {
    AttentionConfig c;
    c.batch = 2;
    c.n = 96;
    c.d = 32;
    c.heads = 2;
    c.alpha = 4;
    c.beta = 8;
    c.features = 12;
    c.seed = 18446744073709551557ull;
    c.distribution = InputDistribution::normal;
    c.threads = 1;
    return c;
}

}  // namespace

class ConfigFieldsTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void panelHasARowPerField();
    void rowsAreEnabledForTheMethodsThatUseThem();
    void settingsUseParametersSlashKey();
    void oldSettingsStillLoad();
    void resultsHaveAColumnPerShownField();
};

void ConfigFieldsTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
}

void ConfigFieldsTest::init() {
    QSettings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope")).clear();
}

void ConfigFieldsTest::panelHasARowPerField() {
    ParameterPanel panel;
    QCOMPARE(panel.config(), defaultConfig());
    QCOMPARE(panel.selectedMethods(), defaultMethods());
    for (const ConfigField& field : configFields()) {
        const QByteArray key(field.key.data(), static_cast<qsizetype>(field.key.size()));
        QWidget* edit = editor(&panel, field);
        QCOMPARE(edit->toolTip(), field.choices.empty() ? qt(field.help) : qt(field.choices.front().help));
        switch (field.type()) {
            case FieldType::integer: {
                auto* spin = static_cast<QSpinBox*>(edit);
                QCOMPARE(spin->minimum(), toInt(field.minimum));
                QCOMPARE(spin->maximum(), toInt(field.maximum));
                QCOMPARE(spin->value(), toInt(field.default_value));
                QCOMPARE(labelFor(&panel, spin)->text(), qt(field.label));
                QCOMPARE(labelFor(&panel, spin)->toolTip(), qt(field.help));
                auto* slider = child<QSlider>(&panel, qt(field.key) + QStringLiteral("Slider"));
                QCOMPARE(slider->toolTip(), qt(field.help));
                const int top = toInt(std::min(field.typical_maximum, field.maximum));
                QCOMPARE(slider->maximum(),
                         field.powers_of_two ? static_cast<int>(std::lround(std::log2(top))) : top);
                if (!field.zero_means.empty())
                    QVERIFY2(spin->specialValueText().startsWith(qt(field.zero_means)), key);
                break;
            }
            case FieldType::unsigned_integer:
                QCOMPARE(static_cast<QLineEdit*>(edit)->text(), QString::fromStdString(field.defaultText()));
                QCOMPARE(labelFor(&panel, edit)->text(), qt(field.label));
                break;
            case FieldType::choice:
                for (std::size_t i = 0; i < field.choices.size(); ++i) {
                    auto* radio =
                        child<QRadioButton>(&panel, qt(field.choices[i].name) + QStringLiteral("Radio"));
                    QCOMPARE(radio->toolTip(), qt(field.choices[i].help));
                    QCOMPARE(radio->isChecked(), static_cast<std::int64_t>(i) == field.default_value);
                }
                break;
        }
    }
    // The drift that started this: the panel said [-1, 1) while core draws [0, 1).
    QVERIFY(child<QRadioButton>(&panel, QStringLiteral("uniformRadio"))
                ->toolTip()
                .contains(QStringLiteral("[0, 1)")));

    // The panel reads and writes every field.
    panel.setConfig(changedConfig());
    QCOMPARE(panel.config(), changedConfig());
}

void ConfigFieldsTest::rowsAreEnabledForTheMethodsThatUseThem() {
    ParameterPanel panel;
    for (Method method : kAllMethods) {
        panel.setSelectedMethods({method});
        for (const ConfigField& field : configFields()) {
            QVERIFY2(editor(&panel, field)->isEnabled() == field.appliesTo(method),
                     qPrintable(qt(field.key) + QStringLiteral(" with ") + qt(methodName(method))));
        }
    }
    // A field used by any selected method stays editable.
    panel.setSelectedMethods({Method::softmax, Method::xformer});
    QVERIFY(editor(&panel, *findConfigField("alpha"))->isEnabled());
    QVERIFY(!editor(&panel, *findConfigField("features"))->isEnabled());
}

void ConfigFieldsTest::settingsUseParametersSlashKey() {
    {
        MainWindow window;
        window.parameterPanel()->setConfig(changedConfig());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.close();  // closing is what saves in the app
    }
    const QSettings settings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope"));
    for (const ConfigField& field : configFields()) {
        const QString key = QStringLiteral("parameters/") + qt(field.key);
        QVERIFY2(settings.contains(key), qPrintable(key));
        QCOMPARE(settings.value(key).toString(), QString::fromStdString(field.text(changedConfig())));
    }
    MainWindow restored;
    QCOMPARE(restored.parameterPanel()->config(), changedConfig());
}

// Settings as the version before the field table wrote them: numbers as numbers, the seed as text.
void ConfigFieldsTest::oldSettingsStillLoad() {
    {
        QSettings settings(QStringLiteral("AttnScope"), QStringLiteral("AttnScope"));
        settings.setValue(QStringLiteral("parameters/batch"), qlonglong{2});
        settings.setValue(QStringLiteral("parameters/n"), qlonglong{96});
        settings.setValue(QStringLiteral("parameters/d"), qlonglong{32});
        settings.setValue(QStringLiteral("parameters/heads"), qlonglong{2});
        settings.setValue(QStringLiteral("parameters/alpha"), qlonglong{4});
        settings.setValue(QStringLiteral("parameters/beta"), qlonglong{8});
        settings.setValue(QStringLiteral("parameters/features"), qlonglong{12});
        settings.setValue(QStringLiteral("parameters/threads"), 1);
        settings.setValue(QStringLiteral("parameters/seed"), QStringLiteral("18446744073709551557"));
        settings.setValue(QStringLiteral("parameters/distribution"), QStringLiteral("normal"));
        settings.setValue(QStringLiteral("parameters/methods"), QStringList{QStringLiteral("performer")});
    }
    MainWindow window;
    QCOMPARE(window.parameterPanel()->config(), changedConfig());
    QCOMPARE(window.parameterPanel()->selectedMethods(), std::vector<Method>{Method::performer});
}

void ConfigFieldsTest::resultsHaveAColumnPerShownField() {
    ResultsModel model;
    std::set<const ConfigField*> shown;
    for (int column = 0; column < model.columnCount(); ++column) {
        const ConfigField* field = ResultsModel::configField(column);
        if (!field) continue;
        shown.insert(field);
        QCOMPARE(model.headerData(column, Qt::Horizontal).toString(), qt(field->label));
        QCOMPARE(model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString(), qt(field->help));
    }
    for (const ConfigField& field : configFields()) {
        QCOMPARE(shown.count(&field) == 1, field.category != FieldCategory::inputs);
    }
    // The enum names other code uses still point at their fields.
    QCOMPARE(qt(ResultsModel::configField(ResultsModel::BatchColumn)->key), QStringLiteral("batch"));
    QCOMPARE(qt(ResultsModel::configField(ResultsModel::NColumn)->key), QStringLiteral("n"));
    QCOMPARE(qt(ResultsModel::configField(ResultsModel::DColumn)->key), QStringLiteral("d"));
    QCOMPARE(qt(ResultsModel::configField(ResultsModel::HeadsColumn)->key), QStringLiteral("heads"));
    QCOMPARE(qt(ResultsModel::configField(ResultsModel::AlphaColumn)->key), QStringLiteral("alpha"));
    QCOMPARE(qt(ResultsModel::configField(ResultsModel::BetaColumn)->key), QStringLiteral("beta"));
    QCOMPARE(qt(ResultsModel::configField(ResultsModel::FeaturesColumn)->key), QStringLiteral("features"));
    QCOMPARE(qt(ResultsModel::configField(ResultsModel::ThreadsColumn)->key), QStringLiteral("threads"));
    QVERIFY(!ResultsModel::configField(ResultsModel::MethodColumn));
    QVERIFY(!ResultsModel::configField(ResultsModel::MedianColumn));
}

QTEST_MAIN(ConfigFieldsTest)
#include "config_fields_test.moc"
