#include "engine/live/realtime/alpacacomponents.h"

#include "engine/data/baraggregator.h"
#include "engine/data/timeframe.h"
#include "engine/live/alpaca/alpacabroker.h"
#include "engine/live/alpaca/alpacadatafeed.h"
#include "engine/live/alpaca/credentials.h"
#include "engine/live/alpaca/marketdatasink.h"
#include "engine/live/realtime/brokerstartcheck.h"

#include <QThread>
#include <QTimer>

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <mutex>

namespace meridian::live {

using namespace meridian::engine;

namespace {

QUrl url(const std::string &text)
{
    return QUrl(QString::fromStdString(text));
}

AlpacaLog orStderr(AlpacaLog log)
{
    if (log)
        return log;
    // One line at a time: the feed and the broker log from their own threads.
    return [](std::string_view line) {
        static std::mutex mutex;
        const std::lock_guard lock(mutex);
        std::cerr << "meridian: " << line << "\n";
    };
}

// Hands the feed's events to the run's inbox; post() is thread-safe and blocks when it is full.
class InboxMarketSink final : public MarketDataSink
{
public:
    explicit InboxMarketSink(EventInbox &inbox)
        : m_inbox(inbox)
    {}
    void onMarketEvent(const Event &event) override { m_inbox.post(event); }

private:
    EventInbox &m_inbox;
};

// data.timeframe longer than the stream's minute bars: the minutes become completed bars of the
// run's timeframe on the feed's thread, where their end times are still known (the inbox stamps
// arrivals). Trades and quotes pass through. tick() lets time complete a bucket whose last
// minute had no trade.
class AggregatingMarketSink final : public MarketDataSink
{
public:
    AggregatingMarketSink(BarAggregator aggregator, EventInbox &inbox, AlpacaLog log)
        : m_aggregator(std::move(aggregator))
        , m_inbox(inbox)
        , m_log(std::move(log))
    {}

    void onMarketEvent(const Event &event) override
    {
        if (event.type != EventType::Bar) {
            m_inbox.post(event);
            return;
        }
        // The minute is not posted, but its end is the market's time (clock.source: broker).
        m_inbox.noteMarketTime(event.timestamp);
        const std::uint64_t late = m_aggregator.lateBars();
        m_aggregator.addBar(event.timestamp, event.bar(), m_out);
        if (m_aggregator.lateBars() != late)
            m_log(std::string("alpaca data: a minute bar arrived after its ")
                      .append(m_aggregator.target().text)
                      .append(" bar was completed; dropped (")
                      .append(std::to_string(m_aggregator.lateBars()))
                      .append(" so far)"));
        postCompleted();
    }

    void tick(Timestamp now)
    {
        m_aggregator.advanceTo(now, m_out);
        postCompleted();
    }

private:
    void postCompleted()
    {
        for (const auto &[stamp, bar] : m_out)
            m_inbox.post(Event::makeBar(stamp, bar));
        m_out.clear();
    }

    BarAggregator m_aggregator;
    EventInbox &m_inbox;
    AlpacaLog m_log;
    BarAggregator::Output m_out;
};

// The AlpacaDataFeed on its own QThread, created in start() once the instruments are known.
class AlpacaMarketFeed final : public MarketFeed
{
public:
    // `timeframe`: the run's bar length; anything but 1m is aggregated from the minute bars.
    AlpacaMarketFeed(AlpacaDataFeedOptions options, Credentials credentials, Timeframe timeframe,
                     AlpacaLog log)
        : m_options(std::move(options))
        , m_credentials(std::move(credentials))
        , m_timeframe(std::move(timeframe))
        , m_log(std::move(log))
    {}
    ~AlpacaMarketFeed() override { stop(); }
    AlpacaMarketFeed(const AlpacaMarketFeed &) = delete;
    AlpacaMarketFeed &operator=(const AlpacaMarketFeed &) = delete;

    std::optional<Error> start(EventInbox &inbox, const InstrumentTable &instruments) override
    {
        for (const std::string &symbol : m_options.bars) {
            if (!instruments.find(symbol))
                return Error("symbol " + symbol + " is not in the run's instruments");
        }
        m_thread = std::make_unique<QThread>();
        m_thread->setObjectName(QStringLiteral("alpaca-data"));
        QTimer *ticker = nullptr;
        if (m_timeframe.daily || m_timeframe.length != m_options.barInterval) {
            auto aggregator = BarAggregator::create(*Timeframe::parse("1m"), m_timeframe,
                                                    m_calendar);
            if (!aggregator)
                return aggregator.error();
            auto aggregating = std::make_unique<AggregatingMarketSink>(std::move(*aggregator),
                                                                       inbox, m_log);
            // On the feed's thread, like the sink's other calls; the inbox's time is the run's.
            ticker = new QTimer;
            ticker->setInterval(tickInterval);
            ticker->moveToThread(m_thread.get());
            QObject::connect(ticker, &QTimer::timeout, ticker,
                             [this, sink = aggregating.get(), &inbox] {
                                 // While the stream is down or its gap is being backfilled,
                                 // the missing minutes are on their way: time must not
                                 // complete a bar without them.
                                 if (m_feed != nullptr && m_feed->streaming()
                                     && !m_feed->backfilling())
                                     sink->tick(inbox.stamp());
                             });
            QObject::connect(m_thread.get(), &QThread::finished, ticker, &QObject::deleteLater);
            m_sink = std::move(aggregating);
        } else {
            m_sink = std::make_unique<InboxMarketSink>(inbox);
        }
        m_feed = new AlpacaDataFeed(m_options, m_credentials, instruments, *m_sink);
        m_feed->moveToThread(m_thread.get());
        QObject::connect(m_thread.get(), &QThread::finished, m_feed, &QObject::deleteLater);
        // The operator (and a test) can see when bars start to flow.
        QObject::connect(
            m_feed, &AlpacaDataFeed::subscribed, m_feed,
            [log = m_log] { log("alpaca data: subscribed"); }, Qt::DirectConnection);
        QObject::connect(
            m_feed, &AlpacaDataFeed::barCorrected, m_feed,
            [this](const QString &notice, qint64 barEnd) {
                const std::lock_guard lock(m_correctionsMutex);
                m_corrections.push_back(
                    FeedNotice{Timestamp::fromUnixNanos(barEnd), notice.toStdString()});
            },
            Qt::DirectConnection);
        QObject::connect(
            m_feed, &AlpacaDataFeed::refused, m_feed,
            [log = m_log, credentials = m_credentials](const QString &why) {
                log(credentials.scrub(std::string("alpaca data: refused, no more data: ")
                                          .append(why.toStdString())));
            },
            Qt::DirectConnection);
        m_thread->start();
        if (ticker != nullptr)
            QMetaObject::invokeMethod(ticker, qOverload<>(&QTimer::start), Qt::QueuedConnection);
        m_feed->start(); // queued to the feed's thread
        return std::nullopt;
    }

    void stop() override
    {
        if (!m_thread)
            return;
        // Once the thread has ended, the feed (deleted on it) posts nothing more.
        m_feed->stop();
        m_thread->quit();
        m_thread->wait();
        m_thread.reset();
        m_feed = nullptr;
    }

    std::vector<FeedNotice> barCorrections() const override
    {
        const std::lock_guard lock(m_correctionsMutex);
        return m_corrections;
    }

private:
    // How often time may complete an aggregated bar whose last minute had no trade.
    static constexpr std::chrono::milliseconds tickInterval{1000};

    AlpacaDataFeedOptions m_options;
    Credentials m_credentials;
    Timeframe m_timeframe;
    NyseCalendar m_calendar; // the aggregator's, so it outlives m_sink
    AlpacaLog m_log;
    std::unique_ptr<MarketDataSink> m_sink;
    std::unique_ptr<QThread> m_thread;
    AlpacaDataFeed *m_feed = nullptr; // lives on m_thread, deleted there
    mutable std::mutex m_correctionsMutex; // the feed's thread adds, the runner reads
    std::vector<FeedNotice> m_corrections;
};

// Unique per run (Alpaca never accepts a client_order_id twice): seconds and process id.
std::string runPrefix()
{
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    return std::string("mer-")
        .append(std::to_string(seconds))
        .append("-")
        .append(std::to_string(::getpid()));
}

} // namespace

AlpacaEndpoints alpacaEndpoints(const EngineConfig &config)
{
    const AlpacaBrokerOptions hosts = config.execution.endpoint == "live"
                                          ? AlpacaBrokerOptions::live({})
                                          : AlpacaBrokerOptions::paper({});
    AlpacaEndpoints endpoints;
    endpoints.trading = hosts.tradingUrl;
    endpoints.tradingStream = hosts.streamUrl;
    if (!config.execution.tradingUrl.empty()) {
        endpoints.trading = url(config.execution.tradingUrl);
        QUrl stream = endpoints.trading;
        stream.setScheme(endpoints.trading.scheme() == QLatin1String("https")
                             ? QStringLiteral("wss")
                             : QStringLiteral("ws"));
        stream.setPath(stream.path() + QStringLiteral("/stream"));
        endpoints.tradingStream = stream;
    }
    const AlpacaDataFeedOptions data = AlpacaDataFeedOptions::iex();
    endpoints.data = config.data.url.empty() ? data.restUrl : url(config.data.url);
    if (config.data.streamUrl.empty()) {
        QUrl stream = data.streamUrl;
        stream.setPath(QStringLiteral("/v2/") + QString::fromStdString(config.data.feed));
        endpoints.dataStream = stream;
    } else {
        endpoints.dataStream = url(config.data.streamUrl);
    }
    return endpoints;
}

std::string alpacaKeychainService(const EngineConfig &config)
{
    return config.execution.type == ExecutionConfig::Type::Broker
                   && config.execution.endpoint == "live"
               ? "meridian-alpaca-live"
               : "meridian-alpaca-paper";
}

Result<Credentials> alpacaCredentials(const EngineConfig &config)
{
    auto credentials = Credentials::load(alpacaKeychainService(config));
    if (!credentials)
        return Error(std::string("no Alpaca keys: set ")
                         .append(Credentials::keyIdVariable)
                         .append(" and ")
                         .append(Credentials::secretVariable)
                         .append(" or store them in the keyring (")
                         .append(credentials.error().message())
                         .append(")"));
    return credentials;
}

FeedFactory alpacaFeedFactory(AlpacaLog log)
{
    return [log = orStderr(std::move(log))](
               const EngineConfig &config) -> Result<std::unique_ptr<MarketFeed>> {
        // The stream's `b` messages are minute bars (`d` is a running day, not a completed
        // bar): longer bars are aggregated from them, shorter ones cannot be had.
        const auto timeframe = Timeframe::parse(config.data.timeframe);
        if (!timeframe)
            return timeframe.error().withContext("data.timeframe");
        if (!timeframe->daily && timeframe->length.count() % Duration::minutes(1).count() != 0)
            return Error("data.timeframe '" + config.data.timeframe
                         + "': bars are built from the Alpaca stream's minute bars; use whole "
                           "minutes (1m, 5m, 1h) or 1d");
        auto credentials = alpacaCredentials(config);
        if (!credentials)
            return credentials.error();
        const AlpacaEndpoints endpoints = alpacaEndpoints(config);
        AlpacaDataFeedOptions options;
        options.streamUrl = endpoints.dataStream;
        options.restUrl = endpoints.data;
        options.feed = config.data.feed;
        options.bars = config.data.symbols;
        if (config.data.trades)
            options.trades = config.data.symbols;
        if (config.data.quotes)
            options.quotes = config.data.symbols;
        options.barTimeframe = "1Min";
        options.barInterval = Duration::minutes(1);
        options.log = log;
        return std::unique_ptr<MarketFeed>(
            std::make_unique<AlpacaMarketFeed>(options, std::move(*credentials), *timeframe, log));
    };
}

BrokerFactory alpacaBrokerFactory(AlpacaLog log)
{
    return [log = orStderr(std::move(log))](OrderEventSink &sink, const EngineConfig &config,
                                            const InstrumentTable &instruments)
               -> Result<std::unique_ptr<BrokerAdapter>> {
        if (config.execution.broker != "alpaca")
            return Error("no adapter for broker '" + config.execution.broker + "'");
        auto credentials = alpacaCredentials(config);
        if (!credentials)
            return credentials.error();
        const AlpacaEndpoints endpoints = alpacaEndpoints(config);
        AlpacaBrokerOptions options = config.execution.endpoint == "live"
                                          ? AlpacaBrokerOptions::live(runPrefix())
                                          : AlpacaBrokerOptions::paper(runPrefix());
        options.tradingUrl = endpoints.trading;
        options.streamUrl = endpoints.tradingStream;
        options.log = log;
        auto broker
            = AlpacaBroker::create(std::move(options), std::move(*credentials), instruments, sink);
        if (!broker)
            return broker.error();
        (*broker)->start();
        return std::unique_ptr<BrokerAdapter>(std::move(*broker));
    };
}

LiveOptions alpacaLiveOptions(AlpacaLog log)
{
    LiveOptions options;
    options.feed = alpacaFeedFactory(log);
    options.broker = alpacaBrokerFactory(std::move(log));
    options.marketTime = [](const EngineConfig &config) -> Result<Timestamp> {
        const auto credentials = alpacaCredentials(config);
        if (!credentials)
            return credentials.error();
        const auto clock = fetchBrokerClock(alpacaEndpoints(config).trading, *credentials,
                                            std::chrono::seconds(10));
        if (!clock)
            return clock.error();
        return clock->timestamp;
    };
    return options;
}

} // namespace meridian::live
