#pragma once

// The language of the user interface. English is the source language; every other one is a
// translations/meridian_<code>.ts compiled into the app under :/i18n/ (translations.cmake).
// setLanguage() installs the translator (plus Qt's own for standard dialogs, where the system has
// it), makes the language's locale the default for numbers and dates, and keeps the choice in
// QSettings("language"). Installing a translator sends QEvent::LanguageChange to every widget,
// which retranslates in changeEvent().
//
//     LanguageManager languages(&app);
//     languages.restoreLanguage();            // the saved choice, else English
//     languages.setLanguage("de");

#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

class QTranslator;

namespace meridian::ui {

class LanguageManager : public QObject
{
    Q_OBJECT

public:
    explicit LanguageManager(QObject *parent = nullptr);
    ~LanguageManager() override;

    // "en" first, then every compiled-in translation, by code.
    QStringList availableLanguages() const;
    // The language's own name for itself: "English", "Deutsch".
    static QString displayName(const QString &code);

    // False (and nothing changes) for a code without a translation.
    bool setLanguage(const QString &code);
    QString language() const { return m_language; }
    // Applies QSettings("language") when it names an available language; English otherwise.
    void restoreLanguage();

signals:
    void languageChanged(const QString &code);

private:
    void removeTranslators();

    QString m_language = QStringLiteral("en");
    std::unique_ptr<QTranslator> m_translator;
    std::unique_ptr<QTranslator> m_qtTranslator;
};

} // namespace meridian::ui
