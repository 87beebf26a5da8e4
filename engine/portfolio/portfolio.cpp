#include "engine/portfolio/portfolio.h"

#include "engine/core/civiltime.h"

#include <algorithm>
#include <string>

namespace meridian::engine {

namespace {

std::string describe(const Fill &fill)
{
    return "fill of instrument " + std::to_string(fill.instrument.value()) + " at "
           + formatIso(fill.time);
}

Quantity signedBy(Side side, Quantity quantity)
{
    return side == Side::Buy ? quantity : -quantity;
}

Money signedBy(Side side, Money amount)
{
    return side == Side::Buy ? amount : -amount;
}

} // namespace

Portfolio::Portfolio(Money initialCash)
    : m_initialCash(initialCash)
    , m_cash(initialCash)
{}

std::optional<std::size_t> Portfolio::indexOf(InstrumentId instrument) const
{
    const auto id = instrument.value();
    if (id >= m_indexById.size() || m_indexById[id] == 0)
        return std::nullopt;
    return m_indexById[id] - 1;
}

const Position *Portfolio::position(InstrumentId instrument) const
{
    const auto index = indexOf(instrument);
    return index ? &m_positions[*index] : nullptr;
}

Quantity Portfolio::quantity(InstrumentId instrument) const
{
    const auto index = indexOf(instrument);
    return index ? m_positions[*index].quantity : Quantity();
}

void Portfolio::applyFill(const Fill &fill)
{
    if (!fill.instrument.isValid())
        throw InvalidFill(describe(fill) + ": invalid instrument id 0");
    if (!fill.quantity.isPositive())
        throw InvalidFill(describe(fill) + ": quantity " + fill.quantity.toString()
                          + " must be positive (the side gives the direction)");
    if (fill.price.isNegative())
        throw InvalidFill(describe(fill) + ": price " + fill.price.toString()
                          + " must not be negative");

    // Work on copies and commit only when every checked operation has succeeded.
    const auto existing = indexOf(fill.instrument);
    Position position;
    position.instrument = fill.instrument;
    Ledger ledger;
    if (existing) {
        position = m_positions[*existing];
        ledger = m_ledgers[*existing];
    }
    const Money oldMarketValue = ledger.marketValue;
    const Money oldCostBasis = position.costBasis;

    const Quantity held = position.quantity;
    const bool reduces = held.sign() != 0 && (held.sign() > 0) != (fill.side == Side::Buy);
    const Quantity closeQuantity = reduces ? std::min(fill.quantity, held.abs()) : Quantity();
    const Quantity openQuantity = fill.quantity - closeQuantity;

    // A flipping fill's commission is shared pro rata by the two trips it touches.
    Money closeCommission;
    if (!closeQuantity.isZero()) {
        closeCommission = openQuantity.isZero()
                              ? fill.commission
                              : fill.commission.scaled(closeQuantity.raw(), fill.quantity.raw());
    }
    const Money openCommission = fill.commission - closeCommission;

    Money cash = m_cash - fill.commission;
    Money realized;
    std::optional<RoundTrip> closedTrip;
    TripState &trip = ledger.trip;

    if (!closeQuantity.isZero()) {
        const Money notional = fill.price * closeQuantity;
        const Money portion = position.costBasis.scaled(closeQuantity.raw(), held.abs().raw());
        realized = -signedBy(fill.side, notional) - portion;
        cash -= signedBy(fill.side, notional);
        position.costBasis -= portion;
        position.quantity += signedBy(fill.side, closeQuantity);
        position.realizedPnl += realized;

        trip.closeNotional += notional;
        trip.closeQuantity += closeQuantity;
        trip.realizedPnl += realized;
        trip.commission += closeCommission;
        if (position.quantity.isZero()) {
            closedTrip = RoundTrip{fill.instrument,
                                   trip.side,
                                   trip.maxQuantity,
                                   trip.entryTime,
                                   averagePrice(trip.openNotional, trip.openQuantity),
                                   fill.time,
                                   averagePrice(trip.closeNotional, trip.closeQuantity),
                                   trip.realizedPnl - trip.commission,
                                   trip.commission};
        }
    }

    if (!openQuantity.isZero()) {
        const Money notional = fill.price * openQuantity;
        if (position.quantity.isZero()) {
            trip = TripState{};
            trip.side = fill.side;
            trip.entryTime = fill.time;
        }
        cash -= signedBy(fill.side, notional);
        position.costBasis += signedBy(fill.side, notional);
        position.quantity += signedBy(fill.side, openQuantity);
        trip.openNotional += notional;
        trip.openQuantity += openQuantity;
        trip.commission += openCommission;
        trip.maxQuantity = std::max(trip.maxQuantity, position.quantity.abs());
    }

    position.lastPrice = fill.price;
    ledger.marketValue = position.marketValue();
    const Money netExposure = m_netExposure - oldMarketValue + ledger.marketValue;
    const Money grossExposure = m_grossExposure - oldMarketValue.abs() + ledger.marketValue.abs();
    const Money costBasis = m_costBasis - oldCostBasis + position.costBasis;
    const Money realizedPnl = m_realizedPnl + realized;
    const Money totalCommission = m_totalCommission + fill.commission;
    // equity() must stay representable too.
    [[maybe_unused]] const Money equity = cash + netExposure;

    // Commit. At most one of the two allocations below happens: a trip closes only on a
    // position that already exists.
    std::size_t index = 0;
    if (existing) {
        index = *existing;
        if (closedTrip)
            m_closedTrades.push_back(*closedTrip);
    } else {
        const auto id = fill.instrument.value();
        if (m_positions.size() >= std::numeric_limits<std::uint32_t>::max())
            throw InvalidFill(describe(fill) + ": too many instruments");
        m_positions.reserve(m_positions.size() + 1);
        m_ledgers.reserve(m_positions.size() + 1);
        if (id >= m_indexById.size())
            m_indexById.resize(std::size_t(id) + 1, 0);
        index = m_positions.size();
        m_positions.push_back(position);
        m_ledgers.push_back(ledger);
        m_indexById[id] = static_cast<std::uint32_t>(index + 1);
    }
    m_positions[index] = position;
    m_ledgers[index] = ledger;
    m_cash = cash;
    m_netExposure = netExposure;
    m_grossExposure = grossExposure;
    m_costBasis = costBasis;
    m_realizedPnl = realizedPnl;
    m_totalCommission = totalCommission;
}

void Portfolio::mark(InstrumentId instrument, Price lastPrice)
{
    if (lastPrice.isNegative())
        throw InvalidFill("mark of instrument " + std::to_string(instrument.value()) + ": price "
                          + lastPrice.toString() + " must not be negative");
    const auto index = indexOf(instrument);
    if (!index)
        return;
    Position &position = m_positions[*index];
    Ledger &ledger = m_ledgers[*index];
    const Money marketValue = position.quantity * lastPrice;
    const Money netExposure = m_netExposure - ledger.marketValue + marketValue;
    const Money grossExposure = m_grossExposure - ledger.marketValue.abs() + marketValue.abs();
    [[maybe_unused]] const Money equity = m_cash + netExposure;

    position.lastPrice = lastPrice;
    ledger.marketValue = marketValue;
    m_netExposure = netExposure;
    m_grossExposure = grossExposure;
}

namespace {

// raw × numerator / denominator in 128 bits, rounded half-even once.
std::int64_t scaledRaw(std::int64_t raw, std::int64_t numerator, std::int64_t denominator)
{
    return detail::mulDiv(raw, numerator, denominator, detail::Rounding::HalfEven);
}

} // namespace

Quantity Portfolio::applySplit(InstrumentId instrument, std::int64_t newShares,
                               std::int64_t oldShares, Timestamp time)
{
    if (newShares <= 0 || oldShares <= 0)
        throw InvalidFill("split of instrument " + std::to_string(instrument.value())
                          + ": the ratio must be positive");
    const auto index = indexOf(instrument);
    if (!index || m_positions[*index].isFlat())
        return Quantity();
    Position &position = m_positions[*index];
    TripState &trip = m_ledgers[*index].trip;
    const bool wholeShares = position.quantity.raw() % Quantity::scale == 0;
    position.quantity = Quantity::fromRaw(scaledRaw(position.quantity.raw(), newShares, oldShares));
    trip.maxQuantity = Quantity::fromRaw(scaledRaw(trip.maxQuantity.raw(), newShares, oldShares));
    trip.openQuantity = Quantity::fromRaw(scaledRaw(trip.openQuantity.raw(), newShares, oldShares));
    trip.closeQuantity = Quantity::fromRaw(scaledRaw(trip.closeQuantity.raw(), newShares, oldShares));
    const Price adjusted = Price::fromRaw(scaledRaw(position.lastPrice.raw(), oldShares, newShares));
    mark(instrument, adjusted);

    const std::int64_t fraction = position.quantity.raw() % Quantity::scale;
    if (!wholeShares || fraction == 0)
        return Quantity();
    const Quantity sold = Quantity::fromRaw(fraction < 0 ? -fraction : fraction);
    applyFill(Fill{instrument, fraction > 0 ? Side::Sell : Side::Buy, sold, adjusted, Money(), time});
    return sold;
}

void Portfolio::applyDividend(Money amount)
{
    m_cash = m_cash + amount;
    m_dividends = m_dividends + amount;
}

RoundTrip Portfolio::openTripOf(const Position &position, const TripState &trip) const
{
    return RoundTrip{position.instrument,
                     trip.side,
                     trip.maxQuantity,
                     trip.entryTime,
                     averagePrice(trip.openNotional, trip.openQuantity),
                     std::nullopt,
                     position.lastPrice,
                     trip.realizedPnl + position.unrealizedPnl() - trip.commission,
                     trip.commission};
}

std::vector<RoundTrip> Portfolio::openTrades() const
{
    std::vector<RoundTrip> trips;
    for (std::size_t i = 0; i < m_positions.size(); ++i) {
        if (!m_positions[i].isFlat())
            trips.push_back(openTripOf(m_positions[i], m_ledgers[i].trip));
    }
    return trips;
}

std::optional<RoundTrip> Portfolio::openTrade(InstrumentId instrument) const
{
    const auto index = indexOf(instrument);
    if (!index || m_positions[*index].isFlat())
        return std::nullopt;
    return openTripOf(m_positions[*index], m_ledgers[*index].trip);
}

} // namespace meridian::engine
