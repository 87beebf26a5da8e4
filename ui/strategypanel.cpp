#include "ui/strategypanel.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include "engine/core/symbol.h"

#include <QRegularExpression>

#include <algorithm>
#include <climits>
#include <cmath>

namespace meridian::ui {

namespace {

QLabel *errorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QStringLiteral("validationError"));
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #ef5350;"));
    label->setVisible(false);
    return label;
}

void showError(QLabel *label, const QString &message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
}

QDoubleSpinBox *fractionBox(double minimum, double maximum, QWidget *parent)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setRange(minimum, maximum);
    box->setDecimals(3);
    box->setSingleStep(0.05);
    return box;
}

void setRowLabel(QFormLayout *form, int row, const QString &text)
{
    if (QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole)) {
        if (auto *label = qobject_cast<QLabel *>(item->widget()))
            label->setText(text);
    }
}

} // namespace

StrategyPanel::StrategyPanel(const engine::StrategyRegistry &registry, QWidget *parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_configError(errorLabel(this))
    , m_description(new QLabel(this))
    , m_general(new QGroupBox(this))
    , m_parametersBox(new QGroupBox(this))
    , m_risk(new QGroupBox(this))
    , m_name(new QLineEdit(this))
    , m_symbols(new QLineEdit(this))
    , m_capital(new QDoubleSpinBox(this))
    , m_generalError(errorLabel(this))
    , m_generalForm(new QFormLayout(m_general))
    , m_parameterForm(new QFormLayout(m_parametersBox))
    , m_riskForm(new QFormLayout(m_risk))
    , m_maxPosition(fractionBox(0.001, 1000.0, this))
    , m_maxLeverage(fractionBox(0.001, 100.0, this))
    , m_maxDailyLoss(fractionBox(0.0, 1.0, this))
    , m_load(new QPushButton(this))
    , m_save(new QPushButton(this))
{
    m_description->setWordWrap(true);
    m_description->setObjectName(QStringLiteral("mutedLabel"));
    m_capital->setRange(1.0, 1e11);
    m_capital->setDecimals(2);
    m_capital->setGroupSeparatorShown(true);
    m_capital->setSingleStep(10000.0);
    m_generalForm->addRow(QStringLiteral("name"), m_name);
    m_generalForm->addRow(QStringLiteral("symbols"), m_symbols);
    m_generalForm->addRow(QStringLiteral("capital"), m_capital);
    m_generalForm->addRow(m_generalError);
    m_riskForm->addRow(QStringLiteral("position"), m_maxPosition);
    m_riskForm->addRow(QStringLiteral("leverage"), m_maxLeverage);
    // The limit is optional: 0 (shown as "off") leaves it out of the configuration.
    m_riskForm->addRow(QStringLiteral("daily loss"), m_maxDailyLoss);
    for (QFormLayout *form : {m_generalForm, m_parameterForm, m_riskForm})
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(6, 6, 6, 6);
    column->addWidget(m_configError);
    column->addWidget(m_description);
    column->addWidget(m_general);
    column->addWidget(m_parametersBox);
    column->addWidget(m_risk);
    column->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_load);
    buttons->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);
    connect(m_load, &QPushButton::clicked, this, &StrategyPanel::loadRequested);
    connect(m_save, &QPushButton::clicked, this, &StrategyPanel::saveRequested);

    const auto edited = [this] {
        validate();
        emit changed();
    };
    connect(m_name, &QLineEdit::textChanged, this, edited);
    connect(m_symbols, &QLineEdit::textChanged, this, edited);
    connect(m_capital, &QDoubleSpinBox::valueChanged, this, edited);
    setMinimumWidth(260);
    retranslate();
}

void StrategyPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void StrategyPanel::retranslate()
{
    m_general->setTitle(tr("Strategy"));
    m_parametersBox->setTitle(tr("Parameters"));
    m_risk->setTitle(tr("Risk limits"));
    setRowLabel(m_generalForm, 0, tr("Name"));
    setRowLabel(m_generalForm, 1, tr("Symbols"));
    setRowLabel(m_generalForm, 2, tr("Capital"));
    setRowLabel(m_riskForm, 0, tr("Max position"));
    setRowLabel(m_riskForm, 1, tr("Max leverage"));
    setRowLabel(m_riskForm, 2, tr("Max daily loss"));
    m_name->setToolTip(tr("Instance name, unique in the run: letters, digits, _ . -"));
    m_symbols->setToolTip(tr("The instruments it trades, comma-separated (e.g. SPY, TLT)"));
    m_capital->setToolTip(tr("Cash the strategy's sub-account starts with"));
    m_maxPosition->setToolTip(tr("Largest position value as a fraction of the strategy's equity"));
    m_maxLeverage->setToolTip(tr("Largest gross exposure as a multiple of the strategy's equity"));
    m_maxDailyLoss->setToolTip(tr("Pause the strategy when it loses this fraction of its "
                                  "start-of-day equity (off: no limit)"));
    m_maxDailyLoss->setSpecialValueText(tr("off"));
    m_load->setText(tr("Load config…"));
    m_load->setToolTip(tr("Open another run configuration (YAML)"));
    m_save->setText(tr("Save as new version"));
    m_save->setToolTip(tr("Write the edited configuration next to the original as a new version"));
}

void StrategyPanel::setStrategy(const engine::StrategyConfig &strategy)
{
    m_base = strategy;
    m_className = QString::fromStdString(strategy.strategy);
    const QSignalBlocker blockName(m_name), blockSymbols(m_symbols), blockCapital(m_capital);
    m_name->setText(QString::fromStdString(strategy.name));
    QStringList symbols;
    for (const std::string &symbol : strategy.symbols)
        symbols << QString::fromStdString(symbol);
    m_symbols->setText(symbols.join(QStringLiteral(", ")));
    m_capital->setValue(strategy.capital.toDouble());
    m_maxPosition->setValue(strategy.riskLimits.maxPositionSize);
    m_maxLeverage->setValue(strategy.riskLimits.maxLeverage);
    m_maxDailyLoss->setValue(strategy.riskLimits.maxDailyLoss.value_or(0.0));
    if (const engine::StrategyInfo *info = m_registry.find(strategy.strategy))
        buildForm(*info, strategy.params);
    validate();
}

void StrategyPanel::setStrategyClass(const QString &name)
{
    const engine::StrategyInfo *info = m_registry.find(name.toStdString());
    if (info == nullptr || name == m_className)
        return;
    std::optional<engine::StrategyConfig> current = strategyConfig();
    engine::StrategyConfig next = current ? *current : m_base;
    next.strategy = info->name;
    next.name = info->name;
    next.params = engine::Parameters::defaults(info->schema);
    setStrategy(next);
    emit changed();
}

void StrategyPanel::buildForm(const engine::StrategyInfo &info, const engine::Parameters &values)
{
    while (m_parameterForm->rowCount() > 0)
        m_parameterForm->removeRow(0);
    m_rows.clear();
    m_description->setText(QString::fromStdString(info.description));
    for (const engine::ParamSpec &spec : info.schema.specs()) {
        const auto found = values.values().find(spec.name);
        const engine::ParamValue value = found != values.values().end() ? found->second : spec.defaultValue;
        ParamRow row;
        row.spec = spec;
        QWidget *editor = nullptr;
        switch (spec.type) {
        case engine::ParamType::Integer: {
            auto *box = new QSpinBox;
            const double low = spec.minimum.value_or(INT_MIN);
            const double high = spec.maximum.value_or(INT_MAX);
            box->setRange(static_cast<int>(std::max<double>(low, INT_MIN)),
                          static_cast<int>(std::min<double>(high, INT_MAX)));
            box->setValue(static_cast<int>(std::get<std::int64_t>(value)));
            connect(box, &QSpinBox::valueChanged, this, [this] {
                validate();
                emit changed();
            });
            editor = box;
            break;
        }
        case engine::ParamType::Number: {
            auto *box = new QDoubleSpinBox;
            box->setDecimals(4);
            box->setRange(spec.minimum.value_or(-1e12), spec.maximum.value_or(1e12));
            const double number = std::holds_alternative<double>(value)
                                      ? std::get<double>(value)
                                      : static_cast<double>(std::get<std::int64_t>(value));
            box->setValue(number);
            box->setSingleStep(std::abs(number) >= 10.0 ? 10.0 : 0.05);
            connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
                validate();
                emit changed();
            });
            editor = box;
            break;
        }
        case engine::ParamType::Boolean: {
            auto *box = new QCheckBox;
            box->setChecked(std::get<bool>(value));
            connect(box, &QCheckBox::toggled, this, [this] {
                validate();
                emit changed();
            });
            editor = box;
            break;
        }
        case engine::ParamType::Text: {
            auto *line = new QLineEdit(QString::fromStdString(std::get<std::string>(value)));
            connect(line, &QLineEdit::textChanged, this, [this] {
                validate();
                emit changed();
            });
            editor = line;
            break;
        }
        }
        editor->setObjectName(QString::fromStdString(spec.name));
        QString range;
        if (spec.minimum && spec.maximum)
            range = tr(" Range: %1 to %2.").arg(spec.minimum.value()).arg(spec.maximum.value());
        editor->setToolTip(QString::fromStdString(spec.description) + range);
        row.editor = editor;
        row.error = errorLabel(m_parametersBox);
        m_parameterForm->addRow(QString::fromStdString(spec.name), editor);
        m_parameterForm->addRow(row.error);
        m_rows.push_back(row);
    }
}

std::optional<engine::ParamValue> StrategyPanel::valueOf(const ParamRow &row) const
{
    if (auto *box = qobject_cast<QSpinBox *>(row.editor))
        return engine::ParamValue(static_cast<std::int64_t>(box->value()));
    if (auto *box = qobject_cast<QDoubleSpinBox *>(row.editor))
        return engine::ParamValue(box->value());
    if (auto *box = qobject_cast<QCheckBox *>(row.editor))
        return engine::ParamValue(box->isChecked());
    if (auto *line = qobject_cast<QLineEdit *>(row.editor))
        return engine::ParamValue(line->text().toStdString());
    return std::nullopt;
}

void StrategyPanel::validate() const
{
    QStringList errors;
    strategyConfig(&errors);
}

std::optional<engine::StrategyConfig> StrategyPanel::strategyConfig(QStringList *errors) const
{
    QStringList problems;
    engine::StrategyConfig config = m_base;
    config.strategy = m_className.toStdString();
    config.name = m_name->text().trimmed().toStdString();
    QStringList general;
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9_.-]+$"));
    if (!validName.match(QString::fromStdString(config.name)).hasMatch())
        general << tr("Name: letters, digits, _ . - only, not empty.");
    config.symbols.clear();
    for (const QString &part : m_symbols->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const std::string symbol = part.trimmed().toUpper().toStdString();
        if (const auto parsed = engine::Symbol::parse(symbol); !parsed) {
            general << tr("Symbols: %1").arg(QString::fromStdString(parsed.error().message()));
            continue;
        }
        if (std::find(config.symbols.begin(), config.symbols.end(), symbol) != config.symbols.end()) {
            general << tr("Symbols: %1 is listed twice.").arg(QString::fromStdString(symbol));
            continue;
        }
        config.symbols.push_back(symbol);
    }
    if (config.symbols.empty() && m_symbols->text().trimmed().isEmpty())
        general << tr("Symbols: at least one symbol is needed.");
    if (const auto capital = engine::Money::parse(QString::number(m_capital->value(), 'f', 2).toStdString()))
        config.capital = *capital;
    showError(m_generalError, general.join(QLatin1Char('\n')));
    problems << general;

    const engine::StrategyInfo *info = m_registry.find(config.strategy);
    if (info == nullptr) {
        problems << tr("Unknown strategy '%1'.").arg(m_className);
    } else {
        engine::Parameters params = engine::Parameters::defaults(info->schema);
        for (const ParamRow &row : m_rows) {
            const auto value = valueOf(row);
            const auto checked = value ? info->schema.check(row.spec, *value)
                                       : engine::Result<engine::ParamValue>(engine::Error("no value"));
            if (!checked) {
                const QString message = QString::fromStdString(checked.error().message());
                showError(row.error, message);
                problems << QString::fromStdString(row.spec.name) + QStringLiteral(": ") + message;
            } else {
                showError(row.error, QString());
                params.set(row.spec.name, *checked);
            }
        }
        config.params = params;
    }
    config.riskLimits.maxPositionSize = m_maxPosition->value();
    config.riskLimits.maxLeverage = m_maxLeverage->value();
    config.riskLimits.maxDailyLoss = m_maxDailyLoss->value() > 0.0
                                         ? std::optional<double>(m_maxDailyLoss->value())
                                         : std::nullopt;
    if (errors != nullptr)
        *errors = problems;
    if (!problems.isEmpty())
        return std::nullopt;
    return config;
}

void StrategyPanel::setConfigError(const QString &message)
{
    showError(m_configError, message);
}

QString StrategyPanel::configError() const
{
    return m_configError->isVisible() || !m_configError->text().isEmpty() ? m_configError->text() : QString();
}

QWidget *StrategyPanel::parameterEditor(const QString &name) const
{
    for (const ParamRow &row : m_rows) {
        if (QString::fromStdString(row.spec.name) == name)
            return row.editor;
    }
    return nullptr;
}

QString StrategyPanel::parameterError(const QString &name) const
{
    for (const ParamRow &row : m_rows) {
        if (QString::fromStdString(row.spec.name) == name)
            return row.error->text();
    }
    return {};
}

} // namespace meridian::ui
