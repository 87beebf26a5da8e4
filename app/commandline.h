#pragma once

// What every subcommand's argument handling shares: usage errors and --help in one shape
// (exit code 2 and the help text on stderr), failures as "meridian: message" (exit code 1), and
// the --from/--to time bounds.

#include "engine/core/result.h"
#include "engine/core/timestamp.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>
#include <string>

namespace meridian::app {

std::string text(const QString &value);

// Prints the message and the command's help to stderr; returns 2.
int usageError(const QCommandLineParser &parser, const QString &message);
// Parses `arguments`; an exit code when there is nothing more to do (--help, or a usage error).
std::optional<int> parseOrHelp(QCommandLineParser &parser, const QStringList &arguments);
// Prints "meridian: message" to stderr; returns 1.
int fail(const std::string &message);
// Writes `content` to `path` (replacing it); says so on stderr and returns false when it cannot.
bool writeFile(const std::string &path, const std::string &content);

// --from/--to take a date (New York) or an ISO-8601 time; --to DATE includes that whole day.
engine::Result<engine::Timestamp> parseBound(const QString &value, bool endOfDay);
// --from and --to into `from` and `to`; the usage error when one is malformed.
std::optional<QString> readRange(const QCommandLineParser &parser,
                                 std::optional<engine::Timestamp> &from,
                                 std::optional<engine::Timestamp> &to);

} // namespace meridian::app
