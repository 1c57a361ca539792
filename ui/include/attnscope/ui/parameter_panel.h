#pragma once
#include <QWidget>
#include <cstdint>
#include <vector>

#include "attnscope/attention_config.h"
#include "attnscope/method.h"

class QButtonGroup;
class QCheckBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace attnscope {

// Edits one AttentionConfig and the set of methods to measure, and says in place what is wrong with them.
// Validation is core's validate(), so the GUI accepts exactly what the command line accepts.
class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParameterPanel(QWidget* parent = nullptr);
    ~ParameterPanel() override;

    static AttentionConfig defaultConfig();
    static std::vector<Method> defaultMethods();

    AttentionConfig config() const;
    // Values outside a control's range are clamped to it, as a user typing them would see.
    void setConfig(const AttentionConfig& config);

    std::vector<Method> selectedMethods() const;  // in kAllMethods order
    void setSelectedMethods(const std::vector<Method>& methods);

    // Says where the inputs come from: empty for random ones, else e.g. "(2, 128, 64) from q.npy, ...".
    void setInputsDescription(const QString& description);
    QString inputsText() const;

    bool isValid() const { return validationMessage_.isEmpty(); }
    QString validationMessage() const { return validationMessage_; }

signals:
    void configChanged();
    void validityChanged(bool valid);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct IntegerParameter;
    QSpinBox* addIntegerRow(QGridLayout* grid, int row, const IntegerParameter& parameter);
    QWidget* createShapeGroup();
    QWidget* createXformerGroup();
    QWidget* createPerformerGroup();
    QWidget* createExecutionGroup();
    QWidget* createMethodGroup();
    QWidget* createValidationRow();

    void commitSeed();
    void alignColumns();
    void onUserChange();
    void updateDependentControls();
    void revalidate();
    void applyValidationPalette();

    QSpinBox* batchSpin_ = nullptr;
    QSpinBox* nSpin_ = nullptr;
    QSpinBox* dSpin_ = nullptr;
    QSpinBox* headsSpin_ = nullptr;
    QSpinBox* alphaSpin_ = nullptr;
    QSpinBox* betaSpin_ = nullptr;
    QSpinBox* featuresSpin_ = nullptr;
    QSpinBox* threadsSpin_ = nullptr;
    QLineEdit* seedEdit_ = nullptr;
    QButtonGroup* distributionGroup_ = nullptr;
    std::vector<QCheckBox*> methodChecks_;  // parallel to kAllMethods
    QWidget* validationRow_ = nullptr;
    QLabel* validationIcon_ = nullptr;
    QLabel* validationLabel_ = nullptr;
    QLabel* inputsLabel_ = nullptr;

    QWidget* xformerGroup_ = nullptr;
    QWidget* performerGroup_ = nullptr;

    std::uint64_t seed_ = 0;
    QString validationMessage_;
    bool updating_ = false;  // set while setConfig()/setSelectedMethods() write several controls at once
};

}  // namespace attnscope
