#include "engine/live/sandbox/httpserver.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QWebSocketServer>

namespace meridian::live {

namespace {

// A request head larger than this is refused rather than buffered without bound.
constexpr qsizetype maxHeadBytes = 64 * 1024;
constexpr qsizetype maxBodyBytes = 8 * 1024 * 1024;

bool isToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (c <= 32 || c >= 127 || c == '(' || c == ')' || c == ',' || c == ':' || c == ';')
            return false;
    }
    return true;
}

ParsedRequest malformed(const QString &why)
{
    ParsedRequest parsed;
    parsed.state = ParsedRequest::State::Malformed;
    parsed.error = why;
    parsed.keepAlive = false;
    return parsed;
}

QStringList splitPath(const QString &path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

} // namespace

HttpResponse HttpResponse::json(int status, const QByteArray &body)
{
    HttpResponse response;
    response.status = status;
    response.body = body;
    response.setHeader("Content-Type", "application/json; charset=UTF-8");
    return response;
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse response;
    response.status = status;
    return response;
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = value;
            return;
        }
    }
    headers.append({name, value});
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 207:
        return "Multi-Status";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

QByteArray serializeResponse(const HttpResponse &response, bool keepAlive)
{
    QByteArray out;
    out.reserve(256 + response.body.size());
    out.append("HTTP/1.1 ")
        .append(QByteArray::number(response.status))
        .append(' ')
        .append(reasonPhrase(response.status))
        .append("\r\n");
    for (const auto &[name, value] : response.headers)
        out.append(name).append(": ").append(value).append("\r\n");
    // 204 carries no body and, per RFC 9110, no Content-Length either.
    if (response.status != 204)
        out.append("Content-Length: ")
            .append(QByteArray::number(response.body.size()))
            .append("\r\n");
    out.append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
    out.append("\r\n");
    if (response.status != 204)
        out.append(response.body);
    return out;
}

ParsedRequest parseRequest(const QByteArray &buffer)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (buffer.size() > maxHeadBytes)
            return malformed(QStringLiteral("request head exceeds 64 KiB"));
        return {};
    }
    const QByteArray head = buffer.left(headEnd);
    const QList<QByteArray> lines = head.split('\n');
    const QByteArray requestLine = lines.first().trimmed();
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3)
        return malformed(QStringLiteral("request line: expected 'METHOD TARGET HTTP/1.x'"));
    if (!isToken(parts[0]))
        return malformed(QStringLiteral("request line: bad method"));
    if (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0")
        return malformed(QStringLiteral("request line: unsupported version '%1'")
                             .arg(QString::fromLatin1(parts[2])));
    if (!parts[1].startsWith('/'))
        return malformed(QStringLiteral("request line: target must be an absolute path"));

    ParsedRequest parsed;
    HttpRequest &request = parsed.request;
    request.method = parts[0];
    const QByteArray target = parts[1];
    const qsizetype questionMark = target.indexOf('?');
    const QByteArray rawPath = questionMark < 0 ? target : target.left(questionMark);
    request.path = QUrl::fromPercentEncoding(rawPath);
    if (questionMark >= 0)
        request.query.setQuery(QString::fromUtf8(target.mid(questionMark + 1)));

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].endsWith('\r') ? lines[i].chopped(1) : lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.left(colon)))
            return malformed(QStringLiteral("header line %1: expected 'Name: value'").arg(i + 1));
        request.headers.insert(line.left(colon).toLower(), line.mid(colon + 1).trimmed());
    }
    if (request.headers.contains("transfer-encoding"))
        return malformed(QStringLiteral("Transfer-Encoding request bodies are not supported"));

    qsizetype length = 0;
    if (request.headers.contains("content-length")) {
        bool ok = false;
        length = request.headers.value("content-length").toLongLong(&ok);
        if (!ok || length < 0)
            return malformed(QStringLiteral("Content-Length: not a non-negative integer"));
        if (length > maxBodyBytes)
            return malformed(QStringLiteral("Content-Length: body larger than 8 MiB"));
    }
    const qsizetype bodyStart = headEnd + 4;
    if (buffer.size() - bodyStart < length)
        return {};
    request.body = buffer.mid(bodyStart, length);
    parsed.consumed = bodyStart + length;
    const QByteArray connection = request.header("connection").toLower();
    parsed.keepAlive = parts[2] == "HTTP/1.1" ? connection != "close" : connection == "keep-alive";
    parsed.state = ParsedRequest::State::Complete;
    return parsed;
}

HttpServer::HttpServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
}

HttpServer::~HttpServer() = default;

engine::Result<void> HttpServer::listen(quint16 port)
{
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        return engine::Error(std::string("cannot listen on 127.0.0.1:")
                                 .append(std::to_string(port))
                                 .append(": ")
                                 .append(m_server->errorString().toStdString()));
    }
    return {};
}

quint16 HttpServer::port() const
{
    return m_server->serverPort();
}

void HttpServer::close()
{
    m_server->close();
    const auto sockets = m_connections.keys();
    m_connections.clear();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

void HttpServer::route(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.push_back({method, splitPath(pattern), std::move(handler)});
}

HttpResponse HttpServer::dispatch(HttpRequest request) const
{
    if (m_filter) {
        if (auto refused = m_filter(request))
            return *refused;
    }
    const QStringList segments = splitPath(request.path);
    bool pathMatched = false;
    for (const Route &route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        QHash<QString, QString> params;
        bool match = true;
        for (qsizetype i = 0; i < segments.size() && match; ++i) {
            const QString &want = route.segments[i];
            if (want.startsWith(QLatin1Char('{')) && want.endsWith(QLatin1Char('}')))
                params.insert(want.mid(1, want.size() - 2), segments[i]);
            else
                match = want == segments[i];
        }
        if (!match)
            continue;
        pathMatched = true;
        if (route.method != request.method)
            continue;
        request.params = std::move(params);
        return route.handler(request);
    }
    if (pathMatched)
        return HttpResponse::json(405, R"({"code":40500000,"message":"method not allowed"})");
    return HttpResponse::json(404, R"({"code":40400000,"message":"endpoint not found"})");
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        m_connections.insert(socket, Connection{});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            if (m_connections.remove(socket) > 0)
                socket->deleteLater();
        });
    }
}

bool HttpServer::tryUpgrade(QTcpSocket *socket)
{
    // Peek only: the WebSocket server must see the untouched handshake.
    const QByteArray head = socket->peek(maxHeadBytes);
    if (head.indexOf("\r\n\r\n") < 0)
        return false;
    const ParsedRequest parsed = parseRequest(head.left(head.indexOf("\r\n\r\n") + 4));
    if (parsed.state != ParsedRequest::State::Complete)
        return false;
    if (parsed.request.header("upgrade").toLower() != "websocket")
        return false;
    std::optional<HttpResponse> refusal;
    if (m_upgradeFilter)
        refusal = m_upgradeFilter(parsed.request);
    if (!refusal && !m_webSockets)
        refusal = HttpResponse::json(404, R"({"message":"no WebSocket endpoint"})");
    if (refusal) {
        socket->readAll();
        respond(socket, *refusal, false);
        return true;
    }
    m_connections.remove(socket);
    socket->disconnect(this);
    m_webSockets->handleConnection(socket);
    return true;
}

void HttpServer::onReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    if (it->buffer.isEmpty() && !it->busy && tryUpgrade(socket))
        return;
    it->buffer.append(socket->readAll());
    while (!it->busy) {
        const ParsedRequest parsed = parseRequest(it->buffer);
        if (parsed.state == ParsedRequest::State::Incomplete)
            return;
        if (parsed.state == ParsedRequest::State::Malformed) {
            const QByteArray body = QByteArray(R"({"code":40000000,"message":")")
                                        .append(parsed.error.toUtf8())
                                        .append("\"}");
            it->buffer.clear();
            respond(socket, HttpResponse::json(400, body), false);
            return;
        }
        it->buffer.remove(0, parsed.consumed);
        const HttpResponse response = dispatch(parsed.request);
        if (m_observer)
            m_observer(parsed.request, response);
        if (response.dropConnection) {
            m_connections.remove(socket);
            socket->disconnect(this);
            socket->abort();
            socket->deleteLater();
            return;
        }
        if (response.delayMs > 0) {
            it->busy = true;
            QPointer<QTcpSocket> guard(socket);
            const bool keepAlive = parsed.keepAlive;
            QTimer::singleShot(response.delayMs, this, [this, guard, response, keepAlive] {
                if (!guard)
                    return;
                auto pending = m_connections.find(guard.data());
                if (pending == m_connections.end())
                    return;
                pending->busy = false;
                respond(guard.data(), response, keepAlive);
                if (guard && m_connections.contains(guard.data()))
                    onReadyRead(guard.data());
            });
            return;
        }
        respond(socket, response, parsed.keepAlive);
        it = m_connections.find(socket);
        if (it == m_connections.end())
            return;
    }
}

void HttpServer::respond(QTcpSocket *socket, const HttpResponse &response, bool keepAlive)
{
    socket->write(serializeResponse(response, keepAlive));
    if (!keepAlive) {
        m_connections.remove(socket);
        socket->disconnect(this);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
    }
}

} // namespace meridian::live
