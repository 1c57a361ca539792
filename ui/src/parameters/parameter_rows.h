#pragma once
#include <QString>
#include <functional>
#include <string_view>
#include <vector>

class QButtonGroup;
class QGridLayout;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace attnscope {

struct ConfigField;

QString toQString(std::string_view text);

// The widgets of one parameter row, made from a config field (config_fields.h): the label, tooltip (the
// field's help), range and object names ("<key>SpinBox", "<key>Slider", "<key>Edit", "<choice>Radio") all
// come from the field.
struct ParameterRow {
    const ConfigField* field = nullptr;
    std::vector<QWidget*> widgets;         // label and editors, enabled together
    QSpinBox* spin = nullptr;              // integer fields, with a slider beside it
    QLineEdit* edit = nullptr;             // unsigned fields (the seed)
    QButtonGroup* choice_group = nullptr;  // choice fields; button ids are the enum values
};

// Adds `field` as row `row` of `grid`. `committedText` gives an unsigned field's value in use, to restore an
// emptied line edit.
ParameterRow addParameterRow(QGridLayout* grid, int row, const ConfigField& field, QWidget* owner,
                             std::function<QString()> committedText);

// The special text a spin box shows at 0 for fields where 0 picks a value, e.g. "auto (24)" or "all (8)".
QString zeroText(const ConfigField& field, long long effectiveValue);

}  // namespace attnscope
