#include "engine/live/alpaca/alpacabroker.h"

#include "engine/live/alpaca/alpacatradingclient.h"

#include <QThread>

#include <chrono>

namespace meridian::live {

using engine::Error;
using engine::Result;

namespace {

constexpr std::size_t maxClientOrderIdLength = 48;
// "-" + the largest OrderId (20 digits) must fit after the prefix.
constexpr std::size_t maxRunPrefixLength = maxClientOrderIdLength - 21 - 1;

AlpacaBrokerOptions withHosts(std::string runPrefix, const char *trading, const char *stream)
{
    AlpacaBrokerOptions options;
    options.tradingUrl = QUrl(QString::fromLatin1(trading));
    options.streamUrl = QUrl(QString::fromLatin1(stream));
    options.runPrefix = std::move(runPrefix);
    return options;
}

} // namespace

AlpacaBrokerOptions AlpacaBrokerOptions::paper(std::string runPrefix)
{
    return withHosts(std::move(runPrefix), "https://paper-api.alpaca.markets",
                     "wss://paper-api.alpaca.markets/stream");
}

AlpacaBrokerOptions AlpacaBrokerOptions::live(std::string runPrefix)
{
    return withHosts(std::move(runPrefix), "https://api.alpaca.markets",
                     "wss://api.alpaca.markets/stream");
}

std::string AlpacaBroker::clientOrderId(std::string_view runPrefix, engine::OrderId order)
{
    std::string id(runPrefix);
    id += '-';
    id += std::to_string(order.value());
    return id;
}

Result<std::unique_ptr<AlpacaBroker>> AlpacaBroker::create(
    AlpacaBrokerOptions options, Credentials credentials,
    const engine::InstrumentTable &instruments, engine::OrderEventSink &sink)
{
    if (!options.tradingUrl.isValid() || options.tradingUrl.host().isEmpty())
        return Error("alpaca: invalid trading URL "
                     + engine::quoted(options.tradingUrl.toString().toStdString()));
    if (!options.streamUrl.isValid() || options.streamUrl.host().isEmpty())
        return Error("alpaca: invalid trading stream URL "
                     + engine::quoted(options.streamUrl.toString().toStdString()));
    const std::string &prefix = options.runPrefix;
    if (prefix.empty() || prefix.size() > maxRunPrefixLength)
        return Error("alpaca: the run prefix must have 1 to " + std::to_string(maxRunPrefixLength)
                     + " characters, got " + engine::quoted(prefix));
    for (const char c : prefix) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_';
        if (!ok)
            return Error("alpaca: the run prefix " + engine::quoted(prefix)
                         + " may hold only letters, digits, '-' and '_'");
    }
    if (options.maxSubmitAttempts < 1 || options.maxLookupAttempts < 1)
        return Error("alpaca: attempts must be at least 1");
    if (!options.now)
        options.now = wallClockNow;

    std::unique_ptr<AlpacaBroker> broker(new AlpacaBroker());
    const bool ownThread = options.ownThread;
    broker->m_client = new AlpacaTradingClient(std::move(options), std::move(credentials),
                                               instruments, sink);
    if (ownThread) {
        broker->m_thread = new QThread();
        broker->m_thread->setObjectName(QStringLiteral("alpaca-trading"));
        broker->m_client->moveToThread(broker->m_thread);
        broker->m_thread->start();
    }
    return broker;
}

AlpacaBroker::~AlpacaBroker()
{
    if (m_thread != nullptr) {
        // The worker and its sockets are destroyed on their own thread: deferred deletions
        // posted to it are still run once `finished` has been emitted.
        QObject::connect(m_thread, &QThread::finished, m_client, &QObject::deleteLater);
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
    } else {
        delete m_client;
    }
}

void AlpacaBroker::start()
{
    AlpacaTradingClient *client = m_client;
    QMetaObject::invokeMethod(client, [client] { client->startStream(); }, Qt::QueuedConnection);
}

void AlpacaBroker::submit(const engine::Order &order, engine::Timestamp)
{
    AlpacaTradingClient *client = m_client;
    QMetaObject::invokeMethod(client, [client, order] { client->submitOrder(order); },
                              Qt::QueuedConnection);
}

void AlpacaBroker::cancel(engine::OrderId order, engine::Timestamp, std::string_view reason)
{
    AlpacaTradingClient *client = m_client;
    QMetaObject::invokeMethod(
        client, [client, order, text = std::string(reason)] { client->cancelOrder(order, text); },
        Qt::QueuedConnection);
}

void AlpacaBroker::replace(engine::OrderId old, const engine::Order &replacement,
                           engine::Timestamp)
{
    AlpacaTradingClient *client = m_client;
    QMetaObject::invokeMethod(
        client, [client, old, replacement] { client->replaceOrder(old, replacement); },
        Qt::QueuedConnection);
}

void AlpacaBroker::onMarketData(const engine::Event &)
{
    // The broker matches orders itself; market data is not needed here.
}

void AlpacaBroker::requestAccount(std::function<void(Result<AlpacaAccount>)> done)
{
    AlpacaTradingClient *client = m_client;
    QMetaObject::invokeMethod(
        client, [client, done = std::move(done)] { client->fetchAccount(done); },
        Qt::QueuedConnection);
}

void AlpacaBroker::requestPositions(
    std::function<void(Result<std::vector<AlpacaPosition>>)> done)
{
    AlpacaTradingClient *client = m_client;
    QMetaObject::invokeMethod(
        client, [client, done = std::move(done)] { client->fetchPositions(done); },
        Qt::QueuedConnection);
}

} // namespace meridian::live
