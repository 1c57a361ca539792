#pragma once
#include <QWidget>
#include <cstdint>
#include <vector>

#include "attnscope/config/attention_config.h"
#include "attnscope/config/method.h"

class QCheckBox;
class QGridLayout;
class QLabel;

namespace attnscope {

struct ConfigField;
struct ParameterRow;

// Edits one AttentionConfig and the set of methods to measure, and says in place what is wrong with them.
// One row per field of core's field table (config_fields.h), so the GUI offers exactly the command line's
// knobs, ranges, help and defaults; validation is core's validate().
class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParameterPanel(QWidget* parent = nullptr);
    ~ParameterPanel() override;

    // Core's defaultConfig() and defaultMethods(), which the command line starts from too.
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
    // A group box of the rows of `fields`; returns the grid for more rows.
    QGridLayout* addFieldGroup(QWidget* group, const std::vector<const ConfigField*>& fields);
    void addInputsRow(QGridLayout* grid);
    QWidget* createMethodGroup();
    QWidget* createValidationRow();

    void commitUnsigned(ParameterRow& row);
    void alignColumns();
    void onUserChange();
    void updateDependentControls();
    void revalidate();
    void applyValidationPalette();

    std::vector<ParameterRow> rows_;  // one per config field, in the table's order
    // Group boxes of fields only some methods use, enabled while one of those methods is selected.
    std::vector<std::pair<QWidget*, std::vector<const ConfigField*>>> methodGroups_;
    // The value of unsigned fields (the seed) as last committed, while their line edit may hold a partial
    // one.
    AttentionConfig committed_;
    std::vector<QCheckBox*> methodChecks_;  // parallel to kAllMethods
    QWidget* validationRow_ = nullptr;
    QLabel* validationIcon_ = nullptr;
    QLabel* validationLabel_ = nullptr;
    QLabel* inputsLabel_ = nullptr;

    QString validationMessage_;
    bool updating_ = false;  // set while setConfig()/setSelectedMethods() write several controls at once
};

}  // namespace attnscope
