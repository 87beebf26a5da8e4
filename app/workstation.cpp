#include "workstation.h"

#include "commands.h"
#include "installpaths.h"

#include "ui/languagemanager.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QIcon>

namespace meridian::app {

int runWorkstation(int &argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Meridian"));
    QApplication::setApplicationName(QStringLiteral("meridian"));
    QApplication::setApplicationDisplayName(QStringLiteral("Meridian"));
    QApplication::setApplicationVersion(QStringLiteral(MERIDIAN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("meridian"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/meridian.png")));

    const engine::StrategyRegistry registry = makeRegistry();
    ui::LanguageManager languages;
    languages.restoreLanguage();

    ui::WorkstationOptions options;
    options.defaultConfig = defaultBacktestConfig();
    options.configDir = QFileInfo(options.defaultConfig).absolutePath();
    options.bundledDataDir = bundledDataDir();
    ui::MainWindow window(registry, languages, options);
    window.show();
    return app.exec();
}

} // namespace meridian::app
