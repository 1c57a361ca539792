#include "parameters/parameter_rows.h"

#include <QButtonGroup>
#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSlider>
#include <QSpinBox>
#include <QValidator>
#include <algorithm>
#include <cmath>
#include <limits>

#include "attnscope/config/config_fields.h"

namespace attnscope {

namespace {

int log2Position(int value) {
    return static_cast<int>(std::lround(std::log2(std::max(value, 1))));
}

int clampToInt(std::int64_t value) {
    return static_cast<int>(
        std::clamp<std::int64_t>(value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

// Accepts every uint64 and nothing else, so editingFinished always carries a value the core can use.
class UnsignedValidator : public QValidator {
public:
    UnsignedValidator(std::function<QString()> lastAccepted, QObject* parent)
        : QValidator(parent), lastAccepted_(std::move(lastAccepted)) {}

    State validate(QString& input, int& /*pos*/) const override {
        if (input.isEmpty()) return Intermediate;
        for (QChar c : input) {
            if (!c.isDigit()) return Invalid;
        }
        bool ok = false;
        input.toULongLong(&ok);
        return ok ? Acceptable : Invalid;
    }

    // An emptied field falls back to the value in use instead of leaving the display out of step with it.
    void fixup(QString& input) const override {
        if (input.isEmpty()) input = lastAccepted_();
    }

private:
    std::function<QString()> lastAccepted_;
};

void describe(QWidget* widget, const QString& name, const QString& help) {
    widget->setToolTip(help);
    widget->setAccessibleName(name);
    widget->setAccessibleDescription(help);
}

void addIntegerEditors(QGridLayout* grid, int row, const ConfigField& field, ParameterRow& result) {
    const QString label = toQString(field.label);
    const QString help = toQString(field.help);
    auto* slider = new QSlider(Qt::Horizontal);
    auto* spin = new QSpinBox;
    slider->setObjectName(toQString(field.key) + QStringLiteral("Slider"));
    spin->setObjectName(toQString(field.key) + QStringLiteral("SpinBox"));
    spin->setRange(clampToInt(field.minimum), clampToInt(field.maximum));
    spin->setAlignment(Qt::AlignRight);
    spin->setAccelerated(true);
    // Typing "4096" is one change, not four: later recomputes (and the validation text) follow committed
    // values only, on Enter, focus change, arrows or the wheel.
    spin->setKeyboardTracking(false);
    if (!field.zero_means.empty()) spin->setSpecialValueText(toQString(field.zero_means));

    // The slider covers the usual values; larger ones are typed.
    const int sliderMaximum = clampToInt(std::min(field.typical_maximum, field.maximum));
    const bool log2Slider = field.powers_of_two;
    if (log2Slider) {
        slider->setRange(log2Position(clampToInt(field.minimum)), log2Position(sliderMaximum));
        slider->setPageStep(1);
    } else {
        slider->setRange(clampToInt(field.minimum), sliderMaximum);
        slider->setPageStep(std::max(1, (sliderMaximum - clampToInt(field.minimum)) / 16));
    }
    describe(spin, label, help);
    describe(slider, QCoreApplication::translate("attnscope::ParameterPanel", "%1 slider").arg(label), help);

    QObject::connect(slider, &QSlider::valueChanged, spin, [spin, log2Slider](int position) {
        spin->setValue(log2Slider ? 1 << position : position);
    });
    QObject::connect(spin, &QSpinBox::valueChanged, slider, [slider, log2Slider](int value) {
        const QSignalBlocker blocker(slider);
        slider->setValue(log2Slider ? log2Position(value) : value);
    });
    grid->addWidget(slider, row, 1);
    grid->addWidget(spin, row, 2);
    result.spin = spin;
    result.widgets.insert(result.widgets.end(), {slider, spin});
}

void addUnsignedEditor(QGridLayout* grid, int row, const ConfigField& field,
                       std::function<QString()> committedText, ParameterRow& result) {
    auto* edit = new QLineEdit;
    edit->setObjectName(toQString(field.key) + QStringLiteral("Edit"));
    edit->setValidator(new UnsignedValidator(std::move(committedText), edit));
    edit->setAlignment(Qt::AlignRight);
    describe(edit, toQString(field.label), toQString(field.help));
    grid->addWidget(edit, row, 1, 1, 2);
    result.edit = edit;
    result.widgets.push_back(edit);
}

void addChoiceEditors(QGridLayout* grid, int row, const ConfigField& field, QWidget* owner,
                      ParameterRow& result) {
    auto* group = new QButtonGroup(owner);
    auto* radios = new QHBoxLayout;
    for (std::size_t i = 0; i < field.choices.size(); ++i) {
        const FieldChoice& choice = field.choices[i];
        auto* radio = new QRadioButton(toQString(choice.name));
        radio->setObjectName(toQString(choice.name) + QStringLiteral("Radio"));
        radio->setToolTip(toQString(choice.help));
        radio->setAccessibleName(QStringLiteral("%1 %2").arg(toQString(choice.name), toQString(field.label)));
        group->addButton(radio, static_cast<int>(i));
        radios->addWidget(radio);
        result.widgets.push_back(radio);
    }
    radios->addStretch(1);
    grid->addLayout(radios, row, 1, 1, 2);
    result.choice_group = group;
}

}  // namespace

QString toQString(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

ParameterRow addParameterRow(QGridLayout* grid, int row, const ConfigField& field, QWidget* owner,
                             std::function<QString()> committedText) {
    ParameterRow result;
    result.field = &field;
    auto* label = new QLabel(toQString(field.label));
    label->setToolTip(toQString(field.help));
    grid->addWidget(label, row, 0);
    result.widgets.push_back(label);
    switch (field.type()) {
        case FieldType::integer:
            addIntegerEditors(grid, row, field, result);
            label->setBuddy(result.spin);
            break;
        case FieldType::unsigned_integer:
            addUnsignedEditor(grid, row, field, std::move(committedText), result);
            label->setBuddy(result.edit);
            break;
        case FieldType::choice:
            addChoiceEditors(grid, row, field, owner, result);
            break;
    }
    return result;
}

QString zeroText(const ConfigField& field, long long effectiveValue) {
    const QString word = toQString(field.zero_means);
    return effectiveValue > 0 ? QStringLiteral("%1 (%2)").arg(word).arg(effectiveValue) : word;
}

}  // namespace attnscope
