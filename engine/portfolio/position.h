#pragma once

// One instrument's holding in a sub-account. The exact state is quantity and cost basis;
// averagePrice() is derived from them for display and never feeds back into accounting.

#include "engine/core/ids.h"
#include "engine/core/money.h"

namespace meridian::engine {

struct Position
{
    InstrumentId instrument;
    Quantity quantity; // signed: negative when short
    Money costBasis;   // signed: what the open quantity cost (negative for a short: proceeds)
    Price lastPrice;   // the last mark, or the last fill price if more recent
    Money realizedPnl; // over the account's life, before commissions

    [[nodiscard]] bool isFlat() const { return quantity.isZero(); }
    // costBasis / quantity rounded half-even; 0 when flat.
    [[nodiscard]] Price averagePrice() const;
    // quantity × lastPrice rounded half-even (negative for a short).
    [[nodiscard]] Money marketValue() const;
    // marketValue − costBasis.
    [[nodiscard]] Money unrealizedPnl() const;
};

} // namespace meridian::engine
