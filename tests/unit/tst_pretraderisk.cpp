// Pre-trade risk: each limit with a hand-worked order just inside and just outside it
// (equity 100 000, last price 100), the reason codes, and the rule that an order which only
// reduces the position always passes.

#include <QtTest>

#include "engine/execution/pretraderisk.h"

using namespace meridian::engine;

namespace {

RiskCheckInput input(const char *position = "0")
{
    RiskCheckInput in;
    in.symbol = "SPY";
    in.equity = Money::fromUnits(100'000);
    in.projectedPosition = *Quantity::parse(position);
    in.projectedGrossExposure = in.projectedPosition.abs() * Price::fromUnits(100);
    in.referencePrice = Price::fromUnits(100);
    return in;
}

std::string code(const RiskLimits &limits, Side side, std::int64_t quantity, const RiskCheckInput &in)
{
    const auto refused = checkPreTradeRisk(limits, side, Quantity::fromUnits(quantity), in);
    return refused ? refused->code : std::string("ok");
}

} // namespace

class TestPreTradeRisk : public QObject
{
    Q_OBJECT

private slots:
    void positionSizeAndLeverage()
    {
        RiskLimits limits;
        limits.maxPositionSize = 0.1; // 10 000 at 100 = 100 shares
        QCOMPARE(code(limits, Side::Buy, 100, input()), std::string("ok"));
        QCOMPARE(code(limits, Side::Buy, 101, input()), std::string("max_position_size"));
        const auto refused = checkPreTradeRisk(limits, Side::Buy, Quantity::fromUnits(101), input());
        QCOMPARE(QString::fromStdString(refused->text),
                 QStringLiteral("order to buy 101 SPY would make the position worth 10100.00 (10.1% of "
                                "equity 100000.00), above max_position_size 0.1"));
        limits.maxPositionSize = 2.0;
        limits.maxLeverage = 1.5; // gross 150 000 = 1500 shares
        QCOMPARE(code(limits, Side::Buy, 1500, input()), std::string("ok"));
        QCOMPARE(code(limits, Side::Buy, 1501, input()), std::string("max_leverage"));
    }

    void orderLimits()
    {
        RiskLimits limits;
        limits.maxOrderQuantity = Quantity::fromUnits(50);
        QCOMPARE(code(limits, Side::Buy, 50, input()), std::string("ok"));
        QCOMPARE(code(limits, Side::Buy, 51, input()), std::string("max_order_quantity"));
        limits = RiskLimits{};
        limits.maxOrderNotional = Money::fromUnits(5000); // 50 shares at 100
        QCOMPARE(code(limits, Side::Buy, 50, input()), std::string("ok"));
        QCOMPARE(code(limits, Side::Buy, 51, input()), std::string("max_order_notional"));
        limits = RiskLimits{};
        limits.maxPositionQuantity = Quantity::fromUnits(30);
        QCOMPARE(code(limits, Side::Buy, 10, input("20")), std::string("ok"));
        QCOMPARE(code(limits, Side::Buy, 11, input("20")), std::string("max_position_quantity"));
    }

    void priceCollarRateAndSymbols()
    {
        RiskLimits limits;
        limits.priceCollar = 0.05; // limit prices within 5 of the last price 100
        RiskCheckInput in = input();
        in.orderPrice = Price::fromUnits(105);
        QCOMPARE(code(limits, Side::Buy, 1, in), std::string("ok"));
        in.orderPrice = *Price::parse("105.01");
        QCOMPARE(code(limits, Side::Buy, 1, in), std::string("price_collar"));

        limits = RiskLimits{};
        limits.maxOrdersPerDay = 2;
        in = input();
        in.ordersToday = 1;
        QCOMPARE(code(limits, Side::Buy, 1, in), std::string("ok"));
        in.ordersToday = 2;
        QCOMPARE(code(limits, Side::Buy, 1, in), std::string("max_orders_per_day"));

        limits = RiskLimits{};
        limits.deniedSymbols = {"SPY"};
        QCOMPARE(code(limits, Side::Buy, 1, input()), std::string("symbol_denied"));
        limits = RiskLimits{};
        limits.allowedSymbols = {"TLT"};
        QCOMPARE(code(limits, Side::Buy, 1, input()), std::string("symbol_not_allowed"));
        // Getting out is always allowed.
        QCOMPARE(code(limits, Side::Sell, 5, input("10")), std::string("ok"));
    }

    void shortSelling()
    {
        RiskLimits limits;
        limits.allowShort = false;
        QCOMPARE(code(limits, Side::Sell, 10, input()), std::string("short_not_allowed"));
        QCOMPARE(code(limits, Side::Sell, 10, input("10")), std::string("ok")); // to flat
        QCOMPARE(code(limits, Side::Sell, 11, input("10")), std::string("short_not_allowed"));
        limits.allowShort = true;
        QCOMPARE(code(limits, Side::Sell, 1000, input()), std::string("ok")); // 100 000 = 1.0 × equity
        QCOMPARE(code(limits, Side::Sell, 1001, input()), std::string("max_position_size"));
    }

    void basicChecks()
    {
        RiskLimits limits;
        QCOMPARE(code(limits, Side::Buy, 0, input()), std::string("invalid_quantity"));
        RiskCheckInput in = input();
        in.referencePrice = Price();
        QCOMPARE(code(limits, Side::Buy, 1, in), std::string("no_price"));
        in = input();
        in.equity = Money();
        QCOMPARE(code(limits, Side::Buy, 1, in), std::string("buying_power"));
    }
};

QTEST_APPLESS_MAIN(TestPreTradeRisk)
#include "tst_pretraderisk.moc"
