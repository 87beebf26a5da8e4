#pragma once

// A round trip: one line of a backtest's trade list. It opens when a position leaves flat and
// closes when the position returns to flat; a fill that flips the position (long → short)
// closes one trip and opens the next with the remainder.

#include "engine/core/ids.h"
#include "engine/core/money.h"
#include "engine/core/ordertypes.h"
#include "engine/core/timestamp.h"

#include <optional>

namespace meridian::engine {

struct RoundTrip
{
    InstrumentId instrument;
    Side side = Side::Buy; // Buy: a long trade; Sell: a short trade
    Quantity quantity;     // the largest absolute position held during the trip
    Timestamp entryTime;   // the first fill
    Price entryPrice;      // Σ notional / Σ quantity of the opening-side fills, half-even
    std::optional<Timestamp> exitTime; // the fill that returned to flat; empty while open
    Price exitPrice; // Σ notional / Σ quantity of the closing-side fills; the last mark while open
    // Realized PnL of the trip's closing fills (plus, while open, the position's unrealized PnL)
    // minus the trip's commission.
    Money pnl;
    // Commission of the trip's fills; a flipping fill's commission is split between the two
    // trips pro rata by quantity (half-even, the opening part by subtraction).
    Money commission;

    [[nodiscard]] bool isOpen() const { return !exitTime.has_value(); }
};

} // namespace meridian::engine
