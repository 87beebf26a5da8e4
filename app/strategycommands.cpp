// `meridian lint-strategy` and `meridian strategies`.

#include "commandline.h"
#include "commands.h"

#include "engine/control/strategylint.h"

#include <QCommandLineParser>

#include <iostream>

namespace meridian::app {

using namespace meridian::engine;

int runLintCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Check strategy sources: no wall clock, no I/O, no mutable globals, SDK includes only.");
    parser.addHelpOption();
    parser.addPositionalArgument("files", "Strategy source files.", "FILE...");
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;
    if (parser.positionalArguments().isEmpty())
        return usageError(parser, "lint-strategy needs at least one FILE");
    int findings = 0;
    for (const QString &file : parser.positionalArguments()) {
        const auto result = lintStrategyFile(text(file));
        if (!result)
            return fail(result.error().message());
        for (const LintFinding &finding : *result) {
            std::cout << finding.file << ":" << finding.line << ":" << finding.column << ": " << finding.rule
                      << ": " << finding.message << "\n";
            ++findings;
        }
    }
    if (findings > 0) {
        std::cerr << findings << " finding(s)\n";
        return 1;
    }
    std::cout << parser.positionalArguments().size() << " file(s) clean\n";
    return 0;
}

int runStrategiesCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("List the registered strategies and their parameters.");
    parser.addHelpOption();
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;
    const StrategyRegistry registry = makeRegistry();
    for (const std::string &name : registry.names()) {
        const StrategyInfo *info = registry.find(name);
        std::cout << name << " — " << info->description << " (" << info->origin << ")\n";
        for (const ParamSpec &spec : info->schema.specs()) {
            std::cout << "    " << spec.name << " (" << toString(spec.type) << ", default "
                      << formatParamValue(spec.defaultValue);
            if (spec.minimum && spec.maximum)
                std::cout << ", range [" << *spec.minimum << ", " << *spec.maximum << "]";
            std::cout << "): " << spec.description << "\n";
        }
    }
    return 0;
}

} // namespace meridian::app
