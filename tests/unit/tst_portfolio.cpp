// Portfolio accounting against numbers worked out by hand (the arithmetic is in the comments).

#include "engine/core/civiltime.h"
#include "engine/portfolio/portfolio.h"

#include <QtTest>

#include <string_view>

namespace meridian::engine {
// Lets QCOMPARE print Price, Quantity and Money exactly when a comparison fails.
template<class Tag>
char *toString(const FixedPoint<Tag> &value)
{
    return qstrdup(value.toString().c_str());
}
char *toString(Timestamp time)
{
    return qstrdup(formatIso(time).c_str());
}
template<class Tag, class Rep>
char *toString(StrongId<Tag, Rep> id)
{
    return qstrdup(std::to_string(id.value()).c_str());
}
} // namespace meridian::engine

using namespace meridian::engine;

namespace {

const InstrumentId spy{1};
const InstrumentId tlt{2};

QString sideName(Side side)
{
    return QString::fromLatin1(toString(side).data(), qsizetype(toString(side).size()));
}

Money money(std::string_view text)
{
    return Money::parse(text).value();
}
Price price(std::string_view text)
{
    return Price::parse(text).value();
}
Quantity qty(std::string_view text)
{
    return Quantity::parse(text).value();
}
Timestamp day(int d)
{
    return dailyBarTimestamp(Date{2021, 3, d});
}

Fill fill(InstrumentId instrument,
          Side side,
          std::string_view quantity,
          std::string_view fillPrice,
          std::string_view commission,
          Timestamp time)
{
    return Fill{instrument, side, qty(quantity), price(fillPrice), money(commission), time};
}

// The two identities every state must satisfy, exactly.
void checkIdentities(const Portfolio &portfolio)
{
    Money positionValue;
    for (const Position &position : portfolio.positions())
        positionValue += position.marketValue();
    QCOMPARE(portfolio.equity(), portfolio.cash() + positionValue);
    QCOMPARE(portfolio.equity(),
             portfolio.initialCash() + portfolio.realizedPnl() + portfolio.unrealizedPnl()
                 - portfolio.totalCommission());
}

} // namespace

class TestPortfolio : public QObject
{
    Q_OBJECT

private slots:
    void startsFlat();
    void longRoundTripStepByStep();
    void partialCloseRoundsPortionHalfEven();
    void flipLongToShortInOneFill();
    void shortThenCover();
    void notionalRounding_data();
    void notionalRounding();
    void fractionalSharesMarkedToMarket();
    void averagePriceAndTripQuantity();
    void openTripValuedAtLastMark();
    void exposures();
    void markIgnoresUntradedInstruments();
    void invalidFillsAreRejected_data();
    void invalidFillsAreRejected();
    void overflowLeavesPortfolioUnchanged();
};

void TestPortfolio::startsFlat()
{
    const Portfolio portfolio(money("100000"));
    QCOMPARE(portfolio.cash(), money("100000"));
    QCOMPARE(portfolio.equity(), money("100000"));
    QCOMPARE(portfolio.initialCash(), money("100000"));
    QCOMPARE(portfolio.realizedPnl(), Money());
    QCOMPARE(portfolio.unrealizedPnl(), Money());
    QVERIFY(portfolio.positions().empty());
    QVERIFY(portfolio.closedTrades().empty());
    QVERIFY(portfolio.openTrades().empty());
    QCOMPARE(portfolio.position(spy), nullptr);
    QCOMPARE(portfolio.quantity(spy), Quantity());
}

void TestPortfolio::longRoundTripStepByStep()
{
    Portfolio portfolio(money("100000"));

    // Buy 100 @ 10.00, commission 1.00: notional 1000.00.
    // cash = 100000 − 1000 − 1 = 98999.00; cost basis 1000.00; marked at the fill, 1000.00.
    // equity = 98999 + 1000 = 99999.00 = 100000 + 0 + 0 − 1.
    portfolio.applyFill(fill(spy, Side::Buy, "100", "10.00", "1.00", day(1)));
    QCOMPARE(portfolio.cash(), money("98999"));
    QCOMPARE(portfolio.quantity(spy), qty("100"));
    QCOMPARE(portfolio.position(spy)->costBasis, money("1000"));
    QCOMPARE(portfolio.position(spy)->averagePrice(), price("10"));
    QCOMPARE(portfolio.realizedPnl(), Money());
    QCOMPARE(portfolio.unrealizedPnl(), Money());
    QCOMPARE(portfolio.totalCommission(), money("1"));
    QCOMPARE(portfolio.equity(), money("99999"));
    checkIdentities(portfolio);

    // Mark 10.50: market value 100 × 10.50 = 1050.00, unrealized 50.00.
    // equity = 98999 + 1050 = 100049.00.
    portfolio.mark(spy, price("10.50"));
    QCOMPARE(portfolio.cash(), money("98999"));
    QCOMPARE(portfolio.position(spy)->marketValue(), money("1050"));
    QCOMPARE(portfolio.unrealizedPnl(), money("50"));
    QCOMPARE(portfolio.equity(), money("100049"));
    checkIdentities(portfolio);

    // Sell 40 @ 11.00, commission 0.50: proceeds 440.00; portion of cost 1000 × 40/100 = 400.00;
    // realized 440 − 400 = 40.00; cost basis left 1000 − 400 = 600.00 for 60 shares.
    // cash = 98999 + 440 − 0.50 = 99438.50; marked at 11.00: 60 × 11 = 660.00, unrealized 60.00.
    // equity = 99438.50 + 660 = 100098.50 = 100000 + 40 + 60 − 1.50.
    portfolio.applyFill(fill(spy, Side::Sell, "40", "11.00", "0.50", day(2)));
    QCOMPARE(portfolio.cash(), money("99438.50"));
    QCOMPARE(portfolio.quantity(spy), qty("60"));
    QCOMPARE(portfolio.position(spy)->costBasis, money("600"));
    QCOMPARE(portfolio.position(spy)->averagePrice(), price("10"));
    QCOMPARE(portfolio.realizedPnl(), money("40"));
    QCOMPARE(portfolio.unrealizedPnl(), money("60"));
    QCOMPARE(portfolio.totalCommission(), money("1.50"));
    QCOMPARE(portfolio.equity(), money("100098.50"));
    checkIdentities(portfolio);

    // Sell 60 @ 9.995, commission 0.75: proceeds 60 × 9.995 = 599.70; the whole remaining cost
    // 600.00 goes; realized 599.70 − 600 = −0.30, total 39.70.
    // cash = 99438.50 + 599.70 − 0.75 = 100037.45 = equity = 100000 + 39.70 − 2.25.
    portfolio.applyFill(fill(spy, Side::Sell, "60", "9.995", "0.75", day(3)));
    QCOMPARE(portfolio.cash(), money("100037.45"));
    QCOMPARE(portfolio.quantity(spy), Quantity());
    QCOMPARE(portfolio.position(spy)->costBasis, Money());
    QCOMPARE(portfolio.position(spy)->averagePrice(), Price());
    QCOMPARE(portfolio.position(spy)->realizedPnl, money("39.70"));
    QCOMPARE(portfolio.realizedPnl(), money("39.70"));
    QCOMPARE(portfolio.unrealizedPnl(), Money());
    QCOMPARE(portfolio.totalCommission(), money("2.25"));
    QCOMPARE(portfolio.equity(), money("100037.45"));
    checkIdentities(portfolio);

    // One long trip: entry 10.00; exit (440 + 599.70) / 100 = 10.397; pnl 39.70 − 2.25 = 37.45.
    QVERIFY(portfolio.openTrades().empty());
    QCOMPARE(portfolio.closedTrades().size(), std::size_t(1));
    const RoundTrip &trip = portfolio.closedTrades()[0];
    QCOMPARE(trip.instrument, spy);
    QCOMPARE(sideName(trip.side), "buy");
    QCOMPARE(trip.quantity, qty("100"));
    QCOMPARE(trip.entryTime, day(1));
    QCOMPARE(trip.entryPrice, price("10"));
    QVERIFY(trip.exitTime.has_value());
    QCOMPARE(*trip.exitTime, day(3));
    QCOMPARE(trip.exitPrice, price("10.397"));
    QCOMPARE(trip.commission, money("2.25"));
    QCOMPARE(trip.pnl, money("37.45"));
}

void TestPortfolio::partialCloseRoundsPortionHalfEven()
{
    Portfolio portfolio(money("100"));
    // Buy 1 @ 1 and 2 @ 1.00000001: cost 1 + 2.00000002 = 3.00000002 for 3 shares.
    portfolio.applyFill(fill(spy, Side::Buy, "1", "1", "0", day(1)));
    portfolio.applyFill(fill(spy, Side::Buy, "2", "1.00000001", "0", day(1)));
    QCOMPARE(portfolio.position(spy)->costBasis, money("3.00000002"));
    // Sell 1 @ 2: portion 3.00000002 / 3 = 1.00000000666… → 1.00000001; realized 2 − 1.00000001
    // = 0.99999999; cost left by subtraction 3.00000002 − 1.00000001 = 2.00000001.
    portfolio.applyFill(fill(spy, Side::Sell, "1", "2", "0", day(2)));
    QCOMPARE(portfolio.realizedPnl(), money("0.99999999"));
    QCOMPARE(portfolio.position(spy)->costBasis, money("2.00000001"));
    // Average 2.00000001 / 2 = 1.000000005, a tie: half-even keeps the even 1.00000000.
    QCOMPARE(portfolio.position(spy)->averagePrice(), price("1.00000000"));
    checkIdentities(portfolio);
    // Sell 2 @ 2: the whole 2.00000001 goes; realized 4 − 2.00000001 = 1.99999999.
    // Total 0.99999999 + 1.99999999 = 2.99999998 = 6 − 3.00000002: nothing lost to rounding.
    portfolio.applyFill(fill(spy, Side::Sell, "2", "2", "0", day(3)));
    QCOMPARE(portfolio.realizedPnl(), money("2.99999998"));
    QCOMPARE(portfolio.position(spy)->costBasis, Money());
    // cash = 100 − 3.00000002 + 2 + 4 = 102.99999998
    QCOMPARE(portfolio.cash(), money("102.99999998"));
    QCOMPARE(portfolio.equity(), money("102.99999998"));
    checkIdentities(portfolio);
}

void TestPortfolio::flipLongToShortInOneFill()
{
    Portfolio portfolio(money("10000"));
    // Buy 10 @ 20.00, commission 1.00: cash 10000 − 200 − 1 = 9799.00.
    portfolio.applyFill(fill(spy, Side::Buy, "10", "20.00", "1.00", day(1)));
    QCOMPARE(portfolio.cash(), money("9799"));

    // Sell 15 @ 22.00, commission 1.50, split into closing 10 and opening 5:
    //  close: proceeds 220.00, cost 200.00, realized 20.00;
    //  open short 5: proceeds 110.00, cost basis −110.00;
    //  cash = 9799 + 220 + 110 − 1.50 = 10127.50; marked at 22: 5 short = −110.00;
    //  equity = 10127.50 − 110 = 10017.50 = 10000 + 20 + 0 − 2.50.
    portfolio.applyFill(fill(spy, Side::Sell, "15", "22.00", "1.50", day(2)));
    QCOMPARE(portfolio.quantity(spy), qty("-5"));
    QCOMPARE(portfolio.position(spy)->costBasis, money("-110"));
    QCOMPARE(portfolio.position(spy)->averagePrice(), price("22"));
    QCOMPARE(portfolio.position(spy)->marketValue(), money("-110"));
    QCOMPARE(portfolio.cash(), money("10127.50"));
    QCOMPARE(portfolio.realizedPnl(), money("20"));
    QCOMPARE(portfolio.unrealizedPnl(), Money());
    QCOMPARE(portfolio.equity(), money("10017.50"));
    checkIdentities(portfolio);

    // The fill's commission is shared pro rata: 1.50 × 10/15 = 1.00 closes the long trip,
    // 0.50 opens the short one. Long trip: 10 @ 20 → 22, pnl 20 − (1.00 + 1.00) = 18.00.
    QCOMPARE(portfolio.closedTrades().size(), std::size_t(1));
    const RoundTrip &closed = portfolio.closedTrades()[0];
    QCOMPARE(sideName(closed.side), "buy");
    QCOMPARE(closed.quantity, qty("10"));
    QCOMPARE(closed.entryPrice, price("20"));
    QCOMPARE(closed.exitPrice, price("22"));
    QVERIFY(closed.exitTime.has_value());
    QCOMPARE(*closed.exitTime, day(2));
    QCOMPARE(closed.commission, money("2"));
    QCOMPARE(closed.pnl, money("18"));

    // Mark 21: the short is worth −105.00, unrealized −105 − (−110) = 5.00;
    // equity = 10127.50 − 105 = 10022.50 = 10000 + 20 + 5 − 2.50.
    // Short trip: entry 22 at day 2, exit (open) 21, pnl 5 − 0.50 = 4.50.
    portfolio.mark(spy, price("21"));
    QCOMPARE(portfolio.unrealizedPnl(), money("5"));
    QCOMPARE(portfolio.equity(), money("10022.50"));
    checkIdentities(portfolio);
    const auto open = portfolio.openTrades();
    QCOMPARE(open.size(), std::size_t(1));
    QCOMPARE(sideName(open[0].side), "sell");
    QCOMPARE(open[0].quantity, qty("5"));
    QCOMPARE(open[0].entryTime, day(2));
    QCOMPARE(open[0].entryPrice, price("22"));
    QVERIFY(!open[0].exitTime.has_value());
    QCOMPARE(open[0].exitPrice, price("21"));
    QCOMPARE(open[0].commission, money("0.50"));
    QCOMPARE(open[0].pnl, money("4.50"));
    // 18.00 + 4.50 = 22.50 = realized 20 + unrealized 5 − commission 2.50.
    QCOMPARE(closed.pnl + open[0].pnl,
             portfolio.realizedPnl() + portfolio.unrealizedPnl() - portfolio.totalCommission());
}

void TestPortfolio::shortThenCover()
{
    Portfolio portfolio(money("50000"));
    // Sell short 200 @ 50.00, commission 2: cash 50000 + 10000 − 2 = 59998; cost basis −10000.
    portfolio.applyFill(fill(spy, Side::Sell, "200", "50.00", "2", day(1)));
    QCOMPARE(portfolio.quantity(spy), qty("-200"));
    QCOMPARE(portfolio.position(spy)->costBasis, money("-10000"));
    QCOMPARE(portfolio.position(spy)->averagePrice(), price("50"));
    QCOMPARE(portfolio.cash(), money("59998"));
    QCOMPARE(portfolio.equity(), money("49998"));

    // Mark 45: −200 × 45 = −9000; unrealized −9000 + 10000 = 1000; equity 59998 − 9000 = 50998.
    portfolio.mark(spy, price("45"));
    QCOMPARE(portfolio.unrealizedPnl(), money("1000"));
    QCOMPARE(portfolio.equity(), money("50998"));
    checkIdentities(portfolio);

    // Buy 50 @ 40, commission 1: pays 2000; portion −10000 × 50/200 = −2500;
    // realized −2000 − (−2500) = 500; cost basis −7500; cash 59998 − 2000 − 1 = 57997;
    // marked at 40: −150 × 40 = −6000; unrealized 1500; equity 51997 = 50000 + 500 + 1500 − 3.
    portfolio.applyFill(fill(spy, Side::Buy, "50", "40", "1", day(2)));
    QCOMPARE(portfolio.quantity(spy), qty("-150"));
    QCOMPARE(portfolio.position(spy)->costBasis, money("-7500"));
    QCOMPARE(portfolio.realizedPnl(), money("500"));
    QCOMPARE(portfolio.unrealizedPnl(), money("1500"));
    QCOMPARE(portfolio.cash(), money("57997"));
    QCOMPARE(portfolio.equity(), money("51997"));
    checkIdentities(portfolio);

    // Cover 150 @ 55, commission 1: pays 8250; the cost −7500 goes; realized −8250 + 7500 = −750,
    // total −250; cash 57997 − 8250 − 1 = 49746 = equity = 50000 − 250 − 4.
    portfolio.applyFill(fill(spy, Side::Buy, "150", "55", "1", day(3)));
    QCOMPARE(portfolio.quantity(spy), Quantity());
    QCOMPARE(portfolio.realizedPnl(), money("-250"));
    QCOMPARE(portfolio.cash(), money("49746"));
    QCOMPARE(portfolio.equity(), money("49746"));
    checkIdentities(portfolio);

    // Short trip: 200 @ 50 → (2000 + 8250) / 200 = 51.25; pnl −250 − 4 = −254.
    QCOMPARE(portfolio.closedTrades().size(), std::size_t(1));
    const RoundTrip &trip = portfolio.closedTrades()[0];
    QCOMPARE(sideName(trip.side), "sell");
    QCOMPARE(trip.quantity, qty("200"));
    QCOMPARE(trip.entryPrice, price("50"));
    QCOMPARE(trip.exitPrice, price("51.25"));
    QCOMPARE(trip.commission, money("4"));
    QCOMPARE(trip.pnl, money("-254"));
}

void TestPortfolio::notionalRounding_data()
{
    QTest::addColumn<Side>("side");
    QTest::addColumn<QString>("quantity");
    QTest::addColumn<QString>("price");
    QTest::addColumn<QString>("cash"); // after the fill, from 1000.00

    // 396.33 × 0.33333333 = 39633 × 33333333 × 1e-10 = 1321099986789e-10 = 132.1099986789,
    // above the half: 132.10999868; cash 1000 − 132.10999868 = 867.89000132.
    QTest::newRow("one third of a share") << Side::Buy << "0.33333333" << "396.33"
                                          << "867.89000132";
    // 0.5 × 396.33000001 = 198.165000005, a tie: the even 198.16500000; cash 801.835.
    QTest::newRow("tie rounds down to even") << Side::Buy << "0.5" << "396.33000001"
                                             << "801.835";
    // 0.5 × 396.33000003 = 198.165000015, a tie: the even 198.16500002; cash 801.83499998.
    QTest::newRow("tie rounds up to even") << Side::Buy << "0.5" << "396.33000003"
                                           << "801.83499998";
    // A short sale receives the same rounded notional: 1000 + 198.165 = 1198.165.
    QTest::newRow("sell side tie") << Side::Sell << "0.5" << "396.33000001" << "1198.165";
}

void TestPortfolio::notionalRounding()
{
    QFETCH(Side, side);
    QFETCH(QString, quantity);
    QFETCH(QString, price);
    QFETCH(QString, cash);

    Portfolio portfolio(money("1000"));
    portfolio.applyFill(fill(spy, side, quantity.toStdString(), price.toStdString(), "0", day(1)));
    QCOMPARE(portfolio.cash(), money(cash.toStdString()));
    // Cost basis is the same rounded notional, so right after the fill unrealized is zero.
    QCOMPARE(portfolio.position(spy)->costBasis, money("1000") - portfolio.cash());
    checkIdentities(portfolio);
}

void TestPortfolio::fractionalSharesMarkedToMarket()
{
    Portfolio portfolio(money("1000"));
    // Buy 0.33333333 @ 396.33: cost 132.10999868 (see notionalRounding); cash 867.89000132.
    portfolio.applyFill(fill(spy, Side::Buy, "0.33333333", "396.33", "0", day(1)));
    // Mark 400: 0.33333333 × 400 = 133.333332 exactly; unrealized 133.333332 − 132.10999868
    // = 1.22333332; equity 867.89000132 + 133.333332 = 1001.22333332.
    portfolio.mark(spy, price("400"));
    QCOMPARE(portfolio.position(spy)->marketValue(), money("133.333332"));
    QCOMPARE(portfolio.unrealizedPnl(), money("1.22333332"));
    QCOMPARE(portfolio.equity(), money("1001.22333332"));
    // Average 132.10999868 / 0.33333333: 33333333 × 396.33 = 13210999867.89, so the quotient is
    // 396.33 + 0.11 / 33333333 = 396.3300000033 → 396.33000000 (display only).
    QCOMPARE(portfolio.position(spy)->averagePrice(), price("396.33"));
    checkIdentities(portfolio);

    // Sell 0.11111111 @ 400: proceeds 44.444444; portion 132.10999868 × 11111111 / 33333333
    // = 132.10999868 / 3 (exactly: 33333333 = 3 × 11111111) = 44.03666622666… → 44.03666623;
    // realized 44.444444 − 44.03666623 = 0.40777777; cost left 132.10999868 − 44.03666623
    // = 88.07333245.
    portfolio.applyFill(fill(spy, Side::Sell, "0.11111111", "400", "0", day(2)));
    QCOMPARE(portfolio.quantity(spy), qty("0.22222222"));
    QCOMPARE(portfolio.realizedPnl(), money("0.40777777"));
    QCOMPARE(portfolio.position(spy)->costBasis, money("88.07333245"));
    // Market value 0.22222222 × 400 = 88.888888; unrealized 88.888888 − 88.07333245 = 0.81555555.
    QCOMPARE(portfolio.unrealizedPnl(), money("0.81555555"));
    // cash 867.89000132 + 44.444444 = 912.33444532; equity + 88.888888 = 1001.22333332 (the
    // price did not move, so neither did equity).
    QCOMPARE(portfolio.cash(), money("912.33444532"));
    QCOMPARE(portfolio.equity(), money("1001.22333332"));
    checkIdentities(portfolio);
}

void TestPortfolio::averagePriceAndTripQuantity()
{
    Portfolio portfolio(money("10000"));
    // Buy 100 @ 10; sell 60 @ 12 (portion 600, realized 720 − 600 = 120, cost left 400);
    // buy 80 @ 11 (cost 400 + 880 = 1280 for 120 shares).
    portfolio.applyFill(fill(spy, Side::Buy, "100", "10", "0", day(1)));
    portfolio.applyFill(fill(spy, Side::Sell, "60", "12", "0", day(2)));
    portfolio.applyFill(fill(spy, Side::Buy, "80", "11", "0", day(3)));
    // Average 1280 / 120 = 10.666666666… → 10.66666667.
    QCOMPARE(portfolio.position(spy)->averagePrice(), price("10.66666667"));
    QCOMPARE(portfolio.realizedPnl(), money("120"));

    // Open trip so far: largest position 120 (100, then 40, then 120); entry (1000 + 880) / 180
    // = 10.4444444444… → 10.44444444; marked at the last fill 11: unrealized 1320 − 1280 = 40,
    // pnl 120 + 40 = 160.
    const auto open = portfolio.openTrade(spy);
    QVERIFY(open.has_value());
    QCOMPARE(open->quantity, qty("120"));
    QCOMPARE(open->entryPrice, price("10.44444444"));
    QCOMPARE(open->exitPrice, price("11"));
    QCOMPARE(open->pnl, money("160"));

    // Sell 120 @ 11.50: proceeds 1380, the whole cost 1280 goes, realized 100, total 220.
    portfolio.applyFill(fill(spy, Side::Sell, "120", "11.50", "0", day(4)));
    QCOMPARE(portfolio.realizedPnl(), money("220"));
    QVERIFY(!portfolio.openTrade(spy).has_value());
    QCOMPARE(portfolio.closedTrades().size(), std::size_t(1));
    const RoundTrip &trip = portfolio.closedTrades()[0];
    QCOMPARE(trip.quantity, qty("120"));
    QCOMPARE(trip.entryTime, day(1));
    QCOMPARE(trip.entryPrice, price("10.44444444"));
    // Exit (720 + 1380) / 180 = 11.666666666… → 11.66666667.
    QCOMPARE(trip.exitPrice, price("11.66666667"));
    QVERIFY(trip.exitTime.has_value());
    QCOMPARE(*trip.exitTime, day(4));
    QCOMPARE(trip.pnl, money("220"));
    // cash 10000 − 1000 + 720 − 880 + 1380 = 10220.
    QCOMPARE(portfolio.equity(), money("10220"));
    checkIdentities(portfolio);
}

void TestPortfolio::openTripValuedAtLastMark()
{
    Portfolio portfolio(money("5000"));
    // Buy 10 @ 100, commission 1; mark 103, then 105.
    portfolio.applyFill(fill(spy, Side::Buy, "10", "100", "1", day(1)));
    portfolio.mark(spy, price("103"));
    portfolio.mark(spy, price("105"));
    QVERIFY(portfolio.closedTrades().empty());
    const auto open = portfolio.openTrades();
    QCOMPARE(open.size(), std::size_t(1));
    QCOMPARE(open[0].instrument, spy);
    QCOMPARE(sideName(open[0].side), "buy");
    QCOMPARE(open[0].quantity, qty("10"));
    QCOMPARE(open[0].entryTime, day(1));
    QCOMPARE(open[0].entryPrice, price("100"));
    QVERIFY(open[0].isOpen());
    QCOMPARE(open[0].exitPrice, price("105"));
    // 10 × (105 − 100) − 1 = 49.
    QCOMPARE(open[0].pnl, money("49"));
    QCOMPARE(open[0].commission, money("1"));
    // equity 5000 − 1000 − 1 + 1050 = 5049.
    QCOMPARE(portfolio.equity(), money("5049"));
    checkIdentities(portfolio);
}

void TestPortfolio::exposures()
{
    Portfolio portfolio(money("10000"));
    // Long 10 SPY @ 100 (+1000), short 5 TLT @ 50 (−250).
    portfolio.applyFill(fill(spy, Side::Buy, "10", "100", "0", day(1)));
    portfolio.applyFill(fill(tlt, Side::Sell, "5", "50", "0", day(1)));
    QCOMPARE(portfolio.grossExposure(), money("1250"));
    QCOMPARE(portfolio.netExposure(), money("750"));
    // cash 10000 − 1000 + 250 = 9250; equity 9250 + 750 = 10000.
    QCOMPARE(portfolio.cash(), money("9250"));
    QCOMPARE(portfolio.equity(), money("10000"));
    // TLT to 60: −300; gross 1300, net 700, equity 9950.
    portfolio.mark(tlt, price("60"));
    QCOMPARE(portfolio.grossExposure(), money("1300"));
    QCOMPARE(portfolio.netExposure(), money("700"));
    QCOMPARE(portfolio.equity(), money("9950"));
    QCOMPARE(portfolio.positions().size(), std::size_t(2));
    QCOMPARE(portfolio.positions()[0].instrument, spy);
    QCOMPARE(portfolio.positions()[1].instrument, tlt);
    checkIdentities(portfolio);
}

void TestPortfolio::markIgnoresUntradedInstruments()
{
    Portfolio portfolio(money("1000"));
    portfolio.mark(InstrumentId{7}, price("12"));
    QVERIFY(portfolio.positions().empty());
    QCOMPARE(portfolio.equity(), money("1000"));
    // A flat position keeps its slot, its realized PnL and its marks.
    portfolio.applyFill(fill(spy, Side::Buy, "1", "10", "0", day(1)));
    portfolio.applyFill(fill(spy, Side::Sell, "1", "12", "0", day(2)));
    portfolio.mark(spy, price("13"));
    QCOMPARE(portfolio.positions().size(), std::size_t(1));
    QVERIFY(portfolio.position(spy)->isFlat());
    QCOMPARE(portfolio.position(spy)->lastPrice, price("13"));
    QCOMPARE(portfolio.position(spy)->realizedPnl, money("2"));
    QCOMPARE(portfolio.equity(), money("1002"));
}

void TestPortfolio::invalidFillsAreRejected_data()
{
    QTest::addColumn<int>("instrument");
    QTest::addColumn<QString>("quantity");
    QTest::addColumn<QString>("price");
    QTest::addColumn<QString>("message");

    QTest::newRow("no instrument") << 0 << "1" << "10"
                                   << "fill of instrument 0 at 2021-03-01T21:00:00Z: invalid "
                                      "instrument id 0";
    QTest::newRow("zero quantity") << 1 << "0" << "10"
                                   << "fill of instrument 1 at 2021-03-01T21:00:00Z: quantity 0 "
                                      "must be positive (the side gives the direction)";
    QTest::newRow("negative quantity")
        << 1 << "-2.5" << "10"
        << "fill of instrument 1 at 2021-03-01T21:00:00Z: quantity -2.5 must be positive (the "
           "side gives the direction)";
    QTest::newRow("negative price") << 1 << "1" << "-0.01"
                                    << "fill of instrument 1 at 2021-03-01T21:00:00Z: price "
                                       "-0.01 must not be negative";
}

void TestPortfolio::invalidFillsAreRejected()
{
    QFETCH(int, instrument);
    QFETCH(QString, quantity);
    QFETCH(QString, price);
    QFETCH(QString, message);

    Portfolio portfolio(money("1000"));
    // 2021-03-01 16:00 New York (EST) is 21:00 UTC.
    const Fill bad = fill(InstrumentId{static_cast<std::uint32_t>(instrument)},
                          Side::Buy,
                          quantity.toStdString(),
                          price.toStdString(),
                          "0",
                          day(1));
    try {
        portfolio.applyFill(bad);
        QFAIL("an invalid fill was applied");
    } catch (const InvalidFill &error) {
        QCOMPARE(QString::fromStdString(error.what()), message);
    }
    QVERIFY(portfolio.positions().empty());
    QCOMPARE(portfolio.cash(), money("1000"));
}

void TestPortfolio::overflowLeavesPortfolioUnchanged()
{
    Portfolio portfolio(money("1000"));
    portfolio.applyFill(fill(spy, Side::Buy, "10", "10", "1", day(1)));
    // A first fill on a new instrument whose notional (1e9 × 100 = 1e11) exceeds ±92 bn: no slot
    // is created and nothing else moves.
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             portfolio.applyFill(
                                 fill(tlt, Side::Buy, "1000000000", "100", "0", day(2))));
    QCOMPARE(portfolio.positions().size(), std::size_t(1));
    QCOMPARE(portfolio.position(tlt), nullptr);
    // Adding to an existing position: the cash would overflow (−1e11).
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             portfolio.applyFill(
                                 fill(spy, Side::Buy, "1000000000", "100", "5", day(2))));
    // A mark whose market value overflows (10 × 1e10 = 1e11).
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, portfolio.mark(spy, price("10000000000")));
    QCOMPARE(portfolio.quantity(spy), qty("10"));
    QCOMPARE(portfolio.position(spy)->lastPrice, price("10"));
    QCOMPARE(portfolio.cash(), money("899"));
    QCOMPARE(portfolio.totalCommission(), money("1"));
    QCOMPARE(portfolio.equity(), money("999"));
    checkIdentities(portfolio);
}

QTEST_APPLESS_MAIN(TestPortfolio)
#include "tst_portfolio.moc"
