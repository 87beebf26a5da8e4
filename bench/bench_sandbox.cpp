// The sandbox's throughput on loopback (issue #7). The SandboxServer runs on its own QThread with
// its own event loop; the client is the benchmark's thread.
//
// BM_SandboxOrders: one HTTP/1.1 keep-alive connection (a plain QTcpSocket speaking HTTP, so the
// client's own cost stays small) submits POST /v2/orders back to back, alternating market
// and marketable limit buys of one share; every 100 orders the replay steps once (outside the
// timing) so that the orders fill and few stay open (all stay listed, as GET /v2/orders shows
// them). Counts accepted orders (HTTP 200) per second; p50/p99 of the request round trip in µs.
// BM_SandboxOrdersWithStream: the same with a trading-stream client listening to trade_updates
// on the client's thread; additionally counts trade_updates received per second (each order
// makes pending_new, new and fill; the replay steps wait until the fills have arrived).
// BM_SandboxStream: a data-stream client subscribed to `bars` of N symbols (and with the second
// argument = 1 also `trades` and `quotes`) while the server steps the replay of the bundled
// minute bars (resources/data/minute) as fast as its event loop turns; counts data messages
// (b, and t/q when subscribed) received per second, from the first step to the last message.
// Results: docs/performance.md.

#include "engine/core/civiltime.h"
#include "engine/data/barstore.h"
#include "engine/data/csvimport.h"
#include "engine/live/sandbox/sandboxserver.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <algorithm>
#include <benchmark/benchmark.h>
#include <chrono>
#include <memory>
#include <vector>

using namespace meridian;

namespace {

using Steady = std::chrono::steady_clock;

const QString keyId = QStringLiteral("PKBENCH");
const QString secret = QStringLiteral("made-up-bench-secret");

// The bundled minute bars of SPY and AAPL in a temporary store, built once.
const QString &storePath()
{
    static QTemporaryDir dir;
    static const QString path = [] {
        const QString file = dir.filePath(QStringLiteral("market.db"));
        auto store = engine::BarStore::open(file.toStdString());
        if (!store)
            qFatal("bench_sandbox: %s", store.error().message().c_str());
        for (const char *symbol : {"SPY", "AAPL"}) {
            engine::ImportOptions options{symbol, *engine::Timeframe::parse("1m"), std::nullopt};
            const auto report = engine::importCsvFile(
                *store,
                std::string(MERIDIAN_SOURCE_DIR "/resources/data/minute/").append(symbol) + ".csv",
                options);
            if (!report)
                qFatal("bench_sandbox: %s", report.error().message().c_str());
        }
        return file;
    }();
    return path;
}

live::SandboxConfig benchConfig(const QStringList &symbols)
{
    live::SandboxConfig config;
    config.keyId = keyId;
    config.secret = secret;
    config.storePath = storePath();
    config.symbols = symbols;
    config.rateLimitPerMinute = 1'000'000'000;
    config.partialFillP = 0.0;
    config.shortingEnabled = true;
    config.initialCash = engine::Money::fromUnits(1'000'000'000);
    return config;
}

// A SandboxServer living on its own thread; run() executes a function there and waits for it.
class ServerThread
{
public:
    explicit ServerThread(live::SandboxConfig config)
    {
        m_thread.start();
        m_context.moveToThread(&m_thread);
        run([&] {
            m_server = std::make_unique<live::SandboxServer>(std::move(config));
            if (auto started = m_server->start(); !started)
                qFatal("bench_sandbox: %s", started.error().message().c_str());
        });
    }
    ~ServerThread()
    {
        run([&] { m_server.reset(); });
        m_thread.quit();
        m_thread.wait();
    }

    template<typename Function>
    void run(Function function)
    {
        QMetaObject::invokeMethod(&m_context, function, Qt::BlockingQueuedConnection);
    }
    live::SandboxServer &server() { return *m_server; }
    QObject *context() { return &m_context; }

private:
    QThread m_thread;
    QObject m_context;
    std::unique_ptr<live::SandboxServer> m_server;
};

// A keep-alive HTTP/1.1 client on one socket, blocking; enough for Content-Length responses.
class HttpClient
{
public:
    explicit HttpClient(quint16 port)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!m_socket.waitForConnected(5000))
            qFatal("bench_sandbox: cannot connect to the sandbox");
        m_head = QByteArray("Host: 127.0.0.1\r\nAPCA-API-KEY-ID: ")
                     .append(keyId.toUtf8())
                     .append("\r\nAPCA-API-SECRET-KEY: ")
                     .append(secret.toUtf8())
                     .append("\r\nContent-Type: application/json\r\n");
    }

    // Sends one request and returns the response's status (0 when the connection failed).
    int post(const QByteArray &path, const QByteArray &body)
    {
        QByteArray request = QByteArray("POST ").append(path).append(" HTTP/1.1\r\n");
        request.append(m_head)
            .append("Content-Length: ")
            .append(QByteArray::number(body.size()))
            .append("\r\n\r\n")
            .append(body);
        m_socket.write(request);
        m_socket.flush();
        while (true) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end >= 0) {
                const qsizetype lengthAt = m_buffer.indexOf("Content-Length: ");
                const qsizetype lineEnd = m_buffer.indexOf("\r\n", lengthAt);
                const qsizetype length = lengthAt < 0 || lengthAt > end
                                             ? 0
                                             : m_buffer.mid(lengthAt + 16, lineEnd - lengthAt - 16)
                                                   .trimmed()
                                                   .toLongLong();
                if (m_buffer.size() >= end + 4 + length) {
                    const int status = m_buffer.mid(9, 3).toInt();
                    m_buffer.remove(0, end + 4 + length);
                    return status;
                }
            }
            if (!m_socket.waitForReadyRead(5000))
                return 0;
            m_buffer.append(m_socket.readAll());
        }
    }

private:
    QTcpSocket m_socket;
    QByteArray m_head;
    QByteArray m_buffer;
};

// Waits on the client thread's event loop until `done` holds (or 30 s pass).
template<typename Predicate>
bool spinUntil(Predicate done)
{
    const auto deadline = Steady::now() + std::chrono::seconds(30);
    while (!done()) {
        if (Steady::now() > deadline)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 10);
    }
    return true;
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

double percentile(std::vector<double> &values, double p)
{
    if (values.empty())
        return 0.0;
    const auto rank = std::size_t(p * double(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(rank), values.end());
    return values[rank];
}

const std::vector<QByteArray> &orderBodies()
{
    // Buys only (market, and limit far above the market): they fill at the next bar's open.
    // Sells would be refused while another sell is open (no position to cover them), and the
    // cash (a billion) covers 20,000 shares many times over.
    static const std::vector<QByteArray> bodies{
        R"({"symbol":"SPY","qty":"1","side":"buy","type":"market","time_in_force":"day"})",
        R"({"symbol":"SPY","qty":"1","side":"buy","type":"limit","limit_price":"500",)"
        R"("time_in_force":"day"})",
    };
    return bodies;
}

void runOrders(benchmark::State &state, bool withStream)
{
    // From the 2013-10-04 open: the market is open, so orders route (pending_new, new) at once
    // and fill at the next step; 200 steps stay inside the session.
    live::SandboxConfig config = benchConfig({QStringLiteral("SPY")});
    config.from = engine::newYorkTime(engine::Date{2013, 10, 4}, engine::TimeOfDay::hms(9, 31, 0));
    ServerThread thread(std::move(config));
    HttpClient http(thread.server().port());
    QWebSocket stream;
    std::int64_t updates = 0;
    if (withStream) {
        bool listening = false;
        QObject::connect(&stream, &QWebSocket::textMessageReceived, &stream,
                         [&](const QString &text) {
                             if (text.contains(QLatin1String("\"stream\":\"trade_updates\"")))
                                 ++updates;
                             else if (text.contains(QLatin1String("\"stream\":\"listening\"")))
                                 listening = true;
                         });
        QObject::connect(&stream, &QWebSocket::connected, &stream, [&] {
            stream.sendTextMessage(
                compact({{"action", "auth"}, {"key", keyId}, {"secret", secret}}));
            stream.sendTextMessage(
                compact({{"action", "listen"},
                         {"data", QJsonObject{{"streams", QJsonArray{"trade_updates"}}}}}));
        });
        stream.open(thread.server().tradingStreamUrl());
        if (!spinUntil([&] { return listening; }))
            qFatal("bench_sandbox: the trading stream did not start");
    }

    std::vector<double> latencies;
    latencies.reserve(std::size_t(state.max_iterations));
    std::int64_t accepted = 0;
    std::int64_t sent = 0;
    const auto &bodies = orderBodies();
    const auto wallBegin = Steady::now();
    for (auto _ : state) {
        const auto begin = Steady::now();
        const int status = http.post("/v2/orders", bodies[std::size_t(sent % 2)]);
        latencies.push_back(
            std::chrono::duration<double, std::micro>(Steady::now() - begin).count());
        ++sent;
        if (status == 200)
            ++accepted;
        if (sent % 100 != 0)
            continue;
        state.PauseTiming();
        // With a stream: each order's pending_new and new arrive before the step fills it,
        // and its fill after.
        bool ok = !withStream || spinUntil([&] { return updates >= 2 * sent; });
        thread.run([&] { ok = thread.server().step() && ok; });
        ok = ok && (!withStream || spinUntil([&] { return updates >= 3 * sent; }));
        if (!ok) {
            state.SkipWithError(qPrintable(
                QStringLiteral("the replay ended or trade updates are missing: %1 for %2 orders")
                    .arg(updates)
                    .arg(sent)));
            break;
        }
        state.ResumeTiming();
    }
    const double wall = std::chrono::duration<double>(Steady::now() - wallBegin).count();
    state.counters["orders_per_s"]
        = benchmark::Counter(double(accepted), benchmark::Counter::kIsRate);
    state.counters["rejected"] = double(sent - accepted);
    state.counters["p50_us"] = percentile(latencies, 0.50);
    state.counters["p99_us"] = percentile(latencies, 0.99);
    if (withStream) {
        // Over the whole loop's wall time, waits and replay steps included.
        state.counters["trade_updates_per_s"] = double(updates) / wall;
    }
}

void BM_SandboxOrders(benchmark::State &state)
{
    runOrders(state, false);
}

void BM_SandboxOrdersWithStream(benchmark::State &state)
{
    runOrders(state, true);
}

// Bars of a symbol in the bundled CSV (one per line after the header).
std::int64_t csvBars(const QString &symbol)
{
    QFile file(QStringLiteral(MERIDIAN_SOURCE_DIR "/resources/data/minute/%1.csv").arg(symbol));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("bench_sandbox: cannot read %s", qPrintable(file.fileName()));
    return std::int64_t(file.readAll().trimmed().count('\n'));
}

void BM_SandboxStream(benchmark::State &state)
{
    const QStringList all{QStringLiteral("SPY"), QStringLiteral("AAPL")};
    const QStringList symbols = all.mid(0, qsizetype(state.range(0)));
    const bool tradesAndQuotes = state.range(1) != 0;
    std::int64_t expected = 0;
    for (const QString &symbol : symbols)
        expected += csvBars(symbol) * (tradesAndQuotes ? 3 : 1);
    std::int64_t messages = 0;
    std::int64_t bytes = 0;
    for (auto _ : state) {
        ServerThread thread(benchConfig(symbols));
        QWebSocket socket;
        bool subscribed = false;
        std::int64_t received = 0;
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [&](const QString &text) {
                             if (!subscribed) {
                                 subscribed = text.contains(QLatin1String("\"subscription\""));
                                 return;
                             }
                             bytes += text.size();
                             received += text.count(QLatin1String("\"T\":"));
                         });
        QObject::connect(&socket, &QWebSocket::connected, &socket, [&] {
            socket.sendTextMessage(
                compact({{"action", "auth"}, {"key", keyId}, {"secret", secret}}));
            QJsonObject subscribe{{"action", "subscribe"},
                                  {"bars", QJsonArray::fromStringList(symbols)}};
            if (tradesAndQuotes) {
                subscribe.insert("trades", QJsonArray::fromStringList(symbols));
                subscribe.insert("quotes", QJsonArray::fromStringList(symbols));
            }
            socket.sendTextMessage(compact(subscribe));
        });
        socket.open(thread.server().dataStreamUrl(QStringLiteral("iex")));
        if (!spinUntil([&] { return subscribed; })) {
            state.SkipWithError("the data stream did not subscribe");
            break;
        }
        // The replay steps once per turn of the server's event loop, so that its socket
        // writes interleave with the steps as at `max` speed with a reading client.
        const auto begin = Steady::now();
        thread.run([&] {
            auto *timer = new QTimer(thread.context());
            QObject::connect(timer, &QTimer::timeout, timer, [&thread, timer] {
                if (!thread.server().step())
                    timer->deleteLater();
            });
            timer->start(0);
        });
        if (!spinUntil([&] { return received >= expected; })) {
            state.SkipWithError(qPrintable(
                QStringLiteral("received %1 of %2 messages").arg(received).arg(expected)));
            break;
        }
        state.SetIterationTime(std::chrono::duration<double>(Steady::now() - begin).count());
        messages += received;
    }
    state.counters["msgs"] = double(expected);
    state.counters["msgs_per_s"]
        = benchmark::Counter(double(messages), benchmark::Counter::kIsRate);
    state.counters["bytes_per_s"] = benchmark::Counter(double(bytes), benchmark::Counter::kIsRate);
}

} // namespace

// The broker keeps every order (GET /v2/orders lists them); 2,000 and 20,000 orders show that a
// submit does not get slower as they pile up (the broker indexes what a submit looks up).
BENCHMARK(BM_SandboxOrders)->Iterations(2'000)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_SandboxOrders)->Iterations(20'000)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_SandboxOrdersWithStream)
    ->Iterations(2'000)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_SandboxStream)
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({2, 1})
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime();

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
