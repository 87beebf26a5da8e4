// The check before a broker run starts (engine/live/realtime/brokerstartcheck.h): the verdict on
// the payload files' account (shared/alpaca/payloads: account 010203ABCD, ACTIVE, equity
// 103820.56, cash -23140.2, buying power 262113.632; a long 2 AAPL at 174.78; open orders buy 1
// AAPL limit 1 "new" and buy 1 SPY limit 400 "accepted"), then the whole check against a
// sandbox holding a position and an open order the test made itself.

#include "alpacapayloads.h"
#include "tst_sandboxclient.h"

#include "engine/config/configloader.h"
#include "engine/live/realtime/brokerstartcheck.h"
#include "strategies/builtinstrategies.h"

#include <QTemporaryDir>
#include <QTest>

using namespace meridian;
using namespace meridian::live;
using namespace sandboxtest;
using engine::ExecutionConfig;

namespace {

BrokerAccountState payloadState()
{
    BrokerAccountState state;
    state.account = *parseAccount(alpacaPayload("account.json"));
    state.clock = *parseClock(alpacaPayload("clock.json"));
    state.positions = {*parsePosition(alpacaPayload("position.json"))};
    state.openOrders = *parseOrders(alpacaPayload("orders_list.json"));
    return state;
}

bool hasLine(const BrokerStartReport &report, const std::string &line)
{
    if (std::find(report.lines.begin(), report.lines.end(), line) != report.lines.end())
        return true;
    for (const std::string &each : report.lines)
        qWarning("  line: %s", each.c_str());
    return false;
}

std::string refusal(const BrokerStartReport &report)
{
    return report.refusal ? report.refusal->message() : std::string();
}

} // namespace

class TestBrokerStartCheck : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_store;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_store = m_dir.filePath(QStringLiteral("market.db"));
        QVERIFY(makeMinuteStore(m_store, {QStringLiteral("SPY")}));
    }

    void everyHoldingIsListed()
    {
        const BrokerStartReport report = assessBrokerStart(payloadState(), {"QQQ"},
                                                           ExecutionConfig::StartCheck::RequireFlat);
        QVERIFY2(!report.refusal, refusal(report).c_str());
        QVERIFY(hasLine(report, "account 010203ABCD ACTIVE: equity 103820.56, cash -23140.20, "
                                "buying power 262113.632 USD"));
        // 16:00 New York on 2022-04-28.
        QVERIFY(hasLine(report, "market open until 2022-04-28 16:00:00 New York"));
        QVERIFY(hasLine(report, "position AAPL: 2 shares long at 174.78 average entry"));
        QVERIFY(hasLine(report, "open order AAPL: buy 1 limit at 1.00, new, 0 filled "
                                "(client_order_id 11111111-2222-3333-4444-555555555555)"));
        QVERIFY(hasLine(report, "open order SPY: buy 1 limit at 400.00, accepted, 0 filled "
                                "(client_order_id 6de7d1b2-f772-4a0d-8c15-bacea15eb29e)"));
    }

    void aPositionOrOrderInTheRunsSymbolsRefusesTheStart()
    {
        const BrokerStartReport aapl = assessBrokerStart(payloadState(), {"AAPL"},
                                                         ExecutionConfig::StartCheck::RequireFlat);
        const std::string message = refusal(aapl);
        QVERIFY(message.find("not flat in the run's symbols") != std::string::npos);
        QVERIFY(message.find("position AAPL: 2 shares long") != std::string::npos);
        QVERIFY(message.find("open order AAPL: buy 1") != std::string::npos);
        QVERIFY2(message.find("SPY") == std::string::npos, message.c_str());
        QVERIFY(message.find("execution.start_check: warn") != std::string::npos);

        // An order alone is enough.
        const BrokerStartReport spy = assessBrokerStart(payloadState(), {"SPY"},
                                                        ExecutionConfig::StartCheck::RequireFlat);
        QVERIFY(refusal(spy).find("open order SPY: buy 1 limit at 400.00") != std::string::npos);
    }

    void warnStartsAnywayAndSaysSo()
    {
        const BrokerStartReport report = assessBrokerStart(payloadState(), {"AAPL"},
                                                           ExecutionConfig::StartCheck::Warn);
        QVERIFY2(!report.refusal, refusal(report).c_str());
        QCOMPARE(QString::fromStdString(report.lines.back()),
                 QStringLiteral("warning: execution.start_check: warn: the run starts flat and "
                                "does not count the holdings above in its symbols"));
    }

    void anAccountThatCannotTradeAlwaysRefuses()
    {
        BrokerAccountState state = payloadState();
        state.positions.clear();
        state.openOrders.clear();
        state.account.tradingBlocked = true;
        state.account.status = "ACCOUNT_UPDATED";
        const BrokerStartReport report
            = assessBrokerStart(state, {"SPY"}, ExecutionConfig::StartCheck::Warn);
        QCOMPARE(QString::fromStdString(refusal(report)),
                 QStringLiteral("the broker account cannot trade: its status is ACCOUNT_UPDATED, "
                                "trading is blocked"));
        QVERIFY(hasLine(report, "no positions, no open orders"));
    }

    void aFullPageOfOpenOrdersIsNotTakenAsFlat()
    {
        BrokerAccountState state = payloadState();
        state.positions.clear();
        const AlpacaOrder other = state.openOrders.front(); // AAPL
        state.openOrders.assign(500, other);
        const BrokerStartReport report
            = assessBrokerStart(state, {"QQQ"}, ExecutionConfig::StartCheck::RequireFlat);
        QVERIFY(refusal(report).find("500 open orders, one full page") != std::string::npos);
    }

    // The whole check against the sandbox, through the configuration as `meridian run` has it.
    void theSandboxAccountIsCheckedThroughTheConfiguration()
    {
        // 09:31 is the sandbox's first bar; a market buy of 10 fills at the next bar's open.
        SandboxConfig sandboxConfig = spyConfig(m_store, nyTime(9, 31), nyTime(16, 0));
        sandboxConfig.partialFillP = 0.0;
        SandboxServer sandbox(sandboxConfig);
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        const auto submit = [&](const QJsonObject &order) {
            return client.request("POST", QStringLiteral("/v2/orders"), order).status;
        };
        QCOMPARE(submit({{"symbol", "SPY"}, {"qty", "10"}, {"side", "buy"}, {"type", "market"},
                         {"time_in_force", "day"}}),
                 200);
        QCOMPARE(submit({{"symbol", "SPY"}, {"qty", "3"}, {"side", "buy"}, {"type", "limit"},
                         {"limit_price", "1.00"}, {"time_in_force", "gtc"},
                         {"client_order_id", "left-over-from-an-earlier-run"}}),
                 200);
        QVERIFY(sandbox.step());
        QTRY_COMPARE(client.request("GET", QStringLiteral("/v2/positions")).json.toArray().size(),
                     qsizetype(1));

        const engine::StrategyRegistry registry = [] {
            engine::StrategyRegistry r;
            strategies::registerBuiltinStrategies(r);
            return r;
        }();
        const std::string yaml = R"(mode: paper
clock: {type: realtime}
data: {type: realtime, source: alpaca, timeframe: 1m, symbols: [SPY]}
execution: {type: broker, trading_url: ')" + sandbox.tradingBaseUrl().toString().toStdString()
                                 + R"('}
strategies:
  - name: sma_crossover
    capital: 10000
    symbols: [SPY]
)";
        const engine::ConfigLoader loader(registry);
        const auto config = loader.loadText(yaml, "paper.yaml");
        QVERIFY2(config, config ? "" : config.error().message().c_str());

        qputenv("APCA_API_KEY_ID", keyId);
        qputenv("APCA_API_SECRET_KEY", secret);
        const auto report = checkBrokerAccount(*config);
        QVERIFY2(report, report ? "" : report.error().message().c_str());
        const std::string message = refusal(*report);
        QVERIFY2(message.find("position SPY: 10 shares long") != std::string::npos,
                 message.c_str());
        QVERIFY(message.find("open order SPY: buy 3 limit at 1.00") != std::string::npos);
        QVERIFY(message.find("left-over-from-an-earlier-run") != std::string::npos);

        // Wrong keys: the broker's refusal, naming the request, and never the secret.
        qputenv("APCA_API_SECRET_KEY", "a-wrong-secret-for-tests");
        const auto refused = checkBrokerAccount(*config);
        QVERIFY(!refused);
        QCOMPARE(QString::fromStdString(refused.error().message()),
                 QStringLiteral("checking the broker account before the start: GET /v2/account: "
                                "HTTP 403: forbidden."));
        qunsetenv("APCA_API_KEY_ID");
        qunsetenv("APCA_API_SECRET_KEY");
        sandbox.stop();
    }
};

QTEST_GUILESS_MAIN(TestBrokerStartCheck)
#include "tst_brokerstartcheck.moc"
