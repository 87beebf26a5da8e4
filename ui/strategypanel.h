#pragma once

// StrategyPanel: edits the first strategy of the loaded configuration — instance name, symbols,
// capital, risk limits, and the parameters through a form generated from the strategy's
// parameter schema (a spin box per number with the schema's range, a check box per flag, a
// text field per text), each with its validation message right under it. "Save as new version"
// writes the edited configuration next to the original (configwriter.h).

#include "engine/config/engineconfig.h"
#include "engine/sdk/strategyregistry.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QGroupBox;

namespace meridian::ui {

class StrategyPanel : public QWidget
{
    Q_OBJECT

public:
    explicit StrategyPanel(const engine::StrategyRegistry &registry, QWidget *parent = nullptr);

    // Shows `strategy` (its class decides the parameter form).
    void setStrategy(const engine::StrategyConfig &strategy);
    // Switches to another registered strategy class: its schema defaults, same symbols/capital.
    void setStrategyClass(const QString &name);
    QString strategyClass() const { return m_className; }

    // The edited strategy, or nullopt with every problem shown inline and listed in `errors`.
    std::optional<engine::StrategyConfig> strategyConfig(QStringList *errors = nullptr) const;

    // A config-level error (the YAML did not load): shown at the top of the panel.
    void setConfigError(const QString &message);
    QString configError() const;

    // Test access to the generated form.
    QWidget *parameterEditor(const QString &name) const;
    QString parameterError(const QString &name) const;

signals:
    void changed();
    void saveRequested();
    void loadRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct ParamRow
    {
        engine::ParamSpec spec;
        QWidget *editor = nullptr;
        QLabel *error = nullptr;
    };
    void buildForm(const engine::StrategyInfo &info, const engine::Parameters &values);
    void validate() const;
    std::optional<engine::ParamValue> valueOf(const ParamRow &row) const;
    void retranslate();

    const engine::StrategyRegistry &m_registry;
    QString m_className;
    engine::StrategyConfig m_base; // what is not edited here (enabled)
    QLabel *m_configError;
    QLabel *m_description;
    QGroupBox *m_general;
    QGroupBox *m_parametersBox;
    QGroupBox *m_risk;
    QLineEdit *m_name;
    QLineEdit *m_symbols;
    QDoubleSpinBox *m_capital;
    QLabel *m_generalError;
    QFormLayout *m_generalForm;
    QFormLayout *m_parameterForm;
    QFormLayout *m_riskForm;
    QDoubleSpinBox *m_maxPosition;
    QDoubleSpinBox *m_maxLeverage;
    QDoubleSpinBox *m_maxDailyLoss;
    QPushButton *m_load;
    QPushButton *m_save;
    std::vector<ParamRow> m_rows;
};

} // namespace meridian::ui
