#include "commandline.h"

#include "engine/core/civiltime.h"

#include <fstream>
#include <iostream>
#include <utility>

namespace meridian::app {

using namespace meridian::engine;

std::string text(const QString &value)
{
    return value.toStdString();
}

int usageError(const QCommandLineParser &parser, const QString &message)
{
    std::cerr << "meridian: " << text(message) << "\n\n" << text(parser.helpText());
    return 2;
}

std::optional<int> parseOrHelp(QCommandLineParser &parser, const QStringList &arguments)
{
    if (!parser.parse(arguments))
        return usageError(parser, parser.errorText());
    if (parser.isSet("help")) {
        std::cout << text(parser.helpText());
        return 0;
    }
    return std::nullopt;
}

int fail(const std::string &message)
{
    std::cerr << "meridian: " << message << "\n";
    return 1;
}

bool writeFile(const std::string &path, const std::string &content)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) {
        std::cerr << "meridian: cannot write '" << path << "'\n";
        return false;
    }
    return true;
}

Result<Timestamp> parseBound(const QString &value, bool endOfDay)
{
    const std::string raw = text(value);
    if (raw.size() == 10) {
        const auto date = Date::parse(raw);
        if (!date)
            return date.error();
        if (endOfDay)
            return newYorkTime(date->addDays(1), TimeOfDay{}) - Duration::nanoseconds(1);
        return newYorkTime(*date, TimeOfDay{});
    }
    return parseTimestamp(raw, LocalZone::NewYork);
}

std::optional<QString> readRange(const QCommandLineParser &parser, std::optional<Timestamp> &from,
                                 std::optional<Timestamp> &to)
{
    for (const auto &[name, endOfDay] : {std::pair{"from", false}, std::pair{"to", true}}) {
        if (!parser.isSet(name))
            continue;
        const auto bound = parseBound(parser.value(name), endOfDay);
        if (!bound)
            return QString("--%1: %2").arg(name, QString::fromStdString(bound.error().message()));
        (endOfDay ? to : from) = *bound;
    }
    return std::nullopt;
}

} // namespace meridian::app
