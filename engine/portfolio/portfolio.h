#pragma once

// Portfolio: exact accounting for one strategy's sub-account: a cash ledger, one Position per
// instrument traded, realized and unrealized PnL, commissions, and the round-trip trade list.
//
//     Portfolio account(Money::fromUnits(100'000));
//     account.applyFill({spy, Side::Buy, Quantity::fromUnits(100), price, commission, time});
//     account.mark(spy, close);                  // at every bar close
//     Money equity = account.equity();           // cash + Σ marketValue, exactly
//
// Accounting rules. Everything is Price/Quantity/Money fixed point (1e-8, int64); a product is
// rounded half-even once, and every sum is exact and overflow-checked.
//  - side s = +1 for a buy, −1 for a sell. A fill that moves the position away from zero (from
//    flat, or adding to it) is an opening part; one that moves it towards zero is a closing part.
//    A fill that crosses zero (long 10, sell 15) is split into a closing part (10) and an opening
//    part (5), each with its own notional = price × part quantity (rounded once per part).
//  - Every part: cash −= s × notional. The fill's commission: cash −= commission.
//  - Opening part: quantity += s × q, costBasis += s × notional.
//  - Closing part of q out of an open |quantity|: portion = costBasis × q / |quantity| rounded
//    half-even, realizedPnl += −s × notional − portion, costBasis −= portion (by subtraction, so
//    nothing is lost: closing the whole position takes exactly the whole cost basis),
//    quantity += s × q.
//  - marketValue = quantity × lastPrice (rounded once per position), unrealizedPnl =
//    marketValue − costBasis. A fill also marks its position at the fill price: it is the latest
//    price this account has seen for the instrument, until the next mark().
// Each rule moves cash + Σ costBasis by exactly Δrealized − Δcommission, so at all times, exactly:
//     equity == cash + Σ marketValue
//     equity == initialCash + realizedPnl + unrealizedPnl − totalCommission
// realizedPnl is before commissions. averagePrice() is display-only and never feeds back.
//
// Round trips (see roundtrip.h): each trip collects the realized PnL of its closing parts and its
// commission (a flipping fill's commission is split pro rata by quantity, half-even, the opening
// share by subtraction), so Σ closed-trip pnl + Σ open-trip pnl == realizedPnl + unrealizedPnl −
// totalCommission exactly.
//
// Positions live in a vector in order of first use, found through a table indexed by the
// InstrumentId value (ids are dense, see symbol.h), both grown on an instrument's first fill: a
// fill or a mark in steady state allocates nothing (a closing fill appends one RoundTrip).
// applyFill and mark give the strong guarantee: if they throw (bad input, or ArithmeticOverflow
// beyond the ±92 bn range), the portfolio is unchanged.

#include "engine/core/ids.h"
#include "engine/core/money.h"
#include "engine/core/timestamp.h"
#include "engine/portfolio/fill.h"
#include "engine/portfolio/position.h"
#include "engine/portfolio/roundtrip.h"

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

namespace meridian::engine {

// A fill or mark the portfolio cannot apply (invalid instrument, non-positive quantity,
// negative price): a bug upstream, thrown into the strategy's error boundary.
class InvalidFill : public std::logic_error
{
public:
    using std::logic_error::logic_error;
};

class Portfolio
{
public:
    explicit Portfolio(Money initialCash);

    // Applies a fill: cash, position, cost basis, realized PnL, commission, round trips.
    // Throws InvalidFill for an invalid instrument, a quantity ≤ 0 or a negative price.
    void applyFill(const Fill &fill);
    // Marks an instrument to market. An instrument this account never traded is ignored (a
    // fill marks at its own price). Throws InvalidFill for a negative price.
    void mark(InstrumentId instrument, Price lastPrice);

    // Corporate actions (engine/data/corporateactions.h). A split of `newShares` for `oldShares`
    // (7-for-1: 7, 1; 1-for-20: 1, 20) multiplies the quantity by the ratio and divides the
    // last price by it; cost basis and cash are unchanged, so the average price is divided too.
    // A whole-share position that would hold a fraction afterwards sells the fraction at the
    // adjusted price at `time` (cash in lieu, no commission); that quantity is returned.
    Quantity applySplit(InstrumentId instrument, std::int64_t newShares, std::int64_t oldShares,
                        Timestamp time);
    // A cash dividend paid (negative: paid in lieu by a short). It is neither realized PnL nor
    // commission: equity == initialCash + realizedPnl + unrealizedPnl − totalCommission
    // + dividends().
    void applyDividend(Money amount);
    [[nodiscard]] Money dividends() const { return m_dividends; }

    [[nodiscard]] Money initialCash() const { return m_initialCash; }
    [[nodiscard]] Money cash() const { return m_cash; }
    [[nodiscard]] Money equity() const { return m_cash + m_netExposure; } // cash + Σ marketValue
    [[nodiscard]] Money grossExposure() const { return m_grossExposure; } // Σ |marketValue|
    [[nodiscard]] Money netExposure() const { return m_netExposure; }     // Σ marketValue
    [[nodiscard]] Money realizedPnl() const { return m_realizedPnl; }     // before commissions
    [[nodiscard]] Money unrealizedPnl() const { return m_netExposure - m_costBasis; }
    [[nodiscard]] Money totalCommission() const { return m_totalCommission; }

    // The instrument's position (possibly flat), or nullptr if it was never traded. The pointer
    // is valid until the next applyFill.
    [[nodiscard]] const Position *position(InstrumentId instrument) const;
    // Signed quantity; 0 when flat or never traded.
    [[nodiscard]] Quantity quantity(InstrumentId instrument) const;
    // Every instrument ever traded, flat ones included, in order of first fill.
    [[nodiscard]] std::span<const Position> positions() const { return m_positions; }

    // Finished round trips in the order they closed.
    [[nodiscard]] std::span<const RoundTrip> closedTrades() const { return m_closedTrades; }
    // The open trip of each non-flat position (in positions() order), valued at the last mark.
    [[nodiscard]] std::vector<RoundTrip> openTrades() const;
    // The open trip of one instrument, if its position is not flat.
    [[nodiscard]] std::optional<RoundTrip> openTrade(InstrumentId instrument) const;

private:
    // The running state of the open round trip of one position.
    struct TripState
    {
        Side side = Side::Buy;
        Quantity maxQuantity;
        Timestamp entryTime;
        Money openNotional;
        Quantity openQuantity;
        Money closeNotional;
        Quantity closeQuantity;
        Money realizedPnl;
        Money commission;
    };
    // Per-position state beside the public Position, same index.
    struct Ledger
    {
        Money marketValue; // cached quantity × lastPrice
        TripState trip;
    };

    [[nodiscard]] std::optional<std::size_t> indexOf(InstrumentId instrument) const;
    [[nodiscard]] RoundTrip openTripOf(const Position &position, const TripState &trip) const;

    Money m_initialCash;
    Money m_cash;
    Money m_realizedPnl;
    Money m_totalCommission;
    Money m_dividends;
    Money m_costBasis;     // Σ costBasis
    Money m_netExposure;   // Σ marketValue
    Money m_grossExposure; // Σ |marketValue|

    std::vector<std::uint32_t> m_indexById; // InstrumentId value → index + 1; 0: never traded
    std::vector<Position> m_positions;
    std::vector<Ledger> m_ledgers;
    std::vector<RoundTrip> m_closedTrades;
};

} // namespace meridian::engine
