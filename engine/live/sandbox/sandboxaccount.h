#pragma once

// The sandbox account's books: cash and signed positions in exact fixed point, marked at the
// replay's prices, and the JSON of /v2/account and /v2/positions. SandboxBroker owns one and
// books every execution here; what open orders hold stays with the broker, which knows them.
//
//     SandboxAccount account(config, cursor);
//     const Quantity after = account.book("SPY", Side::Buy, qty, price); // signed position
//     account.equity();                                                    // cash + long + short
//     MV

#include "engine/core/civiltime.h"
#include "engine/core/money.h"
#include "engine/core/ordertypes.h"
#include "engine/live/sandbox/replaycursor.h"
#include "engine/live/sandbox/sandboxconfig.h"

#include <QJsonObject>
#include <QString>
#include <map>
#include <optional>

namespace meridian::live {

struct SandboxPosition
{
    engine::Quantity qty;    // signed
    engine::Money costBasis; // signed, qty x avg entry
    engine::Price lastdayPrice;
};

class SandboxAccount
{
public:
    SandboxAccount(const SandboxConfig &config, const ReplayCursor &cursor);

    // Initial cash, no positions, last_equity = cash.
    void reset();
    // Books one execution: cash moves by price x qty, the position's quantity and cost basis
    // follow (a flat position is removed). Returns the signed position after it.
    engine::Quantity
    book(const QString &symbol, engine::Side side, engine::Quantity qty, engine::Price price);
    // At a session's close, once per date: last_equity and each position's lastday price.
    void closeSession(engine::Date date);

    // The price a symbol is valued at now (the replay's last close, or before the first bar
    // its open).
    std::optional<engine::Price> markPrice(const QString &symbol) const;
    // Signed quantity held (zero when flat).
    engine::Quantity positionQty(const QString &symbol) const;
    const std::map<QString, SandboxPosition> &positions() const { return m_positions; }
    engine::Money equity() const;
    // Multiplier 1: cash minus what shorts owe; the broker subtracts what open orders hold.
    engine::Money cashLessShorts() const;

    // The /v2/account body for the broker's figures.
    QJsonObject json(const QString &accountId, engine::Money buyingPower) const;
    // One /v2/positions entry; `available` = qty less what open sells hold.
    QJsonObject positionJson(const QString &symbol,
                             const SandboxPosition &position,
                             engine::Quantity available,
                             const QString &assetId) const;

private:
    const SandboxConfig &m_config;
    const ReplayCursor &m_cursor;
    std::map<QString, SandboxPosition> m_positions;
    engine::Money m_cash;
    engine::Money m_lastEquity;
    std::optional<engine::Date> m_lastEquityDate;
};

} // namespace meridian::live
