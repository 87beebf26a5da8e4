#pragma once

// RunBlotter: what `meridian run` prints while a paper or live run works, so that a terminal
// shows the order flow as it happens instead of nothing until Ctrl+C. One line per order event
// (New York time of the event, order id, symbol, side, what happened), one per risk alert, and
// after every instant that filled something the account's equity and open positions:
//
//   2013-10-04 10:31:00.004  #1 SPY buy  accepted, 10 working
//   2013-10-04 10:32:00.002  #1 SPY buy  filled 10 @ 167.76 (10 done, 0 left)
//   2013-10-04 10:32:00.002  equity 99,999.90 | SPY +10
//
// Both interfaces are called on the event loop's thread: record() for every event it processes,
// onInstantEnd() once the instant is over (the engine's books are then up to date).

#include "engine/control/tradingengine.h"
#include "engine/core/eventloop.h"

#include <ostream>
#include <string>
#include <vector>

namespace meridian::app {

class RunBlotter final : public engine::EventRecorder, public engine::InstantObserver
{
public:
    // `symbols`: the run's data.symbols; instrument i is symbols[i - 1] (LiveRunner's table).
    RunBlotter(std::ostream &out, std::vector<std::string> symbols);

    void record(const engine::Event &event) override;
    void onInstantEnd(engine::Timestamp time, const engine::TradingEngine &engine) override;

private:
    std::string symbol(engine::InstrumentId instrument) const;

    std::ostream &m_out;
    std::vector<std::string> m_symbols;
    bool m_filledThisInstant = false;
};

} // namespace meridian::app
