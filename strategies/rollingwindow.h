#pragma once

// RollingWindow: the last `capacity` values of a series (raw fixed-point closes) in a ring, for
// indicators that update in O(1) per bar and must know which value leaves the window.
//
//     RollingWindow closes(3);
//     closes.push(10); closes.push(11); closes.push(12);
//     closes.push(13);      // returns 10, the value that fell out
//     closes.back(0);       // 13, the newest; back(2) is 11, the oldest kept

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace meridian::strategies {

class RollingWindow
{
public:
    explicit RollingWindow(std::size_t capacity);

    std::size_t capacity() const { return m_values.size(); }
    std::size_t size() const { return m_size; }
    bool full() const { return m_size == m_values.size(); }

    // The value k steps back from the newest (0 = newest); k must be below size().
    std::int64_t back(std::size_t k) const;
    // Appends a value; returns the oldest one when it had to make room.
    std::optional<std::int64_t> push(std::int64_t value);

private:
    std::vector<std::int64_t> m_values;
    std::size_t m_next = 0; // the slot the next value goes to
    std::size_t m_size = 0;
};

} // namespace meridian::strategies
