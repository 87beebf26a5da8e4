// RateLimiter on a hand-driven clock. At the documented 200 requests per minute one token is
// 60 s / 200 = 300 ms; a full bucket holds 200 tokens, 10 of them reserved for cancels.

#include "engine/live/alpaca/ratelimiter.h"

#include <QTest>

using namespace meridian;
using namespace meridian::live;
using engine::Duration;
using engine::Timestamp;
using Priority = RateLimiter::Priority;

class TestAlpacaRateLimiter : public QObject
{
    Q_OBJECT

    // 2023-03-21T14:33:37Z = 1679409217 s since the epoch (worked out: 19437 days × 86400 +
    // 14 h 33 min 37 s = 1679356800 + 52417).
    Timestamp m_now = Timestamp::fromUnixNanos(1'679'409'217LL * 1'000'000'000);

    RateLimiter limiter(RateLimiter::Options options = {})
    {
        return RateLimiter([this] { return m_now; }, options);
    }

private slots:
    void init() { m_now = Timestamp::fromUnixNanos(1'679'409'217LL * 1'000'000'000); }

    void bucketAtTwoHundredPerMinute()
    {
        RateLimiter l = limiter();
        QCOMPARE(l.available(), std::int64_t(200));
        for (int i = 0; i < 190; ++i)
            QVERIFY(l.tryAcquire(Priority::Normal));
        // 10 tokens left, all reserved for cancels.
        QVERIFY(!l.tryAcquire(Priority::Normal));
        QVERIFY(l.delay(Priority::Normal) == Duration::milliseconds(300));
        QCOMPARE(l.available(), std::int64_t(10));
        for (int i = 0; i < 10; ++i)
            QVERIFY(l.tryAcquire(Priority::Cancel));
        QVERIFY(!l.tryAcquire(Priority::Cancel));
        QVERIFY(l.delay(Priority::Cancel) == Duration::milliseconds(300));
        QVERIFY(l.delay(Priority::Normal) == Duration::milliseconds(3300)); // 11 tokens
        m_now += Duration::milliseconds(299);
        QVERIFY(!l.tryAcquire(Priority::Cancel));
        m_now += Duration::milliseconds(1);
        QVERIFY(l.tryAcquire(Priority::Cancel));
        QCOMPARE(l.available(), std::int64_t(0));
        // A minute refills the bucket, never beyond 200.
        m_now += Duration::minutes(5);
        QCOMPARE(l.available(), std::int64_t(200));
    }

    void sustainedRateIsTheLimit()
    {
        // Starting full, 600 requests over two minutes: 200 at once, then one per 300 ms.
        RateLimiter l = limiter({200, 0, Duration::seconds(1), Duration::seconds(60)});
        int sent = 0;
        const Timestamp start = m_now;
        while (m_now - start < Duration::minutes(2)) {
            if (l.tryAcquire(Priority::Normal))
                ++sent;
            else
                m_now += l.delay(Priority::Normal);
        }
        // 200 up front + 120 s / 0.3 s = 400 more, the 400th exactly at the 2-minute mark
        // (not counted: the loop stops there).
        QCOMPARE(sent, 200 + 399);
    }

    void serverRemainingCapsTheBucket()
    {
        RateLimiter l = limiter({200, 0, Duration::seconds(1), Duration::seconds(60)});
        l.onResponse(200, RateLimitHeaders::parse("5", "1679409277", ""));
        QCOMPARE(l.available(), std::int64_t(5));
        // The server's window is exhausted: wait for its reset, 60 s from now.
        l.onResponse(200, RateLimitHeaders::parse("0", "1679409277", ""));
        QVERIFY(l.delay(Priority::Cancel) == Duration::seconds(60));
        QVERIFY(!l.tryAcquire(Priority::Cancel));
        m_now += Duration::seconds(60);
        QVERIFY(l.tryAcquire(Priority::Cancel));
    }

    void tooManyRequestsWaitsForTheReset()
    {
        RateLimiter l = limiter({200, 0, Duration::seconds(1), Duration::seconds(60)});
        // Reset 7 s ahead, Retry-After 3 s: the later one wins.
        l.onResponse(429, RateLimitHeaders::parse("0", "1679409224", "3"));
        QVERIFY(l.pausedUntil() == m_now + Duration::seconds(7));
        QVERIFY(l.delay(Priority::Normal) == Duration::seconds(7));
        m_now += Duration::seconds(7);
        QVERIFY(l.tryAcquire(Priority::Normal));

        // Retry-After alone.
        l.onResponse(429, RateLimitHeaders::parse("", "", "2"));
        QVERIFY(l.delay(Priority::Normal) == Duration::seconds(2));
    }

    void tooManyRequestsWithoutHeadersBacksOffExponentially()
    {
        RateLimiter l = limiter({200, 0, Duration::seconds(1), Duration::seconds(60)});
        const std::int64_t expected[] = {1, 2, 4, 8, 16, 32, 60, 60};
        for (const std::int64_t seconds : expected) {
            l.onResponse(429, RateLimitHeaders::parse("", "", ""));
            QVERIFY2(l.delay(Priority::Normal) == Duration::seconds(seconds),
                     qPrintable(QString::number(seconds)));
            m_now += Duration::seconds(seconds);
        }
        // A success resets the backoff.
        l.onResponse(200, RateLimitHeaders::parse("", "", ""));
        l.onResponse(429, RateLimitHeaders::parse("", "", ""));
        QVERIFY(l.delay(Priority::Normal) == Duration::seconds(1));
    }

    void malformedHeadersAreIgnored()
    {
        const RateLimitHeaders h = RateLimitHeaders::parse("many", "-5", "Wed, 21 Oct 2015");
        QVERIFY(!h.remaining && !h.resetUnixSeconds && !h.retryAfterSeconds);
        const RateLimitHeaders ok = RateLimitHeaders::parse(" 195 ", "1679411617", "0");
        QCOMPARE(ok.remaining.value_or(-1), std::int64_t(195));
        QCOMPARE(ok.resetUnixSeconds.value_or(-1), std::int64_t(1679411617));
        QCOMPARE(ok.retryAfterSeconds.value_or(-1), std::int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestAlpacaRateLimiter)
#include "tst_alpacaratelimiter.moc"
