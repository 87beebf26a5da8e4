// The Alpaca adapter end to end against the sandbox: AlpacaBroker (on its own worker thread) and
// AlpacaDataFeed talk to a SandboxServer on 127.0.0.1 port 0 that replays the bundled SPY minute
// bars of 2013-10-04 and is advanced explicitly with step().
//
// Hand-worked figures (resources/data/minute/SPY.csv, New York bar starts; checked against the
// rows in initTestCase):
//   09:30 o 167.74 c 167.77    09:31 o 167.76 c 167.75    09:32 o 167.75 c 167.61
// Before the first step the sandbox clock is 09:30 and the market open, so a market order fills
// against the 09:30 bar, at its open. With partial_fill_p = 1 every execution takes half the
// remainder in whole shares, so a market buy of 4 fills 2 @ 167.74, 1 @ 167.76, 1 @ 167.75:
//   cost = 335.48 + 167.76 + 167.75 = 670.99, avg entry = 670.99 / 4 = 167.7475,
//   cash = 100000 - 670.99 = 99329.01.
// When the last two executions are only learned by REST (stream down), the adapter delivers them
// as one fill of 2 priced from the cumulative average: (670.99 - 335.48) / 2 = 167.755.
// A market buy of 1000 needs about 167740 > 100000 of buying power: 403.
//
// Order classes (the engine's bracket: entry alone, then its two exits linked by `sibling`,
// which the adapter sends as one native oco; SPY 09:31 h 167.83 l 167.73, 09:32 l 167.57):
// - entry market buy 10 at the 09:30 open 167.74; exits take-profit 167.80 / stop 167.50 work
//   from 09:31: its high 167.83 >= 167.80 fills the take-profit at max(167.80, open 167.76) =
//   167.80, and the broker cancels the stop. Cash 100000 - 1677.40 + 1678.00 = 100000.60.
// - the same with take-profit 168.50 / stop 167.60: 09:31 (h 167.83, l 167.73) touches neither;
//   09:32 low 167.57 <= 167.60 fills the stop at min(167.60, open 167.75) = 167.60 and the
//   broker cancels the take-profit. Cash 100000 - 1677.40 + 1676.00 = 99998.60.

#include "engine/live/alpaca/alpacabroker.h"
#include "engine/live/alpaca/alpacadatafeed.h"
#include "engine/live/alpaca/alpacatradingclient.h"
#include "tst_sandboxclient.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QUrlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <mutex>
#include <optional>

using namespace meridian;
using namespace meridian::live;
using namespace sandboxtest;
using engine::Event;
using engine::EventType;
using engine::Money;
using engine::OrderId;
using engine::Price;
using engine::Quantity;

namespace {

Price price(const char *text)
{
    return *Price::parse(text);
}

// Every qDebug/qWarning/... line of the process, whoever writes it.
std::mutex g_messagesMutex;
QStringList g_messages;
QtMessageHandler g_previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    {
        std::lock_guard lock(g_messagesMutex);
        g_messages.append(text);
    }
    if (g_previousHandler)
        g_previousHandler(type, context, text);
}

// Order events arrive on the broker's worker thread.
class RecordingSink : public engine::OrderEventSink
{
public:
    void onOrderEvent(const Event &event) override
    {
        std::lock_guard lock(m_mutex);
        m_events.push_back(event);
    }
    std::vector<Event> events() const
    {
        std::lock_guard lock(m_mutex);
        return m_events;
    }
    std::size_t size() const { return events().size(); }
    std::vector<Event> of(OrderId order) const
    {
        std::vector<Event> out;
        for (const Event &event : events())
            if (event.order().orderId == order)
                out.push_back(event);
        return out;
    }
    std::size_t count(OrderId order, EventType type) const
    {
        std::size_t n = 0;
        for (const Event &event : of(order))
            n += event.type == type ? 1 : 0;
        return n;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<Event> m_events;
};

// Market events arrive on the feed's thread (here the test's); locked anyway.
class BarSink : public MarketDataSink
{
public:
    void onMarketEvent(const Event &event) override
    {
        std::lock_guard lock(m_mutex);
        if (event.type == EventType::Bar)
            m_bars.push_back(event);
    }
    std::vector<Event> bars() const
    {
        std::lock_guard lock(m_mutex);
        return m_bars;
    }
    std::size_t size() const { return bars().size(); }

private:
    mutable std::mutex m_mutex;
    std::vector<Event> m_bars;
};

bool isFill(const Event &event)
{
    return event.type == EventType::OrderPartiallyFilled || event.type == EventType::OrderFilled;
}

} // namespace

class TestAlpacaSandbox : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_store;
    std::map<QString, CsvBar> m_rows;
    engine::InstrumentTable m_instruments;
    engine::InstrumentId m_spy;
    engine::InstrumentId m_qqq; // known to the engine, not replayed by the sandbox

    std::mutex m_logMutex;
    std::vector<std::string> m_log;

    // Orders are decided at the sandbox's clock before the first step.
    const engine::Timestamp m_marketNow = nyTime(9, 30);

    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<RecordingSink> m_sink;
    std::unique_ptr<AlpacaBroker> m_broker;

    void startSandbox(double partialFillP = 0.0, const QString &journal = {})
    {
        SandboxConfig config = spyConfig(m_store, nyTime(9, 31), nyTime(16, 10));
        config.partialFillP = partialFillP;
        config.journalPath = journal;
        config.seed = 7;
        m_sandbox = std::make_unique<SandboxServer>(config);
        const auto started = m_sandbox->start();
        if (!started)
            qFatal("%s", started.error().message().c_str());
    }

    std::function<void(std::string_view)> logger()
    {
        return [this](std::string_view line) {
            std::lock_guard lock(m_logMutex);
            m_log.emplace_back(line);
        };
    }

    // A broker on its own thread, trading stream authorized and listening. The ready flag is
    // set directly on the worker thread, hence atomic.
    bool startBroker()
    {
        auto broker = AlpacaBroker::create(brokerOptions(), *Credentials::fromValues(keyId, secret),
                                           m_instruments, *m_sink);
        if (!broker)
            return false;
        m_broker = std::move(*broker);
        auto ready = std::make_shared<std::atomic<bool>>(false);
        QObject::connect(
            m_broker->client(), &AlpacaTradingClient::streamReady, m_broker->client(),
            [ready] { ready->store(true); }, Qt::DirectConnection);
        m_broker->start();
        return QTest::qWaitFor([&ready] { return ready->load(); }, 5000);
    }

    AlpacaBrokerOptions brokerOptions()
    {
        using std::chrono::milliseconds;
        return AlpacaBrokerOptions{.tradingUrl = m_sandbox->tradingBaseUrl(),
                                   .streamUrl = m_sandbox->tradingStreamUrl(),
                                   .runPrefix = "e2e",
                                   .requestTimeout = milliseconds(2000),
                                   .reconnectInitial = milliseconds(20),
                                   .lookupRetryDelay = milliseconds(20),
                                   .ownThread = true,
                                   .now = {},
                                   .log = logger()};
    }

    engine::Order order(std::uint64_t id,
                        engine::OrderType type,
                        std::int64_t qty,
                        const char *limit = nullptr,
                        engine::InstrumentId instrument = {})
    {
        engine::Order o;
        o.id = OrderId(id);
        o.strategy = engine::StrategyId(1);
        o.instrument = instrument.isValid() ? instrument : m_spy;
        o.side = engine::Side::Buy;
        o.type = type;
        o.quantity = Quantity::fromUnits(qty);
        if (limit)
            o.limitPrice = price(limit);
        return o;
    }

    // The engine's bracket exits for entry 1: take-profit limit sell 10 (id 2) and stop sell 10
    // (id 3), gtc, linked by `sibling`, submitted one after the other.
    void submitExits(const char *takeProfit, const char *stopLoss)
    {
        engine::Order profit = order(2, engine::OrderType::Limit, 10, takeProfit);
        profit.side = engine::Side::Sell;
        profit.timeInForce = engine::TimeInForce::Gtc;
        profit.orderClass = engine::OrderClass::Bracket;
        profit.parent = OrderId(1);
        profit.sibling = OrderId(3);
        engine::Order stop = profit;
        stop.id = OrderId(3);
        stop.type = engine::OrderType::Stop;
        stop.limitPrice = Price();
        stop.stopPrice = price(stopLoss);
        stop.sibling = OrderId(2);
        m_broker->submit(profit, m_marketNow);
        m_broker->submit(stop, m_marketNow);
    }

    // Entry 1 (bracket class, market buy 10) filled at the 09:30 bar, then its exits working.
    bool enterAndPlaceExits(const char *takeProfit, const char *stopLoss)
    {
        engine::Order entry = order(1, engine::OrderType::Market, 10);
        entry.orderClass = engine::OrderClass::Bracket;
        m_broker->submit(entry, m_marketNow);
        if (!waitFor(OrderId(1), EventType::OrderAccepted) || !m_sandbox->step()
            || !waitFor(OrderId(1), EventType::OrderFilled))
            return false;
        submitExits(takeProfit, stopLoss);
        return waitFor(OrderId(2), EventType::OrderAccepted);
    }

    Money sandboxCash()
    {
        Client client(m_sandbox->tradingBaseUrl());
        return *Money::parse(
            client.request("GET", "/v2/account").json.toObject().value("cash").toString()
                .toStdString());
    }

    bool waitFor(OrderId id, EventType type, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return m_sink->count(id, type) > 0; }, timeoutMs);
    }

    // The sandbox's own view of an order, by client_order_id.
    QJsonObject sandboxOrder(const QString &clientOrderId)
    {
        Client client(m_sandbox->tradingBaseUrl());
        return client
            .request("GET", "/v2/orders:by_client_order_id?client_order_id=" + clientOrderId)
            .json.toObject();
    }

    int sandboxOrderCount()
    {
        Client client(m_sandbox->tradingBaseUrl());
        return int(client.request("GET", "/v2/orders?status=all").json.toArray().size());
    }

    // Submits a market buy of 4 (order 1) and waits until the sandbox has it working.
    bool submitFourAndWaitAccepted()
    {
        m_broker->submit(order(1, engine::OrderType::Market, 4), m_marketNow);
        return waitFor(OrderId(1), EventType::OrderAccepted);
    }

    static Quantity filledSum(const std::vector<Event> &events)
    {
        Quantity sum;
        for (const Event &event : events)
            if (isFill(event))
                sum = sum + event.order().lastQuantity;
        return sum;
    }

    // The data feed against the sandbox, with a short watchdog and quick reconnects.
    AlpacaDataFeedOptions feedOptions()
    {
        AlpacaDataFeedOptions options;
        options.streamUrl = m_sandbox->dataStreamUrl(QStringLiteral("iex"));
        options.restUrl = m_sandbox->dataBaseUrl();
        options.bars = {"SPY"};
        options.staleAfter = std::chrono::milliseconds(400);
        options.staleOnlyWhileOpen = false; // the tests run at any hour of the wall clock
        options.reconnectInitial = std::chrono::milliseconds(20);
        options.requestTimeout = std::chrono::milliseconds(2000);
        options.log = logger();
        return options;
    }

    void applyFaults(const QJsonObject &faults)
    {
        const auto applied = m_sandbox->applyFaults(faults);
        QVERIFY2(applied, applied ? "" : applied.error().message().c_str());
    }

private slots:
    void initTestCase()
    {
        g_previousHandler = qInstallMessageHandler(recordMessage);
        QVERIFY(m_dir.isValid());
        m_store = m_dir.filePath(QStringLiteral("market.db"));
        QVERIFY(makeMinuteStore(m_store, {QStringLiteral("SPY")}));
        m_rows = minuteRows(QStringLiteral("SPY"));
        // The hand-worked figures above are the CSV's.
        QCOMPARE(m_rows.at("2013-10-04T09:30:00").open, QStringLiteral("167.74"));
        QCOMPARE(m_rows.at("2013-10-04T09:31:00").open, QStringLiteral("167.76"));
        QCOMPARE(m_rows.at("2013-10-04T09:32:00").open, QStringLiteral("167.75"));
        m_spy = m_instruments.add(*engine::Symbol::parse("SPY"));
        m_qqq = m_instruments.add(*engine::Symbol::parse("QQQ"));
    }

    void init()
    {
        m_sink = std::make_unique<RecordingSink>();
        std::lock_guard lock(m_logMutex);
        m_log.clear();
    }

    void cleanup()
    {
        m_broker.reset();
        if (m_sandbox)
            m_sandbox->stop();
        m_sandbox.reset();
        // The (made-up) secret is in no line the adapter logged nor any Qt message.
        std::lock_guard lock(m_logMutex);
        for (const std::string &line : m_log)
            QVERIFY2(line.find(secret) == std::string::npos, line.c_str());
        std::lock_guard messagesLock(g_messagesMutex);
        for (const QString &line : g_messages)
            QVERIFY2(!line.contains(QLatin1String(secret)), qPrintable(line));
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previousHandler);
        // Nothing the client side wrote into the test's directory holds the secret (the sandbox
        // journal is off; the store is the only file).
        QDirIterator files(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int scanned = 0;
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(secret), qPrintable(file.fileName()));
            ++scanned;
        }
        QVERIFY(scanned >= 1);
    }

    void liveFillsReachTheSinkExactly()
    {
        startSandbox(1.0);
        QVERIFY(startBroker());
        QVERIFY(submitFourAndWaitAccepted());
        // The pending_new on the stream is the order's local state already: nothing before new.
        QCOMPARE(m_sink->size(), std::size_t(1));
        for (std::size_t expected = 2; expected <= 4; ++expected) {
            QVERIFY(m_sandbox->step());
            QTRY_COMPARE_WITH_TIMEOUT(m_sink->size(), expected, 5000);
        }
        QTest::qWait(50);
        const auto events = m_sink->events();
        QCOMPARE(events.size(), std::size_t(4));
        QVERIFY(events[0].type == EventType::OrderAccepted);
        const struct
        {
            EventType type;
            std::int64_t qty;
            const char *price;
            std::int64_t filled;
        } fills[] = {{EventType::OrderPartiallyFilled, 2, "167.74", 2},
                     {EventType::OrderPartiallyFilled, 1, "167.76", 3},
                     {EventType::OrderFilled, 1, "167.75", 4}};
        Money cost;
        for (std::size_t i = 0; i < 3; ++i) {
            const Event &event = events[i + 1];
            QVERIFY(event.type == fills[i].type);
            QVERIFY(event.order().orderId == OrderId(1));
            QVERIFY(event.order().lastQuantity == Quantity::fromUnits(fills[i].qty));
            QVERIFY(event.order().lastPrice == price(fills[i].price));
            QVERIFY(event.order().filledQuantity == Quantity::fromUnits(fills[i].filled));
            QVERIFY(event.order().leavesQuantity == Quantity::fromUnits(4 - fills[i].filled));
            QVERIFY(event.order().fillId.isValid());
            cost = cost + event.order().lastPrice * event.order().lastQuantity;
        }
        QVERIFY(cost == *Money::parse("670.99"));

        // The account and positions requested through the broker agree.
        std::mutex mutex;
        std::optional<engine::Result<AlpacaAccount>> account;
        std::optional<engine::Result<std::vector<AlpacaPosition>>> positions;
        m_broker->requestAccount([&](engine::Result<AlpacaAccount> result) {
            std::lock_guard lock(mutex);
            account.emplace(std::move(result));
        });
        m_broker->requestPositions([&](engine::Result<std::vector<AlpacaPosition>> result) {
            std::lock_guard lock(mutex);
            positions.emplace(std::move(result));
        });
        QVERIFY(QTest::qWaitFor(
            [&] {
                std::lock_guard lock(mutex);
                return account && positions;
            },
            5000));
        std::lock_guard lock(mutex);
        QVERIFY(*account);
        QVERIFY((*account)->cash == *Money::parse("99329.01"));
        QVERIFY(*positions);
        QCOMPARE((*positions)->size(), std::size_t(1));
        const AlpacaPosition &spy = (*positions)->front();
        QCOMPARE(spy.symbol, std::string("SPY"));
        QVERIFY(spy.qty == Quantity::fromUnits(4));
        QVERIFY(spy.avgEntryPrice == price("167.7475"));
    }

    void bracketTakeProfitFillsAndTheBrokerCancelsTheStop()
    {
        startSandbox();
        QVERIFY(startBroker());
        QVERIFY(enterAndPlaceExits("167.80", "167.50"));
        const auto entryFills = m_sink->of(OrderId(1));
        QVERIFY(entryFills.back().order().lastPrice == price("167.74"));
        QVERIFY(entryFills.back().order().lastQuantity == Quantity::fromUnits(10));

        // One native oco: the take-profit is the broker's order, the stop its only leg.
        const QJsonObject oco = sandboxOrder("e2e-2");
        QCOMPARE(oco.value("order_class").toString(), QStringLiteral("oco"));
        QCOMPARE(oco.value("type").toString(), QStringLiteral("limit"));
        QCOMPARE(oco.value("limit_price").toString(), QStringLiteral("167.8"));
        QCOMPARE(sandboxOrderCount(), 3); // entry, oco, its leg (listed apart)
        Client client(m_sandbox->tradingBaseUrl());
        const QJsonArray legs = client
                                    .request("GET", "/v2/orders/" + oco.value("id").toString()
                                                        + "?nested=true")
                                    .json.toObject()
                                    .value("legs")
                                    .toArray();
        QCOMPARE(legs.size(), 1);
        QCOMPARE(legs[0].toObject().value("type").toString(), QStringLiteral("stop"));
        QCOMPARE(legs[0].toObject().value("stop_price").toString(), QStringLiteral("167.5"));

        QVERIFY(m_sandbox->step()); // 09:31
        QVERIFY(waitFor(OrderId(2), EventType::OrderFilled));
        QVERIFY(waitFor(OrderId(3), EventType::OrderCancelled));
        QTest::qWait(50);
        const auto profit = m_sink->of(OrderId(2));
        QCOMPARE(m_sink->count(OrderId(2), EventType::OrderFilled), std::size_t(1));
        QVERIFY(profit.back().type == EventType::OrderFilled);
        QVERIFY(profit.back().order().lastQuantity == Quantity::fromUnits(10));
        QVERIFY(profit.back().order().lastPrice == price("167.80"));
        QVERIFY(filledSum(m_sink->of(OrderId(3))).isZero());
        QCOMPARE(m_sink->count(OrderId(3), EventType::OrderCancelled), std::size_t(1));
        QVERIFY(sandboxCash() == *Money::parse("100000.60"));
    }

    void bracketStopFillsAndTheBrokerCancelsTheTakeProfit()
    {
        startSandbox();
        QVERIFY(startBroker());
        QVERIFY(enterAndPlaceExits("168.50", "167.60"));
        QVERIFY(m_sandbox->step()); // 09:31: neither
        QVERIFY(m_sandbox->step()); // 09:32: low 167.57
        QVERIFY(waitFor(OrderId(3), EventType::OrderFilled));
        QVERIFY(waitFor(OrderId(2), EventType::OrderCancelled));
        QTest::qWait(50);
        const auto stop = m_sink->of(OrderId(3));
        // The leg was held (pending_new): accepted, then its one fill.
        QCOMPARE(stop.size(), std::size_t(2));
        QVERIFY(stop[0].type == EventType::OrderAccepted);
        QVERIFY(stop[1].type == EventType::OrderFilled);
        QVERIFY(stop[1].order().lastQuantity == Quantity::fromUnits(10));
        QVERIFY(stop[1].order().lastPrice == price("167.60"));
        QVERIFY(filledSum(m_sink->of(OrderId(2))).isZero());
        QVERIFY(sandboxCash() == *Money::parse("99998.60"));
    }

    void cancelOfTheStopLegLeavesTheTakeProfit()
    {
        startSandbox();
        QVERIFY(startBroker());
        QVERIFY(enterAndPlaceExits("168.50", "167.60"));
        // The stop leg alone: canceled by its own id; the take-profit keeps working.
        m_broker->cancel(OrderId(3), m_marketNow, "test cancel");
        QVERIFY(waitFor(OrderId(3), EventType::OrderCancelled));
        QTest::qWait(50);
        QCOMPARE(m_sink->count(OrderId(2), EventType::OrderCancelled), std::size_t(0));
        QCOMPARE(sandboxOrder("e2e-2").value("status").toString(), QStringLiteral("new"));
        // The take-profit is the oco order itself: cancelling it ends the group.
        m_broker->cancel(OrderId(2), m_marketNow, "test cancel");
        QVERIFY(waitFor(OrderId(2), EventType::OrderCancelled));
        QCOMPARE(sandboxOrder("e2e-2").value("status").toString(), QStringLiteral("canceled"));
    }

    void cancelOfTheOcoLimitCancelsItsLeg()
    {
        startSandbox();
        QVERIFY(startBroker());
        QVERIFY(enterAndPlaceExits("168.50", "167.60"));
        m_broker->cancel(OrderId(2), m_marketNow, "test cancel");
        QVERIFY(waitFor(OrderId(2), EventType::OrderCancelled));
        QVERIFY(waitFor(OrderId(3), EventType::OrderCancelled));
        QTest::qWait(50);
        QCOMPARE(m_sink->count(OrderId(3), EventType::OrderCancelled), std::size_t(1));
        QVERIFY(sandboxCash() == *Money::parse("98322.60")); // 100000 - 1677.40, shares kept
    }

    void cancelEndsCanceled()
    {
        startSandbox();
        QVERIFY(startBroker());
        m_broker->submit(order(1, engine::OrderType::Limit, 4, "150.00"), m_marketNow);
        QVERIFY(waitFor(OrderId(1), EventType::OrderAccepted));
        QVERIFY(m_sandbox->step()); // low 167.67: no fill at 150
        m_broker->cancel(OrderId(1), m_marketNow, "test cancel");
        QVERIFY(waitFor(OrderId(1), EventType::OrderCancelled));
        QCOMPARE(m_sink->count(OrderId(1), EventType::OrderCancelled), std::size_t(1));
        QVERIFY(filledSum(m_sink->of(OrderId(1))).isZero());
        QCOMPARE(sandboxOrder("e2e-1").value("status").toString(), QStringLiteral("canceled"));
    }

    void replaceLinksTheNewOrder()
    {
        startSandbox();
        QVERIFY(startBroker());
        m_broker->submit(order(1, engine::OrderType::Limit, 4, "150.00"), m_marketNow);
        QVERIFY(waitFor(OrderId(1), EventType::OrderAccepted));
        m_broker->replace(OrderId(1), order(2, engine::OrderType::Limit, 5, "151.00"), m_marketNow);
        QVERIFY(waitFor(OrderId(1), EventType::OrderReplaced));
        QVERIFY(waitFor(OrderId(2), EventType::OrderAccepted));
        const auto old = m_sink->of(OrderId(1));
        const auto replaced = std::find_if(old.begin(), old.end(), [](const Event &event) {
            return event.type == EventType::OrderReplaced;
        });
        QVERIFY(replaced->order().linkedOrder == OrderId(2));

        const QJsonObject first = sandboxOrder("e2e-1");
        const QJsonObject second = sandboxOrder("e2e-2");
        QCOMPARE(first.value("status").toString(), QStringLiteral("replaced"));
        QCOMPARE(second.value("status").toString(), QStringLiteral("new"));
        QCOMPARE(second.value("replaces").toString(), first.value("id").toString());
        QCOMPARE(first.value("replaced_by").toString(), second.value("id").toString());
        QCOMPARE(second.value("qty").toString(), QStringLiteral("5"));
        QCOMPARE(Price::parse(second.value("limit_price").toString().toStdString()).value(),
                 price("151"));

        m_broker->cancel(OrderId(2), m_marketNow, "done");
        QVERIFY(waitFor(OrderId(2), EventType::OrderCancelled));
        QCOMPARE(sandboxOrder("e2e-2").value("status").toString(), QStringLiteral("canceled"));
    }

    void rejectionsCarryTheReason()
    {
        startSandbox();
        QVERIFY(startBroker());
        const auto reason = [this](OrderId id) {
            for (const Event &event : m_sink->of(id))
                if (event.type == EventType::OrderRejected)
                    return std::string(event.order().reason.view());
            return std::string();
        };
        // 403: 1000 x ~167.74 is more than the 100000 of buying power.
        m_broker->submit(order(1, engine::OrderType::Market, 1000), m_marketNow);
        QVERIFY(waitFor(OrderId(1), EventType::OrderRejected));
        QVERIFY2(reason(OrderId(1)).find("insufficient buying power") != std::string::npos,
                 reason(OrderId(1)).c_str());
        // 422: a symbol the sandbox does not replay.
        m_broker->submit(order(2, engine::OrderType::Market, 1, nullptr, m_qqq), m_marketNow);
        QVERIFY(waitFor(OrderId(2), EventType::OrderRejected));
        QVERIFY2(reason(OrderId(2)).find("asset \"QQQ\" not found") != std::string::npos,
                 reason(OrderId(2)).c_str());
        // 422 armed by fault injection on an otherwise valid order.
        applyFaults(QJsonObject{{"reject_next_order", "422"}});
        m_broker->submit(order(3, engine::OrderType::Market, 1), m_marketNow);
        QVERIFY(waitFor(OrderId(3), EventType::OrderRejected));
        QVERIFY2(reason(OrderId(3)).find("qty or notional is required") != std::string::npos,
                 reason(OrderId(3)).c_str());
        // 403: selling what the account does not hold, with shorting disabled.
        engine::Order shortSale = order(4, engine::OrderType::Market, 1);
        shortSale.side = engine::Side::Sell;
        m_broker->submit(shortSale, m_marketNow);
        QVERIFY(waitFor(OrderId(4), EventType::OrderRejected));
        QVERIFY2(reason(OrderId(4)).find("account is not allowed to short") != std::string::npos,
                 reason(OrderId(4)).c_str());
        // Each ends there: one event per order, none at the sandbox.
        QTest::qWait(50);
        QCOMPARE(m_sink->size(), std::size_t(4));
        QCOMPARE(sandboxOrderCount(), 0);

        // Accepted with 200, then rejected on the stream: the order exists and ends rejected.
        applyFaults(QJsonObject{{"reject_next_order", "post_accept"}});
        m_broker->submit(order(5, engine::OrderType::Market, 1), m_marketNow);
        QVERIFY(waitFor(OrderId(5), EventType::OrderRejected));
        QVERIFY(filledSum(m_sink->of(OrderId(5))).isZero());
        QCOMPARE(sandboxOrder("e2e-5").value("status").toString(), QStringLiteral("rejected"));
        QCOMPARE(sandboxOrderCount(), 1);
    }

    void droppedTradingStreamLosesNoFill_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("close") << QStringLiteral("close");
        QTest::newRow("reset") << QStringLiteral("reset");
    }

    void droppedTradingStreamLosesNoFill()
    {
        QFETCH(QString, mode);
        startSandbox(1.0);
        QVERIFY(startBroker());
        bool reconciled = false;
        connect(m_broker->client(), &AlpacaTradingClient::reconciled, this,
                [&reconciled] { reconciled = true; });
        QVERIFY(submitFourAndWaitAccepted());
        QVERIFY(m_sandbox->step());
        QVERIFY(waitFor(OrderId(1), EventType::OrderPartiallyFilled));
        // Drop, then both remaining executions before the client can reconnect (step() runs no
        // event loop).
        applyFaults(QJsonObject{{"ws_drop", "trading"}, {"mode", mode}});
        QVERIFY(m_sandbox->step());
        QVERIFY(m_sandbox->step());
        QVERIFY(waitFor(OrderId(1), EventType::OrderFilled));
        QTRY_VERIFY_WITH_TIMEOUT(reconciled, 5000);
        QTest::qWait(100);

        const auto events = m_sink->of(OrderId(1));
        QVERIFY(filledSum(events) == Quantity::fromUnits(4));
        QCOMPARE(m_sink->count(OrderId(1), EventType::OrderFilled), std::size_t(1));
        const Event &last = events.back();
        QVERIFY(last.type == EventType::OrderFilled);
        QVERIFY(last.order().filledQuantity == Quantity::fromUnits(4));
        // The two executions missed on the stream come as one, priced from the average.
        QCOMPARE(events.size(), std::size_t(3));
        QVERIFY(events[1].order().lastQuantity == Quantity::fromUnits(2));
        QVERIFY(events[1].order().lastPrice == price("167.74"));
        QVERIFY(last.order().lastQuantity == Quantity::fromUnits(2));
        QVERIFY(last.order().lastPrice == price("167.755"));
    }

    void duplicateEventsAreDeduplicated()
    {
        startSandbox(1.0);
        QVERIFY(startBroker());
        applyFaults(QJsonObject{{"duplicate_events", true}});
        QVERIFY(submitFourAndWaitAccepted());
        for (int i = 0; i < 3; ++i)
            QVERIFY(m_sandbox->step());
        QVERIFY(waitFor(OrderId(1), EventType::OrderFilled));
        QTest::qWait(100);
        const auto events = m_sink->events();
        QCOMPARE(events.size(), std::size_t(4));
        QCOMPARE(m_sink->count(OrderId(1), EventType::OrderAccepted), std::size_t(1));
        QCOMPARE(m_sink->count(OrderId(1), EventType::OrderPartiallyFilled), std::size_t(2));
        QVERIFY(filledSum(events) == Quantity::fromUnits(4));
    }

    // A refused or unanswered submit is looked up by client_order_id and never duplicated.
    void submitFaultsNeverDuplicate_data()
    {
        QTest::addColumn<QJsonObject>("fault");
        QTest::newRow("429") << QJsonObject{
            {"http_status", 429}, {"count", 1}, {"path", "/v2/orders"}};
        QTest::newRow("500") << QJsonObject{
            {"http_status", 500}, {"count", 1}, {"path", "/v2/orders"}};
        QTest::newRow("commit_then_drop") << QJsonObject{{"commit_then_drop", true}};
    }

    void submitFaultsNeverDuplicate()
    {
        QFETCH(QJsonObject, fault);
        startSandbox();
        QVERIFY(startBroker());
        applyFaults(fault);
        m_broker->submit(order(1, engine::OrderType::Market, 4), m_marketNow);
        QVERIFY(waitFor(OrderId(1), EventType::OrderAccepted, 10000));
        QCOMPARE(sandboxOrderCount(), 1);
        QCOMPARE(sandboxOrder("e2e-1").value("qty").toString(), QStringLiteral("4"));
        QVERIFY(m_sandbox->step());
        QVERIFY(waitFor(OrderId(1), EventType::OrderFilled));
        QTest::qWait(50);
        const auto events = m_sink->of(OrderId(1));
        QCOMPARE(events.size(), std::size_t(2));
        QVERIFY(events[1].order().lastQuantity == Quantity::fromUnits(4));
        QVERIFY(events[1].order().lastPrice == price("167.74"));
        QCOMPARE(sandboxOrderCount(), 1);
        // It was looked up, not blindly sent again. (On commit_then_drop Qt itself re-sends
        // the POST on the reset connection; the sandbox refuses the id as not unique.)
        std::lock_guard lock(m_logMutex);
        QVERIFY(std::any_of(m_log.begin(), m_log.end(), [](const std::string &line) {
            return line.find("looking up client_order_id e2e-1") != std::string::npos;
        }));
    }

    // The 429 tells when the next token arrives (200/min: 0.3 s), not a whole minute ahead, so
    // the adapter's wait for X-Ratelimit-Reset stays short (the 429 row above relies on it).
    void rateLimitResetIsTheNextToken()
    {
        startSandbox();
        applyFaults(QJsonObject{{"http_status", 429}, {"count", 1}, {"path", "/v2/account"}});
        Client client(m_sandbox->tradingBaseUrl());
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const Reply reply = client.request("GET", "/v2/account");
        const qint64 after = QDateTime::currentSecsSinceEpoch();
        QCOMPARE(reply.status, 429);
        QCOMPARE(reply.headers.value("x-ratelimit-remaining"), QByteArray("0"));
        const qint64 reset = reply.headers.value("x-ratelimit-reset").toLongLong();
        QVERIFY(reset > before);
        QVERIFY2(reset <= after + 2, reply.headers.value("x-ratelimit-reset").constData());
    }

    // Bars arrive in order as the sandbox steps; a stalled stream trips the watchdog, and the
    // bars stepped during the gap come back by REST, once each.
    void dataFeedBackfillsAStall()
    {
        startSandbox();
        BarSink sink;
        AlpacaDataFeed feed(feedOptions(), *Credentials::fromValues(keyId, secret), m_instruments,
                            sink);
        QSignalSpy subscribed(&feed, &AlpacaDataFeed::subscribed);
        QSignalSpy stale(&feed, &AlpacaDataFeed::stale);
        QSignalSpy backfilled(&feed, &AlpacaDataFeed::backfilled);
        feed.start();
        QVERIFY(subscribed.wait(5000));

        QVERIFY(m_sandbox->step());
        QTRY_COMPARE_WITH_TIMEOUT(sink.size(), std::size_t(1), 5000);
        QVERIFY(m_sandbox->step());
        QTRY_COMPARE_WITH_TIMEOUT(sink.size(), std::size_t(2), 5000);

        applyFaults(QJsonObject{{"ws_drop", "data"}, {"mode", "stall"}});
        for (int i = 0; i < 3; ++i)
            QVERIFY(m_sandbox->step()); // 09:32, 09:33, 09:34: silence
        QCOMPARE(sink.size(), std::size_t(2));
        QTRY_VERIFY_WITH_TIMEOUT(stale.count() >= 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(backfilled.count() >= 1, 5000);
        QCOMPARE(backfilled.first().first().toInt(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(sink.size(), std::size_t(5), 5000);
        QVERIFY(m_sandbox->step()); // 09:35 live again
        QTRY_COMPARE_WITH_TIMEOUT(sink.size(), std::size_t(6), 5000);
        feed.stop();

        const auto bars = sink.bars();
        QCOMPARE(bars.size(), std::size_t(6));
        for (int i = 0; i < 6; ++i) {
            // Stamped at the bar's end; prices are the CSV row of its start.
            QVERIFY(bars[i].timestamp == nyTime(9, 31 + i));
            const CsvBar &row
                = m_rows.at(QStringLiteral("2013-10-04T09:%1:00").arg(30 + i, 2, 10, QChar('0')));
            QVERIFY(bars[i].bar().instrument == m_spy);
            QVERIFY(bars[i].bar().open == price(row.open.toLatin1().constData()));
            QVERIFY(bars[i].bar().close == price(row.close.toLatin1().constData()));
        }
    }

    // The backfill goes through the rate limiter: the bars path answers 429 twice (with the
    // rate-limit headers); the limiter pauses until the announced reset, the same first page is
    // asked again, and then every page (2 bars each: 5 bars, 3 pages) is fetched exactly once,
    // each with the previous page's next_page_token. The sandbox's journal is the witness.
    // The stepped replay is silent meanwhile, so the watchdog keeps reconnecting during the
    // waits: those reconnects must not start a second backfill alongside (one follows, empty).
    void backfillHonours429AndFetchesEachPageOnce()
    {
        const QString journal = m_dir.filePath(QStringLiteral("journal-429.jsonl"));
        startSandbox(0.0, journal);
        BarSink sink;
        AlpacaDataFeedOptions options = feedOptions();
        options.backfillPageLimit = 2;
        AlpacaDataFeed feed(options, *Credentials::fromValues(keyId, secret), m_instruments, sink);
        QSignalSpy subscribed(&feed, &AlpacaDataFeed::subscribed);
        QSignalSpy backfilled(&feed, &AlpacaDataFeed::backfilled);
        feed.start();
        QVERIFY(subscribed.wait(5000));
        QVERIFY(m_sandbox->step());
        QTRY_COMPARE_WITH_TIMEOUT(sink.size(), std::size_t(1), 5000);

        applyFaults(QJsonObject{{"ws_drop", "data"}, {"mode", "stall"}});
        for (int i = 0; i < 5; ++i)
            QVERIFY(m_sandbox->step()); // 09:32 ... 09:36: silence
        const engine::Timestamp faulted = wallClockNow();
        applyFaults(QJsonObject{{"http_status", 429}, {"count", 2}, {"path", "/v2/stocks/bars"}});
        QTRY_VERIFY_WITH_TIMEOUT(backfilled.count() >= 1, 15000);
        QCOMPARE(backfilled.first().first().toInt(), 5);
        QTRY_COMPARE_WITH_TIMEOUT(sink.size(), std::size_t(6), 5000);
        feed.stop();
        // The 429 paused the limiter until X-Ratelimit-Reset (a whole second, after the fault).
        QVERIFY(feed.restLimiter().pausedUntil() >= faulted);
        QCOMPARE(feed.restLimiter().pausedUntil().unixNanos() % 1'000'000'000, 0);

        const auto bars = sink.bars();
        for (int i = 0; i < 6; ++i)
            QVERIFY(bars[i].timestamp == nyTime(9, 31 + i)); // none twice, none skipped

        QFile file(journal);
        QVERIFY(file.open(QIODevice::ReadOnly));
        std::vector<int> statuses;
        std::vector<QString> tokens;     // the page_token sent ("" on the first page)
        std::vector<QString> nextTokens; // the answer's next_page_token (200 only)
        while (!file.atEnd()) {
            const QJsonObject entry = QJsonDocument::fromJson(file.readLine()).object();
            if (entry.value("kind").toString() != QLatin1String("http")
                || entry.value("path").toString() != QLatin1String("/v2/stocks/bars"))
                continue;
            statuses.push_back(entry.value("status").toInt());
            tokens.push_back(QUrlQuery(entry.value("query").toString())
                                 .queryItemValue(QStringLiteral("page_token")));
            const QJsonObject answer
                = QJsonDocument::fromJson(entry.value("response").toString().toUtf8()).object();
            nextTokens.push_back(answer.value("next_page_token").toString());
            QCOMPARE(QUrlQuery(entry.value("query").toString()).queryItemValue("limit"),
                     QStringLiteral("2"));
        }
        // The first backfill; later ones (after the watchdog's reconnects) find nothing new.
        QVERIFY(statuses.size() >= 5);
        QCOMPARE(std::vector<int>(statuses.begin(), statuses.begin() + 5),
                 (std::vector<int>{429, 429, 200, 200, 200}));
        for (std::size_t i = 5; i < statuses.size(); ++i) {
            QCOMPARE(statuses[i], 200);
            QVERIFY(tokens[i].isEmpty() && nextTokens[i].isEmpty());
        }
        for (int i = 1; i < backfilled.count(); ++i)
            QCOMPARE(backfilled.at(i).first().toInt(), 0);
        QVERIFY(tokens[0].isEmpty() && tokens[1].isEmpty() && tokens[2].isEmpty());
        QVERIFY(!nextTokens[2].isEmpty() && !nextTokens[3].isEmpty());
        QCOMPARE(tokens[3], nextTokens[2]);
        QCOMPARE(tokens[4], nextTokens[3]);
        QVERIFY(nextTokens[4].isEmpty()); // null: the last page
        const std::lock_guard lock(m_logMutex);
        QCOMPARE(std::count_if(m_log.begin(), m_log.end(),
                               [](const std::string &line) {
                                   return line.find("backfill page answered 429; asking again")
                                          != std::string::npos;
                               }),
                 std::ptrdiff_t(2));
    }

    // The watchdog counts silence only while the NYSE is open. A simulated market clock (the
    // feed's `now`) with staleAfter 3 min; each frame resets the silence. Hand-worked:
    //   Wed 2013-11-27 15:59 last frame → Thu 11-28 (Thanksgiving) 12:00: 1 min open, quiet;
    //   → Fri 11-29 09:31: 2 min; → 09:32: 3 min: stale.
    //   Fri 11-29 12:58 (early close 13:00) → 16:00: 2 min; → Mon 12-02 09:31: 3 min: stale.
    //   Counting wall time instead: 15:59 → 16:02 on the Wednesday is stale at once.
    void watchdogCountsOnlyOpenMarketTime()
    {
        startSandbox();
        BarSink sink;
        engine::Timestamp market;
        AlpacaDataFeedOptions options = feedOptions();
        options.staleAfter = std::chrono::minutes(3);
        options.staleOnlyWhileOpen = true;
        options.watchdogInterval = std::chrono::milliseconds(5);
        options.now = [&market] { return market; };
        const auto at = [](int month, int day, int hour, int minute) {
            return engine::newYorkTime(engine::Date{2013, month, day},
                                       engine::TimeOfDay::hms(hour, minute, 0));
        };
        AlpacaDataFeed feed(options, *Credentials::fromValues(keyId, secret), m_instruments, sink);
        QSignalSpy subscribed(&feed, &AlpacaDataFeed::subscribed);
        QSignalSpy stale(&feed, &AlpacaDataFeed::stale);
        // Quiet for a while of wall time: the watchdog looks every 5 ms and must not fire.
        const auto staysQuiet = [&] {
            QTest::qWait(100);
            return stale.count() == 0;
        };

        market = at(11, 27, 15, 59);
        feed.start();
        QVERIFY(subscribed.wait(5000)); // the last frame: 15:59 on the market clock
        market = at(11, 28, 12, 0);
        QVERIFY(staysQuiet());
        market = at(11, 29, 9, 31);
        QVERIFY(staysQuiet());
        market = at(11, 29, 9, 32);
        QVERIFY(stale.wait(5000));
        QCOMPARE(stale.count(), 1);

        // It reconnects; the new session's frames arrive at 12:58 of the early-close day.
        stale.clear();
        market = at(11, 29, 12, 58);
        QVERIFY(subscribed.wait(5000));
        market = at(11, 29, 16, 0);
        QVERIFY(staysQuiet());
        market = at(12, 2, 9, 31);
        QVERIFY(stale.wait(5000));
        feed.stop();

        // Counting every second, as with staleOnlyWhileOpen false: the close does not help.
        options.staleOnlyWhileOpen = false;
        AlpacaDataFeed wall(options, *Credentials::fromValues(keyId, secret), m_instruments, sink);
        QSignalSpy wallSubscribed(&wall, &AlpacaDataFeed::subscribed);
        QSignalSpy wallStale(&wall, &AlpacaDataFeed::stale);
        market = at(11, 27, 15, 59);
        wall.start();
        QVERIFY(wallSubscribed.wait(5000));
        market = at(11, 27, 16, 2);
        QVERIFY(wallStale.wait(5000));
        wall.stop();
    }
};

QTEST_GUILESS_MAIN(TestAlpacaSandbox)
#include "tst_alpaca_sandbox.moc"
