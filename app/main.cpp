// meridian: the workstation and its command-line tools.
//
//   meridian                       the workstation (headless without a display: default backtest)
//   meridian backtest --config F   run a backtest, print the summary, write JSON/CSV reports
//   meridian import --csv F ...    import bars into the SQLite store
//   meridian data list|check       list the stored datasets; data-quality report per symbol
//   meridian strategies            list the registered strategies and their parameters
//   meridian features list|compute list the features; compute one over a stored dataset
//   meridian run --config F        a paper or live run until Ctrl+C (live: --confirm-live too)
//   meridian lint-strategy F...    check strategy sources against the SDK rules
//   meridian sandbox --symbols S   the loopback Alpaca stand-in replaying stored bars

#include "commands.h"
#include "workstation.h"

#include <QCoreApplication>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {

void printUsage()
{
    std::cout << "usage: meridian [COMMAND] [OPTIONS]\n\n"
                 "Without a command, starts the workstation (with no display it runs the default\n"
                 "backtest headless on the bundled sample data).\n\n"
                 "Commands:\n"
                 "  backtest --config FILE [--store PATH] [--from DATE] [--to DATE]\n"
                 "           [--json FILE] [--equity-csv FILE] [--trades-csv FILE]\n"
                 "  import --csv FILE --symbol SYM --timeframe 1d|1h|1m|... [--store PATH]\n"
                 "         [--quarantine FILE]\n"
                 "  import --corporate-actions FILE | --factor-file FILE --symbol SYM [--store PATH]\n"
                 "  data list [--store PATH]\n"
                 "  data check [--store PATH] [--symbol SYM]... [--timeframe TF] [--z Z] [--stale N]\n"
                 "  strategies\n"
                 "  features list\n"
                 "  features compute --symbol SYM --feature NAME [--param K=V]... [--store PATH]\n"
                 "           [--timeframe TF] [--from DATE] [--to DATE] [--csv FILE] [--benchmark SYM]\n"
                 "           [--drift REF,RECENT]\n"
                 "  lint-strategy FILE...\n"
                 "  sandbox --symbols SYM,... --key-id K --secret S [--store PATH]\n"
                 "          [--timeframe 1Min|1Day] [--from WHEN] [--to WHEN] [--speed max|Nx]\n"
                 "          [--port N] [fault switches: see sandbox --help]\n"
                 "  run --config FILE [--confirm-live]   paper or live, until Ctrl+C\n"
                 "  help | --help, version | --version\n\n"
                 "Each command takes --help.\n";
}

bool hasDisplay()
{
    const char *platform = std::getenv("QT_QPA_PLATFORM");
    if (platform != nullptr && std::string(platform) == "offscreen")
        return false;
    const char *x11 = std::getenv("DISPLAY");
    const char *wayland = std::getenv("WAYLAND_DISPLAY");
    return (x11 != nullptr && *x11 != '\0') || (wayland != nullptr && *wayland != '\0');
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc < 2 && hasDisplay())
        return meridian::app::runWorkstation(argc, argv);
    // The subcommands' --help reads "Usage: meridian backtest [options]": Qt takes that name from
    // argv[0], which is otherwise the path the binary was started by.
    std::string usageName = "meridian";
    if (argc >= 2)
        usageName.append(" ").append(argv[1]);
    std::vector<char *> arguments(argv, argv + argc);
    arguments[0] = usageName.data();
    QCoreApplication app(argc, arguments.data());
    QCoreApplication::setApplicationName("meridian");
    QCoreApplication::setApplicationVersion(MERIDIAN_VERSION);
    if (argc < 2)
        return meridian::app::runHeadlessWorkstation();
    QStringList commandArguments = QCoreApplication::arguments();
    const QString command = commandArguments.at(1);
    commandArguments.removeAt(1); // the subcommand's parser sees: program, its options
    if (command == "backtest")
        return meridian::app::runBacktestCommand(commandArguments);
    if (command == "import")
        return meridian::app::runImportCommand(commandArguments);
    if (command == "data")
        return meridian::app::runDataCommand(commandArguments);
    if (command == "lint-strategy")
        return meridian::app::runLintCommand(commandArguments);
    if (command == "strategies")
        return meridian::app::runStrategiesCommand(commandArguments);
    if (command == "features")
        return meridian::app::runFeaturesCommand(commandArguments);
    if (command == "sandbox")
        return meridian::app::runSandboxCommand(commandArguments);
    if (command == "run")
        return meridian::app::runRunCommand(commandArguments);
    if (command == "help" || command == "--help" || command == "-h") {
        printUsage();
        return 0;
    }
    if (command == "version" || command == "--version") {
        std::cout << "meridian " << MERIDIAN_VERSION << "\n";
        return 0;
    }
    std::cerr << "meridian: unknown command '" << command.toStdString() << "'\n\n";
    printUsage();
    return 2;
}
