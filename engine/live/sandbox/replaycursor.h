#pragma once

// Replays stored bars as a live feed: all bars of the configured symbols and timeframe in the
// range, ordered by event time (bar end), grouped per instant. The market clock is the event
// time of the last published instant; before the first step it is the start of the first bar.
//
//     auto cursor = ReplayCursor::load(store, {"SPY"}, "1m", from, to);
//     while (const auto *batch = cursor->step())
//         publish(*batch);

#include "engine/core/money.h"
#include "engine/core/result.h"
#include "engine/core/timestamp.h"
#include "engine/data/barstore.h"

#include <optional>
#include <string>
#include <vector>

namespace meridian::live {

struct ReplayBar
{
    std::string symbol;
    engine::Timestamp start; // Alpaca's bar "t"
    engine::Timestamp end;   // Meridian's event time
    engine::Price open;
    engine::Price high;
    engine::Price low;
    engine::Price close;
    engine::Quantity volume;
};

class ReplayCursor
{
public:
    // timeframe: the store's "1m" or "1d".
    static engine::Result<ReplayCursor> load(const engine::BarStore &store,
                                             const std::vector<std::string> &symbols,
                                             const std::string &timeframe,
                                             std::optional<engine::Timestamp> from,
                                             std::optional<engine::Timestamp> to);

    // Publishes the next instant; nullptr at the end. The batch stays valid until the next call.
    const std::vector<ReplayBar> *step();
    bool atEnd() const { return m_next >= m_bars.size(); }
    engine::Timestamp now() const { return m_now; }
    bool daily() const { return m_daily; }
    engine::Duration barLength() const { return m_length; }
    engine::Timestamp nextInstant() const;

    // Last published bar of a symbol, if any.
    const ReplayBar *lastBar(const std::string &symbol) const;
    // The price a symbol is valued at now: the last published close, or before its first bar
    // the open of that bar (the first price the replay will show; used only to value orders).
    std::optional<engine::Price> referencePrice(const std::string &symbol) const;
    // Every bar, published or not, for the bars REST endpoint (ordered by end, then symbol).
    const std::vector<ReplayBar> &allBars() const { return m_bars; }
    const std::vector<std::string> &symbols() const { return m_symbols; }
    void rewind();

private:
    std::vector<ReplayBar> m_bars;
    std::vector<std::string> m_symbols;
    std::vector<ReplayBar> m_batch;
    std::vector<std::size_t> m_last; // per symbol index into m_bars, or npos
    std::size_t m_next = 0;
    engine::Timestamp m_now;
    engine::Duration m_length;
    bool m_daily = false;
};

} // namespace meridian::live
