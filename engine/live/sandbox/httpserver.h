#pragma once

// A minimal HTTP/1.1 server on loopback for the sandbox: request-line, header and
// Content-Length body parsing with keep-alive, route dispatch on method + path pattern
// ("/v2/orders/{id}"), and WebSocket upgrades on the same port. The upgrade request is only
// peeked, never consumed, and the socket is handed to a QWebSocketServer, so Qt performs the
// handshake itself.
//
//     HttpServer http;
//     http.route("GET", "/v2/orders/{id}", [](const HttpRequest &request) {
//         return HttpResponse::json(200, lookup(request.params.value("id")));
//     });
//     http.listen(0);

#include "engine/core/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrlQuery>
#include <QWebSocketServer>
#include <functional>
#include <optional>
#include <vector>

class QTcpServer;
class QTcpSocket;

namespace meridian::live {

struct HttpRequest
{
    QByteArray method;                     // "GET"
    QString path;                          // decoded path, "/v2/orders:by_client_order_id"
    QUrlQuery query;                       // the raw query
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    QHash<QString, QString> params; // {name} segments of the matched route

    QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
};

struct HttpResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // Fault injection: answer after this many milliseconds, or never answer and reset the
    // connection (the request itself has been processed).
    int delayMs = 0;
    bool dropConnection = false;

    static HttpResponse json(int status, const QByteArray &body);
    static HttpResponse empty(int status);
    void setHeader(const QByteArray &name, const QByteArray &value);
};

QByteArray reasonPhrase(int status);
// The bytes of a complete HTTP/1.1 response (status line, headers incl. Content-Length, body).
QByteArray serializeResponse(const HttpResponse &response, bool keepAlive);

// Outcome of parsing the start of a connection's buffer.
struct ParsedRequest
{
    enum class State { Incomplete, Complete, Malformed };
    State state = State::Incomplete;
    HttpRequest request;
    qsizetype consumed = 0; // bytes of the buffer this request used
    QString error;          // for Malformed: what is wrong
    bool keepAlive = true;
};
// Parses one request from the front of `buffer` (bodies by Content-Length only; chunked
// request bodies are refused as malformed).
ParsedRequest parseRequest(const QByteArray &buffer);

class HttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    // Sees every request before routing; returning a response short-circuits the route.
    using Filter = std::function<std::optional<HttpResponse>(const HttpRequest &)>;

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    // Binds 127.0.0.1:port (0 = a free port).
    engine::Result<void> listen(quint16 port);
    quint16 port() const;
    void close();

    // Pattern segments in braces match any one non-empty segment and land in request.params.
    void route(const QByteArray &method, const QString &pattern, Handler handler);
    void setFilter(Filter filter) { m_filter = std::move(filter); }
    // Sees every dispatched request with its response (for the journal).
    using Observer = std::function<void(const HttpRequest &, const HttpResponse &)>;
    void setObserver(Observer observer) { m_observer = std::move(observer); }
    // Sees each WebSocket upgrade request first; a response refuses the upgrade with it.
    void setUpgradeFilter(Filter filter) { m_upgradeFilter = std::move(filter); }
    // Upgrades are handed to this server (owned by the caller); without one they get 404.
    void setWebSocketServer(QWebSocketServer *server) { m_webSockets = server; }

    // Runs routing on a parsed request (also used by tests without sockets).
    HttpResponse dispatch(HttpRequest request) const;

private:
    struct Route
    {
        QByteArray method;
        QStringList segments;
        Handler handler;
    };
    struct Connection
    {
        QByteArray buffer;
        bool busy = false; // a delayed response is pending
    };

    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    bool tryUpgrade(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const HttpResponse &response, bool keepAlive);

    QTcpServer *m_server = nullptr;
    std::vector<Route> m_routes;
    Filter m_filter;
    Filter m_upgradeFilter;
    Observer m_observer;
    QPointer<QWebSocketServer> m_webSockets;
    QHash<QTcpSocket *, Connection> m_connections;
};

} // namespace meridian::live
