#pragma once

// Client-side rate limiting for the Alpaca trading API (PROTOCOL.md §4): a token bucket at the
// documented 200 requests per minute, corrected by what the server says in its
// X-Ratelimit-Remaining / X-Ratelimit-Reset headers, and a pause after HTTP 429 until the reset
// (or Retry-After), else with exponential backoff. A few tokens are held back for cancels, so
// that a burst of submissions can never lock out the request that stops the risk.
//
// Pure logic on an injected time source, so it is testable without sleeping:
//
//     RateLimiter limiter([&] { return clock.now(); });
//     if (limiter.tryAcquire(RateLimiter::Priority::Normal))
//         send();
//     else
//         retryLater(limiter.delay(RateLimiter::Priority::Normal));
//     ...
//     limiter.onResponse(status, RateLimitHeaders::parse(remaining, reset, retryAfter));

#include "engine/core/timestamp.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace meridian::live {

// The rate-limit headers of one response; absent or malformed ones stay empty.
struct RateLimitHeaders
{
    std::optional<std::int64_t> remaining;    // X-Ratelimit-Remaining
    std::optional<std::int64_t> resetUnixSeconds; // X-Ratelimit-Reset
    std::optional<std::int64_t> retryAfterSeconds; // Retry-After (seconds form)

    static RateLimitHeaders parse(std::string_view remaining, std::string_view reset,
                                  std::string_view retryAfter);
};

class RateLimiter
{
public:
    enum class Priority { Normal, Cancel };

    struct Options
    {
        int requestsPerMinute = 200;
        int cancelReserve = 10; // tokens only cancels may use
        engine::Duration initialBackoff = engine::Duration::seconds(1);
        engine::Duration maxBackoff = engine::Duration::seconds(60);
    };

    explicit RateLimiter(std::function<engine::Timestamp()> now);
    RateLimiter(std::function<engine::Timestamp()> now, Options options);

    // How long to wait before a request of this priority may go out (zero: now).
    engine::Duration delay(Priority priority);
    // Takes a token if one is available now; false (and nothing taken) otherwise.
    bool tryAcquire(Priority priority);
    // Feeds back a response: its status and the rate-limit headers.
    void onResponse(int httpStatus, const RateLimitHeaders &headers);

    // Whole tokens available now (for display and tests).
    std::int64_t available();
    // Requests are paused (after a 429 or an exhausted server window) until this instant.
    engine::Timestamp pausedUntil() const { return m_pausedUntil; }

private:
    void refill(engine::Timestamp now);
    std::int64_t reserveFor(Priority priority) const;

    std::function<engine::Timestamp()> m_now;
    Options m_options;
    engine::Duration m_interval;   // one token's worth of time: 60 s / requestsPerMinute
    engine::Duration m_capacity;   // a full bucket, in the same unit
    engine::Duration m_credit;     // tokens held, as time (credit / interval = tokens)
    engine::Timestamp m_lastRefill;
    engine::Timestamp m_pausedUntil = engine::Timestamp::min();
    engine::Duration m_backoff;    // the next 429 pause when the server names no reset
};

} // namespace meridian::live
