#include "engine/live/alpaca/ratelimiter.h"

#include <algorithm>
#include <charconv>

namespace meridian::live {

using engine::Duration;
using engine::Timestamp;

namespace {

std::optional<std::int64_t> parseInteger(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0)
        return std::nullopt;
    return value;
}

} // namespace

RateLimitHeaders RateLimitHeaders::parse(std::string_view remaining, std::string_view reset,
                                         std::string_view retryAfter)
{
    return RateLimitHeaders{parseInteger(remaining), parseInteger(reset), parseInteger(retryAfter)};
}

RateLimiter::RateLimiter(std::function<Timestamp()> now)
    : RateLimiter(std::move(now), Options{})
{}

RateLimiter::RateLimiter(std::function<Timestamp()> now, Options options)
    : m_now(std::move(now))
    , m_options(options)
    , m_backoff(options.initialBackoff)
{
    m_options.requestsPerMinute = std::max(1, m_options.requestsPerMinute);
    m_options.cancelReserve = std::clamp(m_options.cancelReserve, 0,
                                         m_options.requestsPerMinute - 1);
    m_interval = Duration::nanoseconds(Duration::seconds(60).count()
                                       / m_options.requestsPerMinute);
    m_capacity = m_interval * m_options.requestsPerMinute;
    m_credit = m_capacity;
    m_lastRefill = m_now();
}

void RateLimiter::refill(Timestamp now)
{
    if (now > m_lastRefill) {
        m_credit = std::min(m_capacity, m_credit + (now - m_lastRefill));
        m_lastRefill = now;
    }
}

std::int64_t RateLimiter::reserveFor(Priority priority) const
{
    return priority == Priority::Cancel ? 0 : m_options.cancelReserve;
}

std::int64_t RateLimiter::available()
{
    refill(m_now());
    return m_credit / m_interval;
}

Duration RateLimiter::delay(Priority priority)
{
    const Timestamp now = m_now();
    refill(now);
    Duration wait = Duration::zero();
    if (m_pausedUntil > now)
        wait = m_pausedUntil - now;
    // Tokens needed: this request plus the reserve it may not touch.
    const Duration needed = m_interval * (1 + reserveFor(priority));
    if (m_credit < needed)
        wait = std::max(wait, needed - m_credit);
    return wait;
}

bool RateLimiter::tryAcquire(Priority priority)
{
    if (delay(priority) > Duration::zero())
        return false;
    m_credit = m_credit - m_interval;
    return true;
}

void RateLimiter::onResponse(int httpStatus, const RateLimitHeaders &headers)
{
    const Timestamp now = m_now();
    refill(now);
    const std::optional<Timestamp> reset
        = headers.resetUnixSeconds
              ? std::optional(Timestamp::fromUnixNanos(*headers.resetUnixSeconds * 1'000'000'000))
              : std::nullopt;
    // The server counts every client of the account: never believe in more tokens than it has.
    if (headers.remaining) {
        const Duration serverCredit = m_interval * std::min<std::int64_t>(
                                          *headers.remaining, m_options.requestsPerMinute);
        m_credit = std::min(m_credit, serverCredit);
        if (*headers.remaining == 0 && reset && *reset > now)
            m_pausedUntil = std::max(m_pausedUntil, *reset);
    }
    if (httpStatus == 429) {
        m_credit = Duration::zero();
        Timestamp until = now;
        if (headers.retryAfterSeconds)
            until = std::max(until, now + Duration::seconds(*headers.retryAfterSeconds));
        if (reset && *reset > now)
            until = std::max(until, *reset);
        if (until == now) {
            // Nothing said when to come back: exponential backoff.
            until = now + m_backoff;
            m_backoff = std::min(m_options.maxBackoff, m_backoff * 2);
        }
        m_pausedUntil = std::max(m_pausedUntil, until);
    } else if (httpStatus > 0 && httpStatus < 500) {
        m_backoff = m_options.initialBackoff;
    }
}

} // namespace meridian::live
