#include "engine/live/realtime/brokerstartcheck.h"

#include "engine/core/civiltime.h"
#include "engine/live/realtime/alpacacomponents.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <memory>

namespace meridian::live {

using namespace meridian::engine;

namespace {

// The most open orders one GET /v2/orders returns (PROTOCOL.md); a full page may hide more.
constexpr std::size_t openOrdersPage = 500;

// One authenticated GET, waited for in a local event loop.
Result<QByteArray> get(QNetworkAccessManager &network, const QUrl &base, const QString &path,
                       const QString &query, const Credentials &credentials,
                       std::chrono::milliseconds timeout)
{
    QUrl url = base;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("APCA-API-KEY-ID", QByteArray::fromStdString(credentials.keyId()));
    request.setRawHeader("APCA-API-SECRET-KEY", QByteArray::fromStdString(credentials.secret()));
    request.setTransferTimeout(int(timeout.count()));
    const std::unique_ptr<QNetworkReply> reply(network.get(request));
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    const std::string what = "GET " + path.toStdString();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 0)
        return Error(credentials.scrub(what + ": " + reply->errorString().toStdString()));
    if (status != 200)
        return Error(credentials.scrub(what + ": " + parseError(status, body).describe()));
    return body;
}

std::string describe(const AlpacaPosition &position)
{
    return std::string("position ")
        .append(position.symbol)
        .append(": ")
        .append(position.qty.toString())
        .append(position.qty.isNegative() ? " shares short" : " shares long")
        .append(" at ")
        .append(position.avgEntryPrice.toString(2))
        .append(" average entry");
}

std::string describe(const AlpacaOrder &order)
{
    std::string text = std::string("open order ")
                           .append(order.symbol)
                           .append(": ")
                           .append(toString(order.side))
                           .append(" ");
    if (order.qty)
        text.append(order.qty->toString());
    else if (order.notional)
        text.append("$").append(order.notional->toString(2));
    text.append(" ").append(toString(order.type));
    if (order.stopPrice)
        text.append(" stop ").append(order.stopPrice->toString(2));
    if (order.limitPrice)
        text.append(" at ").append(order.limitPrice->toString(2));
    return text.append(", ")
        .append(order.statusText)
        .append(", ")
        .append(order.filledQty.toString())
        .append(" filled (client_order_id ")
        .append(order.clientOrderId)
        .append(")");
}

} // namespace

Result<BrokerAccountState> fetchBrokerAccountState(const QUrl &tradingBase,
                                                   const Credentials &credentials,
                                                   std::chrono::milliseconds timeout)
{
    QNetworkAccessManager network;
    BrokerAccountState state;
    // GETs `path` and parses its body into `into`; the error names the request.
    const auto fetch = [&](const char *path, const char *query, auto parse, auto &into) {
        const auto body = get(network, tradingBase, QString::fromLatin1(path),
                              QString::fromLatin1(query), credentials, timeout);
        if (!body)
            return std::optional<Error>(body.error());
        auto value = parse(*body);
        if (!value)
            return std::optional<Error>(
                Error(std::string("GET ").append(path).append(": ").append(value.error().message())));
        into = std::move(*value);
        return std::optional<Error>();
    };
    if (auto failed = fetch("/v2/account", "", parseAccount, state.account))
        return *failed;
    if (auto failed = fetch("/v2/clock", "", parseClock, state.clock))
        return *failed;
    if (auto failed = fetch("/v2/positions", "", parsePositions, state.positions))
        return *failed;
    const char *open = "status=open&limit=500&nested=true";
    if (auto failed = fetch("/v2/orders", open, parseOrders, state.openOrders))
        return *failed;
    return state;
}

Result<AlpacaClock> fetchBrokerClock(const QUrl &tradingBase, const Credentials &credentials,
                                     std::chrono::milliseconds timeout)
{
    QNetworkAccessManager network;
    const auto body = get(network, tradingBase, QStringLiteral("/v2/clock"), QString(),
                          credentials, timeout);
    if (!body)
        return body.error();
    auto clock = parseClock(*body);
    if (!clock)
        return Error("GET /v2/clock: " + clock.error().message());
    return clock;
}

BrokerStartReport assessBrokerStart(const BrokerAccountState &state,
                                    const std::vector<std::string> &symbols,
                                    ExecutionConfig::StartCheck policy)
{
    BrokerStartReport report;
    const AlpacaAccount &account = state.account;
    report.lines.push_back(std::string("account ")
                               .append(account.accountNumber)
                               .append(" ")
                               .append(account.status)
                               .append(": equity ")
                               .append(account.equity.toString(2))
                               .append(", cash ")
                               .append(account.cash.toString(2))
                               .append(", buying power ")
                               .append(account.buyingPower.toString(2))
                               .append(" ")
                               .append(account.currency));
    report.lines.push_back(state.clock.isOpen
                               ? "market open until " + formatNewYork(state.clock.nextClose)
                                     + " New York"
                               : "market closed; next open " + formatNewYork(state.clock.nextOpen)
                                     + " New York");

    std::vector<std::string> blocked;
    if (account.status != "ACTIVE")
        blocked.push_back("its status is " + account.status);
    if (account.tradingBlocked)
        blocked.push_back("trading is blocked");
    if (account.accountBlocked)
        blocked.push_back("the account is blocked");

    const auto traded = [&](const std::string &symbol) {
        return std::find(symbols.begin(), symbols.end(), symbol) != symbols.end();
    };
    std::vector<std::string> exposure;
    for (const AlpacaPosition &position : state.positions) {
        report.lines.push_back(describe(position));
        if (traded(position.symbol))
            exposure.push_back(describe(position));
    }
    for (const AlpacaOrder &order : state.openOrders) {
        report.lines.push_back(describe(order));
        if (traded(order.symbol))
            exposure.push_back(describe(order));
    }
    if (state.openOrders.size() >= openOrdersPage)
        exposure.push_back(std::to_string(state.openOrders.size())
                               .append(" open orders, one full page: the rest were not checked"));
    if (state.positions.empty() && state.openOrders.empty())
        report.lines.emplace_back("no positions, no open orders");

    if (!blocked.empty()) {
        std::string message = "the broker account cannot trade: ";
        for (std::size_t i = 0; i < blocked.size(); ++i)
            message.append(i == 0 ? "" : ", ").append(blocked[i]);
        report.refusal = Error(message);
    } else if (!exposure.empty() && policy == ExecutionConfig::StartCheck::RequireFlat) {
        std::string message = "the broker account is not flat in the run's symbols, and the "
                              "run's books would start flat:";
        for (const std::string &line : exposure)
            message.append("\n  ").append(line);
        message.append("\nclose or cancel them at the broker, or set execution.start_check: warn "
                       "to start anyway (the run then does not count them)");
        report.refusal = Error(message);
    } else if (!exposure.empty()) {
        report.lines.push_back("warning: execution.start_check: warn: the run starts flat and "
                               "does not count the holdings above in its symbols");
    }
    return report;
}

Result<BrokerStartReport> checkBrokerAccount(const EngineConfig &config,
                                             std::chrono::milliseconds timeout)
{
    const auto credentials = alpacaCredentials(config);
    if (!credentials)
        return credentials.error();
    const auto state = fetchBrokerAccountState(alpacaEndpoints(config).trading, *credentials,
                                               timeout);
    if (!state)
        return Error("checking the broker account before the start: " + state.error().message());
    return assessBrokerStart(*state, config.data.symbols, config.execution.startCheck);
}

} // namespace meridian::live
