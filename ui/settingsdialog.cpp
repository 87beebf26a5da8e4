#include "ui/settingsdialog.h"

#include "ui/languagemanager.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace meridian::ui {

SettingsDialog::SettingsDialog(ThemeKind theme, LanguageManager &languages, QWidget *parent)
    : QDialog(parent)
    , m_languages(languages)
    , m_theme(new QComboBox(this))
    , m_language(new QComboBox(this))
    , m_themeLabel(new QLabel(this))
    , m_languageLabel(new QLabel(this))
{
    m_theme->addItem(QString(), QVariant::fromValue(static_cast<int>(ThemeKind::Dark)));
    m_theme->addItem(QString(), QVariant::fromValue(static_cast<int>(ThemeKind::Light)));
    m_theme->setCurrentIndex(theme == ThemeKind::Dark ? 0 : 1);
    for (const QString &code : languages.availableLanguages())
        m_language->addItem(LanguageManager::displayName(code), code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(languages.language())));

    auto *form = new QFormLayout;
    form->addRow(m_themeLabel, m_theme);
    form->addRow(m_languageLabel, m_language);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(m_theme, &QComboBox::currentIndexChanged, this, [this] {
        emit themeChosen(static_cast<ThemeKind>(m_theme->currentData().toInt()));
    });
    connect(m_language, &QComboBox::currentIndexChanged, this,
            [this] { m_languages.setLanguage(m_language->currentData().toString()); });
    setMinimumWidth(320);
    retranslate();
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void SettingsDialog::retranslate()
{
    setWindowTitle(tr("Settings"));
    m_themeLabel->setText(tr("Theme"));
    m_languageLabel->setText(tr("Language"));
    m_theme->setItemText(0, tr("Dark"));
    m_theme->setItemText(1, tr("Light"));
}

} // namespace meridian::ui
