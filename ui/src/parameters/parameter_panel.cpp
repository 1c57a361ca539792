#include "attnscope/ui/parameter_panel.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QCheckBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

#include "attnscope/config/config_fields.h"
#include "charts/method_style.h"
#include "parameters/parameter_rows.h"

namespace attnscope {

namespace {

const QString kGridName = QStringLiteral("parameterGrid");

// Asks for the room its contents need instead of QScrollArea's fixed guess, so that with space to spare the
// validation message sits right below the controls rather than at the bottom of the dock.
class FittingScrollArea : public QScrollArea {
public:
    QSize sizeHint() const override {
        const QSize content = widget()->sizeHint();
        return {content.width() + verticalScrollBar()->sizeHint().width(),
                content.height() + 2 * frameWidth()};
    }
};

QGroupBox* newGroup(const QString& title, const QString& objectName) {
    auto* group = new QGroupBox(title);
    group->setObjectName(objectName);
    return group;
}

}  // namespace

ParameterPanel::~ParameterPanel() {
    // Losing focus while being destroyed, a line edit or spin box emits editingFinished; by then this is only
    // a QWidget, so a connected slot would run on a half-destroyed panel (caught by UBSan).
    for (QObject* child : findChildren<QObject*>()) QObject::disconnect(child, nullptr, this, nullptr);
}

ParameterPanel::ParameterPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("parameterPanel"));

    // Shape fields first, then the methods, a group per set of methods that share fields (Xformer,
    // Performer), and last how the inputs are drawn and the run executes.
    std::vector<const ConfigField*> shape, execution;
    std::vector<std::pair<std::string, std::vector<const ConfigField*>>> byMethods;
    for (const ConfigField& field : configFields()) {
        if (field.category == FieldCategory::shape) {
            shape.push_back(&field);
        } else if (field.category == FieldCategory::method) {
            const std::string methods = field.methodsText();
            auto group = std::find_if(byMethods.begin(), byMethods.end(),
                                      [&methods](const auto& entry) { return entry.first == methods; });
            if (group == byMethods.end()) group = byMethods.insert(byMethods.end(), {methods, {}});
            group->second.push_back(&field);
        } else {
            execution.push_back(&field);
        }
    }

    auto* controls = new QWidget;
    controls->setObjectName(QStringLiteral("parameterControls"));
    auto* controlsLayout = new QVBoxLayout(controls);
    QWidget* shapeGroup = newGroup(tr("Problem size"), QStringLiteral("shapeGroup"));
    addFieldGroup(shapeGroup, shape);
    controlsLayout->addWidget(shapeGroup);
    controlsLayout->addWidget(createMethodGroup());
    for (const auto& [methods, fields] : byMethods) {
        // The fields of the xformer method go into an "Xformer" group named "xformerGroup".
        const QString name = QString::fromStdString(methods);
        QWidget* group = newGroup(name.left(1).toUpper() + name.mid(1), name + QStringLiteral("Group"));
        group->setToolTip(tr("Used by the %1 method only; check it under Methods to edit these.").arg(name));
        addFieldGroup(group, fields);
        methodGroups_.emplace_back(group, fields);
        controlsLayout->addWidget(group);
    }
    QWidget* executionGroup = newGroup(tr("Execution"), QStringLiteral("executionGroup"));
    addInputsRow(addFieldGroup(executionGroup, execution));
    controlsLayout->addWidget(executionGroup);

    // The controls are taller than small screens and scroll; the validation message stays outside the
    // scroll area so it is never scrolled out of sight.
    auto* scroll = new FittingScrollArea;
    scroll->setObjectName(QStringLiteral("parametersScrollArea"));
    scroll->setWidget(controls);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    QWidget* validation = createValidationRow();
    const QMargins margins = controlsLayout->contentsMargins();
    validation->layout()->setContentsMargins(margins.left(), 0, margins.right(), margins.bottom());
    layout->addWidget(validation);
    layout->addStretch(1);

    setConfig(defaultConfig());
    setSelectedMethods(defaultMethods());
    alignColumns();
    scroll->setMinimumWidth(controls->minimumSizeHint().width() +
                            scroll->verticalScrollBar()->sizeHint().width());
}

AttentionConfig ParameterPanel::defaultConfig() {
    return attnscope::defaultConfig();
}

std::vector<Method> ParameterPanel::defaultMethods() {
    return attnscope::defaultMethods();
}

QGridLayout* ParameterPanel::addFieldGroup(QWidget* group, const std::vector<const ConfigField*>& fields) {
    auto* grid = new QGridLayout(group);
    grid->setObjectName(kGridName);
    grid->setColumnStretch(1, 1);
    for (const ConfigField* field : fields) {
        const std::size_t index = rows_.size();
        // rowCount() is 1 for an empty grid.
        const int row = grid->count() == 0 ? 0 : grid->rowCount();
        rows_.push_back(addParameterRow(grid, row, *field, this, [this, field] {
            return QString::fromStdString(field->text(committed_));
        }));
        const ParameterRow& added = rows_.back();
        if (added.spin) connect(added.spin, &QSpinBox::valueChanged, this, &ParameterPanel::onUserChange);
        if (added.edit) {
            connect(added.edit, &QLineEdit::editingFinished, this,
                    [this, index] { commitUnsigned(rows_[index]); });
        }
        if (added.choice_group) {
            // idToggled fires for the button losing the check too; only the one gaining it is a change.
            connect(added.choice_group, &QButtonGroup::idToggled, this, [this](int, bool checked) {
                if (checked) onUserChange();
            });
        }
    }
    return grid;
}

void ParameterPanel::addInputsRow(QGridLayout* grid) {
    auto* sourceLabel = new QLabel(tr("inputs"));
    inputsLabel_ = new QLabel;
    inputsLabel_->setObjectName(QStringLiteral("inputsLabel"));
    inputsLabel_->setWordWrap(true);
    inputsLabel_->setTextFormat(Qt::PlainText);
    const QString sourceTip =
        tr("Where Q, K, V (or X) come from: random from the seed, or files loaded with "
           "File → Load Q/K/V from .npy…");
    sourceLabel->setToolTip(sourceTip);
    inputsLabel_->setToolTip(sourceTip);
    inputsLabel_->setAccessibleName(tr("inputs"));
    const int row = grid->rowCount();
    grid->addWidget(sourceLabel, row, 0);
    grid->addWidget(inputsLabel_, row, 1, 1, 2);
    setInputsDescription({});
}

QWidget* ParameterPanel::createMethodGroup() {
    auto* group = newGroup(tr("Methods"), QStringLiteral("methodGroup"));
    auto* grid = new QGridLayout(group);
    constexpr int kColumns = 2;
    for (std::size_t i = 0; i < kAllMethods.size(); ++i) {
        const Method method = kAllMethods[i];
        const QString name = methodLabel(method);
        auto* check = new QCheckBox(name);
        check->setObjectName(QStringLiteral("methodCheck_") + name);
        check->setToolTip(methodToolTip(method));
        check->setAccessibleName(tr("measure %1").arg(name));
        connect(check, &QCheckBox::toggled, this, &ParameterPanel::onUserChange);
        grid->addWidget(check, static_cast<int>(i) / kColumns, static_cast<int>(i) % kColumns);
        methodChecks_.push_back(check);
    }
    return group;
}

QWidget* ParameterPanel::createValidationRow() {
    validationRow_ = new QWidget;
    validationRow_->setObjectName(QStringLiteral("validationRow"));
    auto* row = new QHBoxLayout(validationRow_);

    validationIcon_ = new QLabel;
    validationIcon_->setObjectName(QStringLiteral("validationIcon"));
    validationIcon_->setAlignment(Qt::AlignTop);
    validationIcon_->setAccessibleName(tr("warning"));

    validationLabel_ = new QLabel;
    validationLabel_->setObjectName(QStringLiteral("validationLabel"));
    validationLabel_->setWordWrap(true);
    // Core messages may contain '<' and must never be taken for markup.
    validationLabel_->setTextFormat(Qt::PlainText);
    validationLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    validationLabel_->setAccessibleName(tr("parameter problem"));
    validationLabel_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    row->addWidget(validationIcon_, 0, Qt::AlignTop);
    row->addWidget(validationLabel_, 1);
    applyValidationPalette();
    validationRow_->setVisible(false);
    return validationRow_;
}

void ParameterPanel::alignColumns() {
    // Separate groups have separate grids; equal column widths make their sliders line up.
    int labelWidth = 0;
    int spinWidth = 0;
    for (const QLabel* label : findChildren<QLabel*>()) {
        if (label->buddy()) labelWidth = std::max(labelWidth, label->sizeHint().width());
    }
    for (const QSpinBox* spin : findChildren<QSpinBox*>()) {
        spinWidth = std::max(spinWidth, spin->sizeHint().width());
    }
    for (QGridLayout* grid : findChildren<QGridLayout*>(kGridName)) {
        grid->setColumnMinimumWidth(0, labelWidth);
        grid->setColumnMinimumWidth(2, spinWidth);
    }
}

AttentionConfig ParameterPanel::config() const {
    AttentionConfig config = committed_;
    for (const ParameterRow& row : rows_) {
        if (row.spin) row.field->setValue(config, row.spin->value());
        if (row.choice_group) row.field->setValue(config, row.choice_group->checkedId());
    }
    return config;
}

void ParameterPanel::setConfig(const AttentionConfig& config) {
    const AttentionConfig before = this->config();
    updating_ = true;
    committed_ = config;
    for (const ParameterRow& row : rows_) {
        const std::int64_t value = row.field->value(config);
        if (row.spin) {
            row.spin->setValue(static_cast<int>(std::clamp<std::int64_t>(
                value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max())));
        }
        if (row.edit) row.edit->setText(QString::fromStdString(row.field->text(config)));
        if (row.choice_group) {
            if (QAbstractButton* button = row.choice_group->button(static_cast<int>(value)))
                button->setChecked(true);
        }
    }
    updating_ = false;

    updateDependentControls();
    revalidate();
    if (this->config() != before) emit configChanged();
}

std::vector<Method> ParameterPanel::selectedMethods() const {
    std::vector<Method> methods;
    for (std::size_t i = 0; i < kAllMethods.size(); ++i) {
        if (methodChecks_[i]->isChecked()) methods.push_back(kAllMethods[i]);
    }
    return methods;
}

void ParameterPanel::setSelectedMethods(const std::vector<Method>& methods) {
    const std::vector<Method> before = selectedMethods();
    updating_ = true;
    for (std::size_t i = 0; i < kAllMethods.size(); ++i) {
        methodChecks_[i]->setChecked(std::find(methods.begin(), methods.end(), kAllMethods[i]) !=
                                     methods.end());
    }
    updating_ = false;

    updateDependentControls();
    revalidate();
    if (selectedMethods() != before) emit configChanged();
}

void ParameterPanel::setInputsDescription(const QString& description) {
    inputsLabel_->setText(description.isEmpty() ? tr("random (from the seed)")
                                                : tr("loaded %1").arg(description));
}

QString ParameterPanel::inputsText() const {
    return inputsLabel_->text();
}

void ParameterPanel::commitUnsigned(ParameterRow& row) {
    AttentionConfig config = committed_;
    if (!row.field->parse(row.edit->text().toStdString(), config)) {
        row.edit->setText(QString::fromStdString(row.field->text(committed_)));
        return;
    }
    row.edit->setText(QString::fromStdString(row.field->text(config)));  // drops leading zeros
    if (row.field->unsignedValue(config) == row.field->unsignedValue(committed_)) return;
    committed_ = config;
    onUserChange();
}

void ParameterPanel::onUserChange() {
    if (updating_) return;
    updateDependentControls();
    revalidate();
    emit configChanged();
}

void ParameterPanel::updateDependentControls() {
    const std::vector<Method> methods = selectedMethods();
    auto selected = [&methods](const ConfigField& field) {
        return std::any_of(methods.begin(), methods.end(), [&field](Method m) { return field.appliesTo(m); });
    };
    for (const auto& [group, fields] : methodGroups_) group->setEnabled(selected(*fields.front()));

    const AttentionConfig config = this->config();
    for (const ParameterRow& row : rows_) {
        if (row.spin && !row.field->zero_means.empty())
            row.spin->setSpecialValueText(zeroText(*row.field, row.field->effectiveValue(config)));
    }
}

void ParameterPanel::revalidate() {
    QString message;
    const std::vector<Method> methods = selectedMethods();
    if (methods.empty()) message = tr("Select at least one method to measure.");

    const AttentionConfig config = this->config();
    for (Method method : methods) {
        const std::optional<ValidationError> error = validate(config, method);
        if (!error) continue;
        message = QString::fromStdString(error->message);
        // Rules that only one method has would puzzle a user who did not connect them to that method.
        const ConfigField* field = findConfigField(error->field);
        if (field && !field->appliesToAll() && field->appliesTo(method)) {
            message = tr("%1: %2").arg(methodLabel(method), message);
        }
        break;
    }

    const bool wasValid = isValid();
    validationMessage_ = message;
    validationLabel_->setText(message);
    validationRow_->setVisible(!message.isEmpty());
    if (wasValid != isValid()) emit validityChanged(isValid());
}

void ParameterPanel::applyValidationPalette() {
    // A fixed red would vanish on dark themes; pick the shade from the window colour instead.
    QPalette palette = this->palette();
    const bool darkTheme = palette.color(QPalette::Window).lightnessF() < 0.5;
    palette.setColor(QPalette::WindowText, darkTheme ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20));
    validationLabel_->setPalette(palette);

    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    validationIcon_->setPixmap(style()
                                   ->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this)
                                   .pixmap(QSize(iconSize, iconSize), devicePixelRatioF()));
}

void ParameterPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        applyValidationPalette();
    }
    QWidget::changeEvent(event);
}

}  // namespace attnscope
