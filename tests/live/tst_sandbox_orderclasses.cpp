// Advanced order classes at the sandbox (PROTOCOL.md §5.2, §6): bracket, oco and oto orders
// against the bundled SPY minute bars of 2013-10-04.
//
// Hand-worked figures (resources/data/minute/SPY.csv, New York bar starts):
//   09:30 o 167.74 h 167.82 l 167.67 c 167.77     09:31 o 167.76 h 167.83 l 167.73 c 167.75
//   09:32 o 167.75 h 167.77 l 167.57 c 167.61
// Before the first step the base price of a market entry is the 09:30 open 167.74, so a buy
// bracket needs take_profit.limit_price >= 167.75 and stop_loss.stop_price <= 167.73.
// - Bracket buy 10 market, tp 167.80, sl 167.50: the entry fills at the 09:30 open 167.74; the
//   legs work from 09:31 (the 09:30 high 167.82 would have reached the take-profit): 09:31 high
//   167.83 >= 167.80 fills the take-profit at max(167.80, open 167.76) = 167.80; the stop-loss
//   is canceled. Cash 100000 - 1677.40 + 1678.00 = 100000.60.
// - Bracket buy 10 limit 167.75, tp 168.50, sl 167.60: the entry fills at min(167.75, 167.74) =
//   167.74; 09:31 low 167.73 leaves the stop alone; 09:32 low 167.57 triggers it, fill at
//   min(167.60, open 167.75) = 167.60. Cash 100000 - 1677.40 + 1676.00 = 99998.60.
// - Oto buy 10 market with a stop-loss 167.70 only: entry 167.74, the stop fills at 09:32 at
//   min(167.70, 167.75) = 167.70. Cash 100000 - 1677.40 + 1677.00 = 99999.60.
// - Partial fills (partial_fill_p 1): a bracket buy 2 fills 1 at 167.74 (09:30), 1 at 167.76
//   (09:31); the legs stay held until the second execution.

#include "tst_sandboxclient.h"

#include <QTemporaryDir>
#include <QTest>

using namespace meridian;
using namespace meridian::live;
using namespace sandboxtest;

namespace {

QJsonObject bracket(const QString &qty,
                    const QString &profit,
                    const QString &stop,
                    const QString &type = QStringLiteral("market"),
                    const QString &limit = QString())
{
    QJsonObject order{{"symbol", "SPY"},
                      {"qty", qty},
                      {"side", "buy"},
                      {"type", type},
                      {"time_in_force", "day"},
                      {"order_class", "bracket"},
                      {"take_profit", QJsonObject{{"limit_price", profit}}},
                      {"stop_loss", QJsonObject{{"stop_price", stop}}}};
    if (!limit.isEmpty())
        order.insert("limit_price", limit);
    return order;
}

// Ids of the order of every trade update for `event`, in arrival order.
QStringList idsOf(const StreamClient &stream, const QString &event)
{
    QStringList ids;
    for (const QJsonObject &update : stream.updates(event))
        ids << update.value("order").toObject().value("id").toString();
    return ids;
}

QString field(Client &client, const QString &path, const QString &key)
{
    return client.request("GET", path).json.toObject().value(key).toString();
}

} // namespace

class TestSandboxOrderClasses : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_store;

    SandboxConfig config(double partialFillP = 0.0) const
    {
        SandboxConfig c = spyConfig(m_store, nyTime(9, 31), nyTime(16, 10));
        c.partialFillP = partialFillP;
        return c;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_store = m_dir.filePath(QStringLiteral("market.db"));
        QVERIFY(makeMinuteStore(m_store, {QStringLiteral("SPY")}));
        const auto rows = minuteRows(QStringLiteral("SPY"));
        // The hand-worked figures above are the CSV's.
        QCOMPARE(rows.at("2013-10-04T09:30:00").open, QStringLiteral("167.74"));
        QCOMPARE(rows.at("2013-10-04T09:30:00").high, QStringLiteral("167.82"));
        QCOMPARE(rows.at("2013-10-04T09:31:00").open, QStringLiteral("167.76"));
        QCOMPARE(rows.at("2013-10-04T09:31:00").high, QStringLiteral("167.83"));
        QCOMPARE(rows.at("2013-10-04T09:31:00").low, QStringLiteral("167.73"));
        QCOMPARE(rows.at("2013-10-04T09:32:00").open, QStringLiteral("167.75"));
        QCOMPARE(rows.at("2013-10-04T09:32:00").high, QStringLiteral("167.77"));
        QCOMPARE(rows.at("2013-10-04T09:32:00").low, QStringLiteral("167.57"));
    }

    void bracketTakeProfitCancelsTheStop()
    {
        Session session(config());
        QVERIFY(session.start());
        Client &client = *session.client;
        StreamClient &stream = session.stream;

        const Reply submitted
            = client.request("POST", "/v2/orders", bracket("10", "167.80", "167.50"));
        QCOMPARE(submitted.status, 200);
        const QJsonObject entry = submitted.json.toObject();
        const QString entryId = entry.value("id").toString();
        QCOMPARE(entry.value("order_class").toString(), QStringLiteral("bracket"));
        QCOMPARE(entry.value("status").toString(), QStringLiteral("pending_new"));
        const QJsonArray legs = entry.value("legs").toArray();
        QCOMPARE(legs.size(), 2);
        const QJsonObject profit = legs[0].toObject();
        const QJsonObject stop = legs[1].toObject();
        const QString profitId = profit.value("id").toString();
        const QString stopId = stop.value("id").toString();
        QCOMPARE(profitId.size(), 36);
        QVERIFY(profitId != entryId && stopId != entryId && profitId != stopId);
        QCOMPARE(profit.value("type").toString(), QStringLiteral("limit"));
        QCOMPARE(profit.value("side").toString(), QStringLiteral("sell"));
        QCOMPARE(profit.value("limit_price").toString(), QStringLiteral("167.8"));
        QCOMPARE(profit.value("qty").toString(), QStringLiteral("10"));
        QCOMPARE(profit.value("status").toString(), QStringLiteral("held"));
        QCOMPARE(profit.value("order_class").toString(), QStringLiteral("bracket"));
        QCOMPARE(stop.value("type").toString(), QStringLiteral("stop"));
        QCOMPARE(stop.value("stop_price").toString(), QStringLiteral("167.5"));
        QCOMPARE(stop.value("status").toString(), QStringLiteral("held"));
        QTRY_COMPARE_WITH_TIMEOUT(stream.events(), QStringList({"pending_new", "new"}), 5000);
        QCOMPARE(idsOf(stream, "new"), QStringList{entryId});

        // Without nested every leg is an element of its own; nested, they sit in `legs`.
        QCOMPARE(client.request("GET", "/v2/orders").json.toArray().size(), 3);
        const QJsonArray grouped = client.request("GET", "/v2/orders?nested=true").json.toArray();
        QCOMPARE(grouped.size(), 1);
        QCOMPARE(grouped[0].toObject().value("legs").toArray().size(), 2);
        QVERIFY(
            client.request("GET", "/v2/orders/" + entryId).json.toObject().value("legs").isNull());

        QVERIFY(session.server.step()); // 09:30: the entry fills; the legs start
        QTRY_COMPARE_WITH_TIMEOUT(stream.events(),
                                  QStringList({"pending_new", "new", "fill", "new"}), 5000);
        QCOMPARE(stream.updates("fill")[0].value("price").toString(), QStringLiteral("167.74"));
        QCOMPARE(idsOf(stream, "new"), QStringList({entryId, profitId}));
        const QJsonObject afterEntry
            = client.request("GET", "/v2/orders/" + entryId + "?nested=true").json.toObject();
        QCOMPARE(afterEntry.value("status").toString(), QStringLiteral("filled"));
        QCOMPARE(afterEntry.value("legs").toArray()[0].toObject().value("status").toString(),
                 QStringLiteral("new"));
        QCOMPARE(afterEntry.value("legs").toArray()[1].toObject().value("status").toString(),
                 QStringLiteral("held"));
        // The group stays open while its legs work; the exits hold the 10 shares once.
        QCOMPARE(client.request("GET", "/v2/orders?nested=true").json.toArray().size(), 1);
        QCOMPARE(client.request("GET", "/v2/orders").json.toArray().size(), 2);
        QCOMPARE(field(client, "/v2/positions/SPY", "qty_available"), QStringLiteral("0"));

        QVERIFY(session.server.step()); // 09:31: high 167.83 reaches the take-profit
        QTRY_COMPARE_WITH_TIMEOUT(
            stream.events(), QStringList({"pending_new", "new", "fill", "new", "fill", "canceled"}),
            5000);
        const QJsonObject exit = stream.updates("fill")[1];
        QCOMPARE(exit.value("order").toObject().value("id").toString(), profitId);
        QCOMPARE(exit.value("price").toString(), QStringLiteral("167.8"));
        QCOMPARE(exit.value("position_qty").toString(), QStringLiteral("0"));
        QCOMPARE(idsOf(stream, "canceled"), QStringList{stopId});
        QCOMPARE(field(client, "/v2/account", "cash"), QStringLiteral("100000.6"));
        QCOMPARE(field(client, "/v2/orders/" + stopId, "status"), QStringLiteral("canceled"));
        QCOMPARE(client.request("GET", "/v2/orders?nested=true").json.toArray().size(), 0);
    }

    // The stop-loss fills at 09:32; either its fill cancels the take-profit, or the take-profit
    // was canceled on its own first and the stop-loss then holds the shares alone.
    void bracketStopLoss_data()
    {
        QTest::addColumn<bool>("cancelProfitFirst");
        QTest::newRow("stop cancels the take-profit") << false;
        QTest::newRow("take-profit canceled alone") << true;
    }

    void bracketStopLoss()
    {
        QFETCH(bool, cancelProfitFirst);
        Session session(config());
        QVERIFY(session.start());
        Client &client = *session.client;
        StreamClient &stream = session.stream;
        const QJsonObject entry = client
                                      .request("POST", "/v2/orders",
                                               bracket("10", "168.50", "167.60", "limit", "167.75"))
                                      .json.toObject();
        const QString profitId = entry.value("legs").toArray()[0].toObject().value("id").toString();
        const QString stopId = entry.value("legs").toArray()[1].toObject().value("id").toString();
        QVERIFY(session.server.step()); // 09:30: entry at 167.74
        QTRY_COMPARE_WITH_TIMEOUT(idsOf(stream, "new").size(), 2, 5000);
        if (cancelProfitFirst) {
            QCOMPARE(client.request("DELETE", "/v2/orders/" + profitId).status, 204);
            QTRY_COMPARE_WITH_TIMEOUT(idsOf(stream, "canceled"), QStringList{profitId}, 5000);
            QCOMPARE(field(client, "/v2/positions/SPY", "qty_available"), QStringLiteral("0"));
        }
        QVERIFY(session.server.step()); // 09:31: low 167.73 stays above the stop
        QCOMPARE(field(client, "/v2/orders/" + stopId, "status"), QStringLiteral("held"));
        QVERIFY(session.server.step()); // 09:32: low 167.57 triggers the stop
        QTRY_COMPARE_WITH_TIMEOUT(stream.updates("fill").size(), 2, 5000);
        const QJsonObject exit = stream.updates("fill")[1];
        QCOMPARE(exit.value("order").toObject().value("id").toString(), stopId);
        QCOMPARE(exit.value("order").toObject().value("status").toString(),
                 QStringLiteral("filled"));
        QCOMPARE(exit.value("price").toString(), QStringLiteral("167.6"));
        QTRY_COMPARE_WITH_TIMEOUT(idsOf(stream, "canceled"), QStringList{profitId}, 5000);
        QCOMPARE(field(client, "/v2/account", "cash"), QStringLiteral("99998.6"));
        QCOMPARE(client.request("GET", "/v2/positions").json.toArray().size(), 0);
    }

    void otoWithAStopLossOnly()
    {
        Session session(config());
        QVERIFY(session.start());
        Client &client = *session.client;
        StreamClient &stream = session.stream;
        QJsonObject oto{{"symbol", "SPY"},
                        {"qty", "10"},
                        {"side", "buy"},
                        {"type", "market"},
                        {"time_in_force", "gtc"},
                        {"order_class", "oto"},
                        {"stop_loss", QJsonObject{{"stop_price", "167.70"}}}};
        const QJsonObject entry = client.request("POST", "/v2/orders", oto).json.toObject();
        QCOMPARE(entry.value("legs").toArray().size(), 1);
        const QString stopId = entry.value("legs").toArray()[0].toObject().value("id").toString();
        QVERIFY(session.server.step()); // entry at 167.74; the stop-loss stays held
        QTRY_COMPARE_WITH_TIMEOUT(stream.events(), QStringList({"pending_new", "new", "fill"}),
                                  5000);
        QCOMPARE(field(client, "/v2/orders/" + stopId, "status"), QStringLiteral("held"));
        QCOMPARE(field(client, "/v2/orders/" + stopId, "time_in_force"), QStringLiteral("gtc"));
        QVERIFY(session.server.step());
        QVERIFY(session.server.step()); // 09:32: low 167.57
        QTRY_COMPARE_WITH_TIMEOUT(stream.updates("fill").size(), 2, 5000);
        QCOMPARE(idsOf(stream, "fill")[1], stopId);
        QCOMPARE(stream.updates("fill")[1].value("price").toString(), QStringLiteral("167.7"));
        QCOMPARE(field(client, "/v2/account", "cash"), QStringLiteral("99999.6"));
    }

    void ocoExitsAnOpenPosition()
    {
        Session session(config());
        QVERIFY(session.start());
        Client &client = *session.client;
        StreamClient &stream = session.stream;
        QCOMPARE(client
                     .request("POST", "/v2/orders",
                              QJsonObject{{"symbol", "SPY"},
                                          {"qty", "10"},
                                          {"side", "buy"},
                                          {"type", "market"},
                                          {"time_in_force", "day"}})
                     .status,
                 200);
        QVERIFY(session.server.step()); // bought 10 at 167.74
        QTRY_COMPARE_WITH_TIMEOUT(stream.updates("fill").size(), 1, 5000);

        QJsonObject oco{{"symbol", "SPY"},
                        {"qty", "10"},
                        {"side", "sell"},
                        {"type", "limit"},
                        {"time_in_force", "gtc"},
                        {"order_class", "oco"},
                        {"take_profit", QJsonObject{{"limit_price", "167.80"}}},
                        {"stop_loss", QJsonObject{{"stop_price", "167.80"}}}};
        const Reply crossed = client.request("POST", "/v2/orders", oco);
        QCOMPARE(crossed.status, 422);
        QCOMPARE(crossed.json.toObject().value("message").toString(),
                 QStringLiteral("take_profit.limit_price must be >= stop_loss.stop_price + 0.01"));
        oco.insert("stop_loss", QJsonObject{{"stop_price", "167.60"}});
        const QJsonObject parent = client.request("POST", "/v2/orders", oco).json.toObject();
        QCOMPARE(parent.value("type").toString(), QStringLiteral("limit"));
        QCOMPARE(parent.value("limit_price").toString(), QStringLiteral("167.8"));
        QCOMPARE(parent.value("order_class").toString(), QStringLiteral("oco"));
        const QJsonArray legs = parent.value("legs").toArray();
        QCOMPARE(legs.size(), 1);
        const QString stopId = legs[0].toObject().value("id").toString();
        QCOMPARE(legs[0].toObject().value("side").toString(), QStringLiteral("sell"));
        QCOMPARE(legs[0].toObject().value("status").toString(), QStringLiteral("held"));
        QTRY_COMPARE_WITH_TIMEOUT(stream.updates("new").size(), 2, 5000);
        // The pair holds the 10 shares once.
        QCOMPARE(field(client, "/v2/positions/SPY", "qty_available"), QStringLiteral("0"));

        QVERIFY(session.server.step()); // 09:31: high 167.83 fills the limit at 167.80
        QTRY_COMPARE_WITH_TIMEOUT(idsOf(stream, "canceled"), QStringList{stopId}, 5000);
        QCOMPARE(idsOf(stream, "fill")[1], parent.value("id").toString());
        QCOMPARE(stream.updates("fill")[1].value("price").toString(), QStringLiteral("167.8"));
        QCOMPARE(field(client, "/v2/account", "cash"), QStringLiteral("100000.6"));
    }

    void partiallyFilledEntryKeepsTheLegsHeld()
    {
        Session session(config(1.0));
        QVERIFY(session.start());
        Client &client = *session.client;
        StreamClient &stream = session.stream;
        const QJsonObject entry
            = client.request("POST", "/v2/orders", bracket("2", "169", "166")).json.toObject();
        const QString entryId = entry.value("id").toString();
        const QString profitId = entry.value("legs").toArray()[0].toObject().value("id").toString();
        QVERIFY(session.server.step()); // 1 of 2 at 167.74
        QTRY_COMPARE_WITH_TIMEOUT(stream.updates("partial_fill").size(), 1, 5000);
        QCOMPARE(field(client, "/v2/orders/" + profitId, "status"), QStringLiteral("held"));
        QCOMPARE(idsOf(stream, "new"), QStringList{entryId});
        QVERIFY(session.server.step()); // the second share at 167.76: the legs start
        QTRY_COMPARE_WITH_TIMEOUT(idsOf(stream, "new"), QStringList({entryId, profitId}), 5000);
        QCOMPARE(stream.updates("fill")[0]
                     .value("order")
                     .toObject()
                     .value("filled_avg_price")
                     .toString(),
                 QStringLiteral("167.75"));
        QCOMPARE(field(client, "/v2/orders/" + profitId, "qty"), QStringLiteral("2"));

        // A partly filled entry that is canceled takes its legs with it.
        const QJsonObject second
            = client.request("POST", "/v2/orders", bracket("2", "169", "166")).json.toObject();
        const QString secondId = second.value("id").toString();
        QTRY_COMPARE_WITH_TIMEOUT(idsOf(stream, "new").size(), 3, 5000);
        QVERIFY(session.server.step()); // 09:32: 1 of 2
        QTRY_COMPARE_WITH_TIMEOUT(stream.updates("partial_fill").size(), 2, 5000);
        QCOMPARE(client.request("DELETE", "/v2/orders/" + secondId).status, 204);
        QStringList expected{secondId};
        for (const QJsonValue &leg : second.value("legs").toArray())
            expected << leg.toObject().value("id").toString();
        QTRY_COMPARE_WITH_TIMEOUT(idsOf(stream, "canceled"), expected, 5000);
        QCOMPARE(field(client, "/v2/orders/" + secondId, "filled_qty"), QStringLiteral("1"));
    }

    void cancelingTheEntryCancelsTheLegs()
    {
        Session session(config());
        QVERIFY(session.start());
        Client &client = *session.client;
        StreamClient &stream = session.stream;
        const QJsonObject entry
            = client.request("POST", "/v2/orders", bracket("5", "168", "166.50", "limit", "167"))
                  .json.toObject();
        const QString entryId = entry.value("id").toString();
        QTRY_COMPARE_WITH_TIMEOUT(stream.events().size(), 2, 5000);
        QCOMPARE(client.request("DELETE", "/v2/orders/" + entryId).status, 204);
        QTRY_COMPARE_WITH_TIMEOUT(stream.updates("canceled").size(), 3, 5000);
        const QStringList canceled = idsOf(stream, "canceled");
        QCOMPARE(canceled[0], entryId);
        QCOMPARE(canceled[1], entry.value("legs").toArray()[0].toObject().value("id").toString());
        QCOMPARE(canceled[2], entry.value("legs").toArray()[1].toObject().value("id").toString());
        const QJsonArray closed
            = client.request("GET", "/v2/orders?status=closed&nested=true").json.toArray();
        QCOMPARE(closed.size(), 1);
        for (const QJsonValue &leg : closed[0].toObject().value("legs").toArray())
            QCOMPARE(leg.toObject().value("status").toString(), QStringLiteral("canceled"));
        QCOMPARE(client.request("GET", "/v2/orders?status=all").json.toArray().size(), 3);
        // Replacing an advanced order is not something the sandbox does.
        const Reply replaced = client.request("PATCH", "/v2/orders/" + entryId,
                                              QJsonObject{{"limit_price", "167.10"}});
        QCOMPARE(replaced.status, 422);
    }

    void validation_data()
    {
        QTest::addColumn<QJsonObject>("order");
        QTest::addColumn<qint64>("code");
        QTest::addColumn<QString>("message");
        const qint64 validation = 40010001;
        const qint64 unprocessable = 42210000;
        QJsonObject noStop = bracket("10", "168", "166");
        noStop.remove("stop_loss");
        QTest::newRow("no stop_loss")
            << noStop << validation << QStringLiteral("stop_loss.stop_price is required");
        QTest::newRow("stop above base")
            << bracket("10", "301", "299") << unprocessable
            << QStringLiteral("stop_loss.stop_price must be <= base_price - 0.01");
        // 167.74 + 0.01 = 167.75 is the lowest take-profit a market buy may have here.
        QTest::newRow("take-profit at base")
            << bracket("10", "167.74", "166") << unprocessable
            << QStringLiteral("take_profit.limit_price must be >= base_price + 0.01");
        QTest::newRow("limit entry base")
            << bracket("10", "167.00", "166", "limit", "167.00") << unprocessable
            << QStringLiteral("take_profit.limit_price must be >= base_price + 0.01");
        QJsonObject ioc = bracket("10", "168", "166");
        ioc.insert("time_in_force", "ioc");
        QTest::newRow("ioc") << ioc << unprocessable
                             << QStringLiteral("bracket orders must be day or gtc");
        QJsonObject notional = bracket("10", "168", "166");
        notional.remove("qty");
        notional.insert("notional", "1000");
        QTest::newRow("notional") << notional << unprocessable
                                  << QStringLiteral("bracket orders require a whole qty");
        QJsonObject both = bracket("10", "168", "166");
        both.insert("order_class", "oto");
        QTest::newRow("oto with both")
            << both << validation
            << QStringLiteral("oto orders require exactly one of take_profit or stop_loss");
        QJsonObject ocoMarket = bracket("10", "168", "166");
        ocoMarket.insert("order_class", "oco");
        QTest::newRow("oco market")
            << ocoMarket << unprocessable << QStringLiteral("oco orders must be limit orders");
        QTest::newRow("sub-penny take-profit")
            << bracket("10", "168.001", "166") << unprocessable
            << QStringLiteral("invalid take_profit.limit_price 168.001. sub-penny increment does "
                              "not fulfill minimum pricing criteria");
        QJsonObject stopLimit = bracket("10", "168", "166");
        stopLimit.insert("stop_loss", QJsonObject{{"stop_price", "166"}, {"limit_price", "166.5"}});
        QTest::newRow("stop-limit above stop")
            << stopLimit << unprocessable
            << QStringLiteral("stop_loss.limit_price must be <= stop_price");
        QJsonObject mleg = bracket("10", "168", "166");
        mleg.insert("order_class", "mleg");
        QTest::newRow("mleg") << mleg << validation
                              << QStringLiteral("order_class mleg is not supported by the sandbox");
    }

    void validation()
    {
        QFETCH(QJsonObject, order);
        QFETCH(qint64, code);
        QFETCH(QString, message);
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        const Reply refused = client.request("POST", "/v2/orders", order);
        QCOMPARE(refused.status, 422);
        QCOMPARE(refused.json.toObject().value("code").toInteger(), code);
        QCOMPARE(refused.json.toObject().value("message").toString(), message);
        QCOMPARE(client.request("GET", "/v2/orders?status=all").json.toArray().size(), 0);
        // The boundary itself is accepted: 167.75 and 167.73 around the base 167.74.
        QCOMPARE(client.request("POST", "/v2/orders", bracket("1", "167.75", "167.73")).status,
                 200);
    }
};

QTEST_MAIN(TestSandboxOrderClasses)
#include "tst_sandbox_orderclasses.moc"
