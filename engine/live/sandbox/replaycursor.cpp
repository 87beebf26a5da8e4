#include "engine/live/sandbox/replaycursor.h"

#include "engine/core/civiltime.h"
#include "engine/data/sqlitestatement.h"
#include "engine/data/timeframe.h"

#include <algorithm>
#include <limits>

namespace meridian::live {

using namespace meridian::engine;

Result<ReplayCursor> ReplayCursor::load(const BarStore &store,
                                        const std::vector<std::string> &symbols,
                                        const std::string &timeframe,
                                        std::optional<Timestamp> from,
                                        std::optional<Timestamp> to)
{
    const auto frame = Timeframe::parse(timeframe);
    if (!frame)
        return frame.error().withContext("sandbox replay");
    if (symbols.empty())
        return Error("sandbox replay: no symbols configured");
    ReplayCursor cursor;
    cursor.m_length = frame->length;
    cursor.m_daily = frame->daily;
    cursor.m_symbols = symbols;
    for (const std::string &symbol : symbols) {
        const auto dataset = store.latestDataset(symbol, frame->text);
        if (!dataset)
            return dataset.error();
        if (!dataset->has_value()) {
            return Error(std::string("sandbox replay: the store ")
                             .append(store.path())
                             .append(" has no ")
                             .append(frame->text)
                             .append(" bars for ")
                             .append(symbol));
        }
        auto statement = SqliteStatement::prepare(
            store.handle(), "SELECT ts, open, high, low, close, volume FROM bars"
                            " WHERE dataset_id = ?1 AND ts >= ?2 AND ts <= ?3 ORDER BY ts");
        if (!statement)
            return statement.error();
        statement->bindInt64(1, (*dataset)->id);
        statement->bindInt64(2,
                             from ? from->unixNanos() : std::numeric_limits<std::int64_t>::min());
        statement->bindInt64(3, to ? to->unixNanos() : std::numeric_limits<std::int64_t>::max());
        while (true) {
            const auto row = statement->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            ReplayBar bar;
            bar.symbol = symbol;
            bar.end = Timestamp::fromUnixNanos(statement->columnInt64(0));
            // Alpaca labels bars by their start; daily bars at New York midnight.
            bar.start = cursor.m_daily ? newYorkTime(toNewYork(bar.end).date, TimeOfDay{})
                                       : bar.end - cursor.m_length;
            bar.open = Price::fromRaw(statement->columnInt64(1));
            bar.high = Price::fromRaw(statement->columnInt64(2));
            bar.low = Price::fromRaw(statement->columnInt64(3));
            bar.close = Price::fromRaw(statement->columnInt64(4));
            bar.volume = Quantity::fromRaw(statement->columnInt64(5));
            cursor.m_bars.push_back(std::move(bar));
        }
    }
    if (cursor.m_bars.empty())
        return Error("sandbox replay: no bars in the configured range");
    std::stable_sort(cursor.m_bars.begin(), cursor.m_bars.end(), [](const auto &a, const auto &b) {
        return a.end < b.end || (a.end == b.end && a.symbol < b.symbol);
    });
    cursor.rewind();
    return cursor;
}

void ReplayCursor::rewind()
{
    m_next = 0;
    m_batch.clear();
    m_last.assign(m_symbols.size(), std::numeric_limits<std::size_t>::max());
    m_now = m_bars.empty() ? Timestamp() : m_bars.front().start;
}

Timestamp ReplayCursor::nextInstant() const
{
    return atEnd() ? Timestamp::max() : m_bars[m_next].end;
}

const std::vector<ReplayBar> *ReplayCursor::step()
{
    if (atEnd())
        return nullptr;
    m_batch.clear();
    const Timestamp instant = m_bars[m_next].end;
    while (m_next < m_bars.size() && m_bars[m_next].end == instant) {
        const auto symbol = std::find(m_symbols.begin(), m_symbols.end(), m_bars[m_next].symbol);
        m_last[static_cast<std::size_t>(symbol - m_symbols.begin())] = m_next;
        m_batch.push_back(m_bars[m_next]);
        ++m_next;
    }
    m_now = instant;
    return &m_batch;
}

const ReplayBar *ReplayCursor::lastBar(const std::string &symbol) const
{
    const auto it = std::find(m_symbols.begin(), m_symbols.end(), symbol);
    if (it == m_symbols.end())
        return nullptr;
    const std::size_t index = m_last[static_cast<std::size_t>(it - m_symbols.begin())];
    return index == std::numeric_limits<std::size_t>::max() ? nullptr : &m_bars[index];
}

std::optional<Price> ReplayCursor::referencePrice(const std::string &symbol) const
{
    if (const ReplayBar *bar = lastBar(symbol))
        return bar->close;
    for (std::size_t i = m_next; i < m_bars.size(); ++i) {
        if (m_bars[i].symbol == symbol)
            return m_bars[i].open;
    }
    return std::nullopt;
}

} // namespace meridian::live
