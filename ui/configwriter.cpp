#include "ui/configwriter.h"

#include "engine/config/configloader.h"
#include "engine/config/configwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

namespace meridian::ui {

QString nextVersionPath(const QString &path)
{
    const QFileInfo info(path);
    static const QRegularExpression versioned(QStringLiteral(R"(^(.*)\.v(\d+)$)"));
    QString stem = info.completeBaseName();
    int version = 1;
    const QRegularExpressionMatch match = versioned.match(stem);
    if (match.hasMatch()) {
        stem = match.captured(1);
        version = match.captured(2).toInt();
    }
    for (int next = version + 1;; ++next) {
        const QString candidate = info.dir().filePath(QStringLiteral("%1.v%2.yaml").arg(stem).arg(next));
        if (!QFileInfo::exists(candidate))
            return candidate;
    }
}

QString saveConfigVersion(const engine::EngineConfig &config, const engine::StrategyRegistry &registry,
                          QString *error)
{
    const QString path = nextVersionPath(QString::fromStdString(config.sourcePath));
    const std::string yaml = engine::configYaml(config);
    // Check before writing: a file the loader would refuse is not a version.
    const engine::ConfigLoader loader(registry);
    const auto reloaded = loader.loadText(yaml, path.toStdString());
    if (!reloaded) {
        if (error != nullptr)
            *error = QString::fromStdString(reloaded.error().message());
        return {};
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error != nullptr)
            *error = QObject::tr("cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
    file.write(yaml.data(), static_cast<qint64>(yaml.size()));
    if (!file.commit()) {
        if (error != nullptr)
            *error = QObject::tr("cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
    return path;
}

} // namespace meridian::ui
