#include "attnscope/ui/parameter_panel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>
#include <QValidator>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "attnscope/system_info.h"
#include "method_style.h"

namespace attnscope {

struct ParameterPanel::IntegerParameter {
    QString key;  // object names are key + "SpinBox" / key + "Slider"
    QString label;
    QString toolTip;
    int minimum = 0;
    int maximum = 0;
    // The slider may cover less than the spin box: n's slider stops at 16384 because larger n are rare
    // and would squeeze the useful range into a few pixels.
    int sliderMinimum = 0;
    int sliderMaximum = 0;
    bool log2Slider = false;
    QString specialValueText;
};

namespace {

constexpr int kMaxSlidingN = 16384;
constexpr int kMaxFeatures = 4096;

const QString kGridName = QStringLiteral("parameterGrid");

int log2Position(int value) {
    return static_cast<int>(std::lround(std::log2(std::max(value, 1))));
}

// Accepts every uint64 and nothing else, so editingFinished always carries a seed the core can use.
class SeedValidator : public QValidator {
public:
    SeedValidator(std::function<QString()> lastAccepted, QObject* parent)
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

    // An emptied field falls back to the seed in use instead of leaving the display out of step with it.
    void fixup(QString& input) const override {
        if (input.isEmpty()) input = lastAccepted_();
    }

private:
    std::function<QString()> lastAccepted_;
};

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

QGridLayout* newParameterGrid(QWidget* owner) {
    auto* grid = new QGridLayout(owner);
    grid->setObjectName(kGridName);
    grid->setColumnStretch(1, 1);
    return grid;
}

}  // namespace

ParameterPanel::~ParameterPanel() {
    // Losing focus while being destroyed, a line edit or spin box emits editingFinished; by then this is only
    // a QWidget, so a connected slot would run on a half-destroyed panel (caught by UBSan).
    for (QObject* child : findChildren<QObject*>()) QObject::disconnect(child, nullptr, this, nullptr);
}

ParameterPanel::ParameterPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("parameterPanel"));

    auto* controls = new QWidget;
    controls->setObjectName(QStringLiteral("parameterControls"));
    auto* controlsLayout = new QVBoxLayout(controls);
    controlsLayout->addWidget(createShapeGroup());
    controlsLayout->addWidget(createMethodGroup());
    controlsLayout->addWidget(createXformerGroup());
    controlsLayout->addWidget(createPerformerGroup());
    controlsLayout->addWidget(createExecutionGroup());

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
    AttentionConfig config;
    config.batch = 4;
    config.n = 512;
    config.d = 64;
    config.heads = 1;
    config.alpha = 2;
    config.beta = 4;
    config.features = 0;
    config.threads = 0;
    config.seed = 42;
    config.distribution = InputDistribution::uniform;
    return config;
}

std::vector<Method> ParameterPanel::defaultMethods() {
    return {Method::quadratic, Method::linear, Method::softmax};
}

QSpinBox* ParameterPanel::addIntegerRow(QGridLayout* grid, int row, const IntegerParameter& parameter) {
    auto* label = new QLabel(parameter.label);
    auto* slider = new QSlider(Qt::Horizontal);
    auto* spin = new QSpinBox;

    slider->setObjectName(parameter.key + QStringLiteral("Slider"));
    spin->setObjectName(parameter.key + QStringLiteral("SpinBox"));
    spin->setRange(parameter.minimum, parameter.maximum);
    spin->setAlignment(Qt::AlignRight);
    spin->setAccelerated(true);
    // Typing "4096" is one change, not four: later recomputes (and the validation text) follow committed
    // values only, on Enter, focus change, arrows or the wheel.
    spin->setKeyboardTracking(false);
    if (!parameter.specialValueText.isEmpty()) spin->setSpecialValueText(parameter.specialValueText);

    if (parameter.log2Slider) {
        slider->setRange(log2Position(parameter.sliderMinimum), log2Position(parameter.sliderMaximum));
        slider->setPageStep(1);
    } else {
        slider->setRange(parameter.sliderMinimum, parameter.sliderMaximum);
        slider->setPageStep(std::max(1, (parameter.sliderMaximum - parameter.sliderMinimum) / 16));
    }

    label->setBuddy(spin);
    for (QWidget* widget :
         {static_cast<QWidget*>(label), static_cast<QWidget*>(slider), static_cast<QWidget*>(spin)}) {
        widget->setToolTip(parameter.toolTip);
    }
    spin->setAccessibleName(parameter.label);
    spin->setAccessibleDescription(parameter.toolTip);
    slider->setAccessibleName(tr("%1 slider").arg(parameter.label));
    slider->setAccessibleDescription(parameter.toolTip);

    const bool log2Slider = parameter.log2Slider;
    connect(slider, &QSlider::valueChanged, spin,
            [spin, log2Slider](int position) { spin->setValue(log2Slider ? 1 << position : position); });
    connect(spin, &QSpinBox::valueChanged, this, [this, slider, log2Slider](int value) {
        const QSignalBlocker blocker(slider);
        slider->setValue(log2Slider ? log2Position(value) : value);
        onUserChange();
    });

    grid->addWidget(label, row, 0);
    grid->addWidget(slider, row, 1);
    grid->addWidget(spin, row, 2);
    return spin;
}

QWidget* ParameterPanel::createShapeGroup() {
    auto* group = newGroup(tr("Problem size"), QStringLiteral("shapeGroup"));
    auto* grid = newParameterGrid(group);
    batchSpin_ =
        addIntegerRow(grid, 0,
                      {QStringLiteral("batch"),
                       tr("batch"),
                       tr("Independent sequences per forward pass. The slider steps through powers of two."),
                       1,
                       256,
                       1,
                       256,
                       true,
                       {}});
    nSpin_ = addIntegerRow(grid, 1,
                           {QStringLiteral("n"),
                            tr("n"),
                            tr("Sequence length n (tokens per sequence). The slider steps through powers of "
                               "two up to %1; type any value up to %2.")
                                .arg(kMaxSlidingN)
                                .arg(ConfigLimits::max_n),
                            1,
                            static_cast<int>(ConfigLimits::max_n),
                            1,
                            kMaxSlidingN,
                            true,
                            {}});
    dSpin_ =
        addIntegerRow(grid, 2,
                      {QStringLiteral("d"),
                       tr("d"),
                       tr("Model width d, split evenly across the heads. The slider steps through powers "
                          "of two."),
                       1,
                       4096,
                       1,
                       4096,
                       true,
                       {}});
    headsSpin_ = addIntegerRow(grid, 3,
                               {QStringLiteral("heads"),
                                tr("heads"),
                                tr("Attention heads; each gets d / heads columns, so heads must divide d."),
                                1,
                                64,
                                1,
                                64,
                                true,
                                {}});
    return group;
}

QWidget* ParameterPanel::createXformerGroup() {
    auto* group = newGroup(tr("Xformer"), QStringLiteral("xformerGroup"));
    group->setToolTip(tr("Used by the xformer method only; check it under Methods to edit these."));
    auto* grid = newParameterGrid(group);
    alphaSpin_ = addIntegerRow(grid, 0,
                               {QStringLiteral("alpha"),
                                tr("alpha"),
                                tr("Query pooling: each head's query width becomes (d / heads) / alpha. "
                                   "At most d / heads."),
                                1,
                                64,
                                1,
                                64,
                                false,
                                {}});
    betaSpin_ = addIntegerRow(grid, 1,
                              {QStringLiteral("beta"),
                               tr("beta"),
                               tr("Sequence pooling: keys and values are pooled to ceil(n / beta) positions. "
                                  "At most n."),
                               1,
                               16384,
                               1,
                               16384,
                               false,
                               {}});
    xformerGroup_ = group;
    return group;
}

QWidget* ParameterPanel::createPerformerGroup() {
    auto* group = newGroup(tr("Performer"), QStringLiteral("performerGroup"));
    group->setToolTip(tr("Used by the performer method only; check it under Methods to edit this."));
    auto* grid = newParameterGrid(group);
    featuresSpin_ = addIntegerRow(grid, 0,
                                  {QStringLiteral("features"), tr("features m"),
                                   tr("Random features m of FAVOR+. \"auto\" picks ceil(h ln h) with "
                                      "h = d / heads, the Performer paper's choice."),
                                   0, kMaxFeatures, 0, kMaxFeatures, false, tr("auto")});
    performerGroup_ = group;
    return group;
}

QWidget* ParameterPanel::createExecutionGroup() {
    auto* group = newGroup(tr("Execution"), QStringLiteral("executionGroup"));
    auto* grid = newParameterGrid(group);
    const int threads = hardwareThreads();
    threadsSpin_ = addIntegerRow(
        grid, 0,
        {QStringLiteral("threads"), tr("threads"),
         tr("Worker threads for the kernels; \"all\" uses every hardware thread (%1 here).").arg(threads), 0,
         threads, 0, threads, false, tr("all")});

    auto* seedLabel = new QLabel(tr("seed"));
    seedEdit_ = new QLineEdit;
    seedEdit_->setObjectName(QStringLiteral("seedEdit"));
    seedEdit_->setValidator(new SeedValidator([this] { return QString::number(seed_); }, seedEdit_));
    seedEdit_->setAlignment(Qt::AlignRight);
    const QString seedTip =
        tr("Random seed for the inputs and the methods' weights; the same seed gives the "
           "same numbers on every run.");
    seedLabel->setToolTip(seedTip);
    seedEdit_->setToolTip(seedTip);
    seedEdit_->setAccessibleName(tr("seed"));
    seedEdit_->setAccessibleDescription(seedTip);
    seedLabel->setBuddy(seedEdit_);
    connect(seedEdit_, &QLineEdit::editingFinished, this, &ParameterPanel::commitSeed);
    grid->addWidget(seedLabel, 1, 0);
    grid->addWidget(seedEdit_, 1, 1, 1, 2);

    auto* inputLabel = new QLabel(tr("input"));
    const QString inputTip = tr("Distribution of the input entries.");
    inputLabel->setToolTip(inputTip);
    auto* uniform = new QRadioButton(tr("uniform"));
    uniform->setObjectName(QStringLiteral("uniformRadio"));
    uniform->setToolTip(tr("Entries drawn uniformly from [-1, 1)."));
    uniform->setAccessibleName(tr("uniform input"));
    auto* normal = new QRadioButton(tr("normal"));
    normal->setObjectName(QStringLiteral("normalRadio"));
    normal->setToolTip(tr("Entries drawn from the standard normal distribution."));
    normal->setAccessibleName(tr("normal input"));
    distributionGroup_ = new QButtonGroup(this);
    distributionGroup_->addButton(uniform, static_cast<int>(InputDistribution::uniform));
    distributionGroup_->addButton(normal, static_cast<int>(InputDistribution::normal));
    uniform->setChecked(true);
    // idToggled fires for the button losing the check too; only the one gaining it is a change.
    connect(distributionGroup_, &QButtonGroup::idToggled, this, [this](int, bool checked) {
        if (checked) onUserChange();
    });
    auto* radios = new QHBoxLayout;
    radios->addWidget(uniform);
    radios->addWidget(normal);
    radios->addStretch(1);
    grid->addWidget(inputLabel, 2, 0);
    grid->addLayout(radios, 2, 1, 1, 2);

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
    grid->addWidget(sourceLabel, 3, 0);
    grid->addWidget(inputsLabel_, 3, 1, 1, 2);
    setInputsDescription({});
    return group;
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
    AttentionConfig config;
    config.batch = batchSpin_->value();
    config.n = nSpin_->value();
    config.d = dSpin_->value();
    config.heads = headsSpin_->value();
    config.alpha = alphaSpin_->value();
    config.beta = betaSpin_->value();
    config.features = featuresSpin_->value();
    config.threads = threadsSpin_->value();
    config.seed = seed_;
    config.distribution = static_cast<InputDistribution>(distributionGroup_->checkedId());
    return config;
}

void ParameterPanel::setConfig(const AttentionConfig& config) {
    const AttentionConfig before = this->config();
    updating_ = true;
    auto clampToInt = [](std::int64_t value) {
        return static_cast<int>(std::clamp<std::int64_t>(value, std::numeric_limits<int>::min(),
                                                         std::numeric_limits<int>::max()));
    };
    batchSpin_->setValue(clampToInt(config.batch));
    nSpin_->setValue(clampToInt(config.n));
    dSpin_->setValue(clampToInt(config.d));
    headsSpin_->setValue(clampToInt(config.heads));
    alphaSpin_->setValue(clampToInt(config.alpha));
    betaSpin_->setValue(clampToInt(config.beta));
    featuresSpin_->setValue(clampToInt(config.features));
    threadsSpin_->setValue(config.threads);
    seed_ = config.seed;
    seedEdit_->setText(QString::number(seed_));
    distributionGroup_->button(static_cast<int>(config.distribution))->setChecked(true);
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

void ParameterPanel::commitSeed() {
    bool ok = false;
    const std::uint64_t seed = seedEdit_->text().toULongLong(&ok);
    if (!ok) {
        seedEdit_->setText(QString::number(seed_));
        return;
    }
    seedEdit_->setText(QString::number(seed));  // drops leading zeros
    if (seed == seed_) return;
    seed_ = seed;
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
    auto selected = [&methods](auto predicate) {
        return std::any_of(methods.begin(), methods.end(), predicate);
    };
    xformerGroup_->setEnabled(selected(usesAlphaBeta));
    performerGroup_->setEnabled(selected(usesRandomFeatures));

    const AttentionConfig config = this->config();
    if (config.heads > 0 && config.d % config.heads == 0) {
        featuresSpin_->setSpecialValueText(tr("auto (%1)").arg(defaultFeatureCount(config.headDim())));
    } else {
        featuresSpin_->setSpecialValueText(tr("auto"));
    }
    threadsSpin_->setSpecialValueText(tr("all (%1)").arg(hardwareThreads()));
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
        if ((usesAlphaBeta(method) && (error->field == "alpha" || error->field == "beta")) ||
            (usesRandomFeatures(method) && error->field == "features")) {
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
