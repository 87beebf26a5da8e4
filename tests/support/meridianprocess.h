#pragma once

// Tests of the `meridian` binary (MERIDIAN_BINARY): runs it headless with HOME and XDG_DATA_HOME
// in a scratch folder, and returns its exit code and output.

#include <QProcess>
#include <QString>
#include <QStringList>

namespace meridian::testing {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

inline Run runMeridian(const QString &home, const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("HOME", home);
    environment.insert("XDG_DATA_HOME", home + "/data");
    environment.remove("DISPLAY");
    environment.remove("WAYLAND_DISPLAY");
    process.setProcessEnvironment(environment);
    process.start(MERIDIAN_BINARY, arguments);
    if (!process.waitForFinished(120000))
        qFatal("meridian did not finish");
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace meridian::testing
