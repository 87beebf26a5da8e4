#pragma once

// SettingsDialog: the theme (dark, the default, or light) and the language, applied at once and
// kept in QSettings by their owners (MainWindow for the theme, LanguageManager for the language).

#include "ui/theme.h"

#include <QDialog>

class QComboBox;
class QLabel;

namespace meridian::ui {

class LanguageManager;

class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(ThemeKind theme, LanguageManager &languages, QWidget *parent = nullptr);

signals:
    void themeChosen(meridian::ui::ThemeKind kind);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    LanguageManager &m_languages;
    QComboBox *m_theme;
    QComboBox *m_language;
    QLabel *m_themeLabel;
    QLabel *m_languageLabel;
};

} // namespace meridian::ui
