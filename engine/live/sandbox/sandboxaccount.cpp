#include "engine/live/sandbox/sandboxaccount.h"

#include "engine/live/sandbox/sandboxbroker.h"

namespace meridian::live {

using namespace meridian::engine;

SandboxAccount::SandboxAccount(const SandboxConfig &config, const ReplayCursor &cursor)
    : m_config(config)
    , m_cursor(cursor)
{
    reset();
}

void SandboxAccount::reset()
{
    m_positions.clear();
    m_cash = m_config.initialCash;
    m_lastEquity = m_cash;
    m_lastEquityDate.reset();
}

std::optional<Price> SandboxAccount::markPrice(const QString &symbol) const
{
    return m_cursor.referencePrice(symbol.toStdString());
}

Quantity SandboxAccount::positionQty(const QString &symbol) const
{
    const auto position = m_positions.find(symbol);
    return position == m_positions.end() ? Quantity() : position->second.qty;
}

Quantity SandboxAccount::book(const QString &symbol, Side side, Quantity qty, Price price)
{
    const Money value = price * qty;
    SandboxPosition &position = m_positions[symbol];
    const Quantity signedQty = side == Side::Buy ? qty : -qty;
    // Average entry: adding to a position blends cost; reducing keeps the average; crossing
    // zero starts a new position at the fill price.
    const Quantity before = position.qty;
    const Quantity after = before + signedQty;
    if (before.isZero() || before.sign() == signedQty.sign()) {
        position.costBasis += price * signedQty;
    } else if (after.isZero() || after.sign() == before.sign()) {
        position.costBasis = averagePrice(position.costBasis, before) * after;
    } else {
        position.costBasis = price * after;
    }
    position.qty = after;
    if (before.isZero())
        position.lastdayPrice = price;
    m_cash += side == Side::Buy ? -value : value;
    if (after.isZero())
        m_positions.erase(symbol);
    return after;
}

void SandboxAccount::closeSession(Date date)
{
    if (m_lastEquityDate == date)
        return;
    m_lastEquity = equity();
    m_lastEquityDate = date;
    for (auto &[symbol, position] : m_positions) {
        if (const auto mark = markPrice(symbol))
            position.lastdayPrice = *mark;
    }
}

Money SandboxAccount::equity() const
{
    Money total = m_cash;
    for (const auto &[symbol, position] : m_positions) {
        const auto mark = markPrice(symbol);
        total += mark ? *mark * position.qty : position.costBasis;
    }
    return total;
}

Money SandboxAccount::cashLessShorts() const
{
    Money shortValue;
    for (const auto &[symbol, position] : m_positions) {
        if (position.qty.isNegative()) {
            const auto mark = markPrice(symbol);
            shortValue += mark ? *mark * position.qty : position.costBasis;
        }
    }
    return m_cash + shortValue;
}

QJsonObject SandboxAccount::json(const QString &accountId, Money buyingPower) const
{
    Money longValue;
    Money shortValue;
    for (const auto &[symbol, position] : m_positions) {
        const auto mark = markPrice(symbol);
        const Money value = mark ? *mark * position.qty : position.costBasis;
        (position.qty.isNegative() ? shortValue : longValue) += value;
    }
    const QString equityText = decimalString(equity());
    const QString bp = decimalString(buyingPower);
    const QString zero = QStringLiteral("0");
    QJsonObject body{
        {QStringLiteral("id"), accountId},
        {QStringLiteral("account_number"), QStringLiteral("PA0SANDBOX01")},
        {QStringLiteral("status"), QStringLiteral("ACTIVE")},
        {QStringLiteral("crypto_status"), QStringLiteral("INACTIVE")},
        {QStringLiteral("currency"), QStringLiteral("USD")},
        {QStringLiteral("cash"), decimalString(m_cash)},
        {QStringLiteral("equity"), equityText},
        {QStringLiteral("portfolio_value"), equityText},
        {QStringLiteral("last_equity"), decimalString(m_lastEquity)},
        {QStringLiteral("long_market_value"), decimalString(longValue)},
        {QStringLiteral("short_market_value"), decimalString(shortValue)},
        {QStringLiteral("position_market_value"), decimalString(longValue - shortValue)},
        {QStringLiteral("buying_power"), bp},
        {QStringLiteral("regt_buying_power"), bp},
        {QStringLiteral("daytrading_buying_power"), bp},
        {QStringLiteral("effective_buying_power"), bp},
        {QStringLiteral("non_marginable_buying_power"), bp},
        {QStringLiteral("options_buying_power"), bp},
        {QStringLiteral("bod_dtbp"), zero},
        {QStringLiteral("initial_margin"), zero},
        {QStringLiteral("maintenance_margin"), zero},
        {QStringLiteral("last_maintenance_margin"), zero},
        {QStringLiteral("sma"), zero},
        {QStringLiteral("multiplier"), QStringLiteral("1")},
        {QStringLiteral("daytrade_count"), 0},
        {QStringLiteral("pattern_day_trader"), false},
        {QStringLiteral("trading_blocked"), false},
        {QStringLiteral("transfers_blocked"), false},
        {QStringLiteral("account_blocked"), false},
        {QStringLiteral("trade_suspended_by_user"), false},
        {QStringLiteral("shorting_enabled"), m_config.shortingEnabled},
        {QStringLiteral("accrued_fees"), zero},
        {QStringLiteral("pending_transfer_in"), zero},
        {QStringLiteral("pending_transfer_out"), zero},
        {QStringLiteral("intraday_adjustments"), zero},
        {QStringLiteral("pending_reg_taf_fees"), zero},
        {QStringLiteral("created_at"), QStringLiteral("2020-01-02T15:00:00Z")},
        {QStringLiteral("balance_asof"),
         QString::fromStdString(toNewYork(m_cursor.now()).date.toString())},
        {QStringLiteral("crypto_tier"), QStringLiteral("0")},
        {QStringLiteral("options_approved_level"), QStringLiteral("0")},
        {QStringLiteral("options_trading_level"), QStringLiteral("0")},
        {QStringLiteral("admin_configurations"),
         QJsonObject{{QStringLiteral("allow_instant_ach"), false},
                     {QStringLiteral("max_margin_multiplier"), QStringLiteral("1")}}},
        {QStringLiteral("user_configurations"),
         QJsonObject{{QStringLiteral("fractional_trading"), m_config.fractionable},
                     {QStringLiteral("max_margin_multiplier"), QStringLiteral("1")}}},
    };
    return body;
}

QJsonObject SandboxAccount::positionJson(const QString &symbol,
                                         const SandboxPosition &position,
                                         Quantity available,
                                         const QString &assetId) const
{
    const Price mark = markPrice(symbol).value_or(averagePrice(position.costBasis, position.qty));
    const Money marketValue = mark * position.qty;
    const Money unrealized = marketValue - position.costBasis;
    const Money intraday = (mark - position.lastdayPrice) * position.qty;
    auto ratio = [](Money numerator, Money denominator) {
        if (denominator.isZero())
            return QStringLiteral("0");
        const std::int64_t raw = detail::mulDiv(
            numerator.raw(), Money::scale, denominator.abs().raw(), detail::Rounding::HalfEven);
        return decimalString(raw);
    };
    const Money lastdayValue = position.lastdayPrice * position.qty;
    QJsonObject figures{
        {QStringLiteral("avg_entry_price"),
         decimalString(averagePrice(position.costBasis, position.qty))},
        {QStringLiteral("market_value"), decimalString(marketValue)},
        {QStringLiteral("cost_basis"), decimalString(position.costBasis)},
        {QStringLiteral("unrealized_pl"), decimalString(unrealized)},
        {QStringLiteral("unrealized_plpc"), ratio(unrealized, position.costBasis)},
        {QStringLiteral("unrealized_intraday_pl"), decimalString(intraday)},
        {QStringLiteral("unrealized_intraday_plpc"), ratio(intraday, lastdayValue)},
        {QStringLiteral("current_price"), decimalString(mark)},
        {QStringLiteral("lastday_price"), decimalString(position.lastdayPrice)},
        {QStringLiteral("change_today"), ratio(Money::fromRaw((mark - position.lastdayPrice).raw()),
                                               Money::fromRaw(position.lastdayPrice.raw()))},
    };
    // Some accounts get the same figures again in a `usd` object (positions_list.json).
    QJsonObject json = figures;
    json.insert(QStringLiteral("usd"), figures);
    json.insert(QStringLiteral("asset_id"), assetId);
    json.insert(QStringLiteral("symbol"), symbol);
    json.insert(QStringLiteral("exchange"), QStringLiteral("ARCA"));
    json.insert(QStringLiteral("asset_class"), QStringLiteral("us_equity"));
    json.insert(QStringLiteral("asset_marginable"), true);
    json.insert(QStringLiteral("qty"), decimalString(position.qty));
    json.insert(QStringLiteral("qty_available"), decimalString(available));
    json.insert(QStringLiteral("side"),
                position.qty.isNegative() ? QStringLiteral("short") : QStringLiteral("long"));
    return json;
}

} // namespace meridian::live
