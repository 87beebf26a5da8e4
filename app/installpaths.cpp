#include "installpaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace meridian::app {

namespace {
bool looksLikeRoot(const QString &dir)
{
    return QFileInfo::exists(dir + "/resources/data") && QFileInfo::exists(dir + "/config/environments");
}
} // namespace

QString installRoot()
{
    const QString fromEnvironment = qEnvironmentVariable("MERIDIAN_HOME");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QString installed = QDir(QCoreApplication::applicationDirPath()).absoluteFilePath("../share/meridian");
    if (looksLikeRoot(installed))
        return QDir::cleanPath(installed);
    return QStringLiteral(MERIDIAN_SOURCE_DIR);
}

QString bundledDataDir()
{
    return installRoot() + "/resources/data";
}

QString defaultBacktestConfig()
{
    return installRoot() + "/config/environments/backtest.yaml";
}

QString pluginDir()
{
    const QString fromEnvironment = qEnvironmentVariable("MERIDIAN_PLUGIN_DIR");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/meridian/plugins";
}

} // namespace meridian::app
