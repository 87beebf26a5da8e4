// `meridian run`: a paper or live run until Ctrl+C.

#include "commandline.h"
#include "commands.h"
#include "runblotter.h"

#include "engine/config/configloader.h"
#include "engine/control/backtestreport.h"
#include "engine/live/realtime/alpacacomponents.h"
#include "engine/live/realtime/brokerstartcheck.h"
#include "engine/live/realtime/liverunner.h"

#include <QCommandLineParser>

#include <pthread.h>

#include <csignal>
#include <iostream>
#include <thread>

namespace meridian::app {

using namespace meridian::engine;

namespace {

// The realtime feeds and broker adapters of this build: what `meridian run` can connect to —
// Alpaca's data stream and trading API (or whatever data.url / data.stream_url /
// execution.trading_url point at, such as `meridian sandbox`).
live::LiveOptions liveComponents()
{
    return live::alpacaLiveOptions();
}

// Ctrl+C (SIGINT) and SIGTERM stop the run cleanly. The signals are blocked in this thread and
// every thread started after it, and taken by one thread with sigwait(), which may then do
// anything (a signal handler could only set a flag).
class StopOnSignal
{
public:
    explicit StopOnSignal(live::LiveRunner &runner)
    {
        sigemptyset(&m_signals);
        sigaddset(&m_signals, SIGINT);
        sigaddset(&m_signals, SIGTERM);
        sigaddset(&m_signals, SIGUSR1); // from the destructor: the run is over
        pthread_sigmask(SIG_BLOCK, &m_signals, &m_previous);
        m_thread = std::thread([this, &runner] {
            int signal = 0;
            while (sigwait(&m_signals, &signal) == 0 && signal != SIGUSR1) {
                std::cerr << "\nmeridian: " << (signal == SIGINT ? "interrupted" : "terminated")
                          << ": stopping (working orders are handled as execution.on_stop says)\n";
                runner.requestStop();
            }
        });
    }
    ~StopOnSignal()
    {
        pthread_kill(m_thread.native_handle(), SIGUSR1);
        m_thread.join();
        pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
    }
    StopOnSignal(const StopOnSignal &) = delete;
    StopOnSignal &operator=(const StopOnSignal &) = delete;

private:
    sigset_t m_signals{};
    sigset_t m_previous{};
    std::thread m_thread;
};

// What the run is about to do, impossible to overlook.
void printModeBanner(const EngineConfig &config)
{
    const bool live = config.mode == RunMode::Live;
    const std::string rule(64, live ? '!' : '=');
    std::string where;
    if (config.execution.type == ExecutionConfig::Type::Simulated)
        where = "simulated execution: no order leaves this machine";
    else
        where = "orders go to " + config.execution.broker + ", " + config.execution.endpoint
                + " endpoint";
    std::cout << rule << "\n  " << live::modeBanner(config.mode) << "  (" << where << ")\n"
              << "  config: " << config.sourcePath << "\n"
              << rule << "\n"
              << std::flush;
}

} // namespace

int runRunCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Run a paper or live configuration until Ctrl+C, then print "
                                     "its summary.");
    parser.addHelpOption();
    parser.addOptions({
        {"config", "Environment YAML (mode: paper or live).", "FILE"},
        {"confirm-live", "Confirm that a live configuration trades real money (needed, together "
                         "with execution.confirm_live: true, for mode: live)."},
    });
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;
    if (!parser.isSet("config"))
        return usageError(parser, "run needs --config FILE");
    const StrategyRegistry registry = makeRegistry();
    const ConfigLoader loader(registry);
    const auto config = loader.loadFile(text(parser.value("config")));
    if (!config)
        return fail(config.error().message());
    printModeBanner(*config);

    live::LiveOptions options = liveComponents();
    options.confirmLive = parser.isSet("confirm-live");
    options.retainOrderLog = false;
    if (const std::optional<Error> refused = live::checkLiveSetup(*config, options))
        return fail(refused->message());
    if (config->execution.type == ExecutionConfig::Type::Broker) {
        const auto account = live::checkBrokerAccount(*config);
        if (!account)
            return fail(account.error().message());
        std::cout << "Broker account:\n";
        for (const std::string &line : account->lines)
            std::cout << "  " << line << "\n";
        std::cout << std::flush;
        if (account->refusal)
            return fail(account->refusal->message());
    }
    RunBlotter blotter(std::cout, config->data.symbols);
    options.recorder = &blotter;
    options.observer = &blotter;
    live::LiveRunner runner(*config, registry, std::move(options));
    std::optional<Result<live::LiveResult>> result;
    {
        const StopOnSignal stopOnSignal(runner);
        std::cout << "Running; Ctrl+C stops.\n" << std::flush;
        result.emplace(runner.run());
    }
    if (!*result)
        return fail((*result).error().message());
    const live::LiveResult &run = **result;
    std::cout << "\n"
              << live::modeBanner(run.mode) << " run stopped.\n"
              << backtestSummary(run.run);
    if (!run.leftWorking.empty())
        std::cout << "Orders left working (execution.on_stop: keep): " << run.leftWorking.size()
                  << "\n";
    if (run.cancellationsUnconfirmed)
        std::cerr << "meridian: warning: the broker did not confirm every cancellation in time; "
                     "check the open orders at the broker\n";
    return run.cancellationsUnconfirmed ? 1 : 0;
}

} // namespace meridian::app
