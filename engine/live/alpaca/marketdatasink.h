#pragma once

// Where a realtime market-data source hands its events (Bar, Trade, Quote), in arrival order.
// AlpacaDataFeed calls it on the thread the feed lives on; an implementation that feeds the
// engine's event queue from another thread does its own locking.

#include "engine/core/event.h"

namespace meridian::live {

class MarketDataSink
{
public:
    virtual ~MarketDataSink() = default;
    virtual void onMarketEvent(const engine::Event &event) = 0;
};

} // namespace meridian::live
