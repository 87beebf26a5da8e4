#include "ui/languagemanager.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace meridian::ui {

namespace {

const QString sourceLanguage = QStringLiteral("en");
const QString resourceDir = QStringLiteral(":/i18n");
const QString settingsKey = QStringLiteral("language");

QString qmPath(const QString &code)
{
    return resourceDir + QStringLiteral("/meridian_") + code + QStringLiteral(".qm");
}

QLocale localeOf(const QString &code)
{
    // English numbers as in the US (1,234.56) rather than the bare C locale without separators.
    return code == sourceLanguage ? QLocale(QLocale::English, QLocale::UnitedStates)
                                  : QLocale(code);
}

} // namespace

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent)
{}

LanguageManager::~LanguageManager()
{
    removeTranslators();
}

QStringList LanguageManager::availableLanguages() const
{
    QStringList codes{sourceLanguage};
    const QStringList files
        = QDir(resourceDir).entryList({QStringLiteral("meridian_*.qm")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QString code = file.mid(9, file.size() - 9 - 3); // meridian_<code>.qm
        if (!code.isEmpty() && code != sourceLanguage)
            codes << code;
    }
    return codes;
}

QString LanguageManager::displayName(const QString &code)
{
    // Qt names the US locale "American English"; the language is English.
    if (code == sourceLanguage)
        return QStringLiteral("English");
    const QLocale locale(code);
    QString name = locale.nativeLanguageName();
    if (!name.isEmpty())
        name[0] = name[0].toUpper();
    return name.isEmpty() ? code : name;
}

bool LanguageManager::setLanguage(const QString &code)
{
    if (!availableLanguages().contains(code))
        return false;
    auto translator = std::make_unique<QTranslator>();
    if (code != sourceLanguage && !translator->load(qmPath(code)))
        return false;
    removeTranslators();
    QLocale::setDefault(localeOf(code));
    if (code != sourceLanguage) {
        // Qt's own strings (standard buttons, file dialogs) when the system ships them.
        auto qtTranslator = std::make_unique<QTranslator>();
        if (qtTranslator->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                               QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qtTranslator.get());
            m_qtTranslator = std::move(qtTranslator);
        }
        QCoreApplication::installTranslator(translator.get());
        m_translator = std::move(translator);
    }
    const bool changed = m_language != code;
    m_language = code;
    QSettings().setValue(settingsKey, code);
    if (changed)
        emit languageChanged(code);
    return true;
}

void LanguageManager::restoreLanguage()
{
    const QString saved = QSettings().value(settingsKey, sourceLanguage).toString();
    if (!setLanguage(saved))
        setLanguage(sourceLanguage);
}

void LanguageManager::removeTranslators()
{
    if (m_translator) {
        QCoreApplication::removeTranslator(m_translator.get());
        m_translator.reset();
    }
    if (m_qtTranslator) {
        QCoreApplication::removeTranslator(m_qtTranslator.get());
        m_qtTranslator.reset();
    }
}

} // namespace meridian::ui
