#pragma once

// One execution as the portfolio sees it: what was traded, which way, how much, at what price,
// what it cost in commission, and when. Built by the execution side from an order fill event.

#include "engine/core/ids.h"
#include "engine/core/money.h"
#include "engine/core/ordertypes.h"
#include "engine/core/timestamp.h"

namespace meridian::engine {

struct Fill
{
    InstrumentId instrument;
    Side side = Side::Buy;
    Quantity quantity; // > 0; the side gives the direction
    Price price;       // ≥ 0
    Money commission;  // charged to cash; negative for a rebate
    Timestamp time;
};

} // namespace meridian::engine
