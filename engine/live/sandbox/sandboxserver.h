#pragma once

// The loopback Alpaca stand-in (shared/alpaca/SANDBOX.md): trading REST, the trade_updates
// stream, the simulated market clock and calendar over a replay of stored bars, and fault
// injection under /_sandbox/. One port serves HTTP and the WebSocket endpoints.
//
//     SandboxConfig config;
//     config.keyId = "PKTEST";  config.secret = "s3cret";
//     config.storePath = dir + "/market.db";  config.symbols = {"SPY"};
//     SandboxServer sandbox(config);
//     if (auto started = sandbox.start(); !started) fail(started.error().message());
//     sandbox.step();              // publishes the next bar(s)

#include "engine/core/result.h"
#include "engine/live/sandbox/sandboxconfig.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QUrl>
#include <memory>

namespace meridian::live {

// Switches of SANDBOX.md §5, set by POST /_sandbox/faults or the CLI.
struct SandboxFaults
{
    QString rejectNextOrder; // "403_bp", "403_qty", "422", "post_accept"
    int httpStatus = 0;      // 429, 500, 502, 503
    QString httpPath;        // prefix the status applies to ("" = every path)
    int httpCount = 0;       // how many requests fail
    int delayMs = 0;
    QString delayPath;
    bool commitThenDrop = false; // next order is created, its response never sent
    bool duplicateEvents = false;
    bool reorderEvents = false; // swap each trade update with the one that follows it
    int handshake429 = 0;
    QString wsAuth; // "fail": next trading-stream auth is refused; "timeout": never answered
};

class SandboxServer : public QObject
{
    Q_OBJECT
public:
    explicit SandboxServer(SandboxConfig config, QObject *parent = nullptr);
    ~SandboxServer() override;

    // Loads the replay from the store and binds 127.0.0.1:port (0 = a free port).
    engine::Result<void> start(quint16 port = 0);
    void stop();

    quint16 port() const;
    QUrl tradingBaseUrl() const;
    QUrl tradingStreamUrl() const;
    QUrl dataBaseUrl() const;
    QUrl dataStreamUrl(const QString &feed) const;

    // Advances the replay one instant (publishes its bars, fills orders); false at the end.
    bool step();
    // Applies fault switches given as JSON ({"reject_next_order": "403_bp", ...}); returns an
    // error naming the bad key.
    engine::Result<void> applyFaults(const QJsonObject &faults);
    // Drops every trading-stream connection: "close", "reset" or "stall".
    void dropTradingStreams(const QString &mode);

signals:
    // After each step: the market time published (unix nanoseconds).
    void stepped(qint64 marketTimeNanos);
    void finished();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace meridian::live
