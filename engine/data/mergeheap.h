#pragma once

// The heart of a k-way merge of time-ordered streams: a binary min-heap of (timestamp, source)
// entries. Ties at the same timestamp go to the lower source index, so streams given first win
// ties; that makes the merged order deterministic. No allocation after reserve().

#include <cstddef>
#include <cstdint>
#include <vector>

namespace meridian::engine::detail {

class MergeHeap
{
public:
    struct Entry
    {
        std::int64_t ts = 0;
        std::uint32_t source = 0;
    };

    void reserve(std::size_t sources) { m_entries.reserve(sources); }
    void clear() { m_entries.clear(); }
    bool empty() const { return m_entries.empty(); }
    std::size_t size() const { return m_entries.size(); }
    const Entry &top() const { return m_entries.front(); }

    void push(Entry entry)
    {
        m_entries.push_back(entry);
        std::size_t i = m_entries.size() - 1;
        while (i > 0) {
            const std::size_t parent = (i - 1) / 2;
            if (!before(m_entries[i], m_entries[parent]))
                break;
            std::swap(m_entries[i], m_entries[parent]);
            i = parent;
        }
    }

    // The top source moved on to its next timestamp: one sift-down instead of pop + push.
    void replaceTop(std::int64_t ts)
    {
        m_entries.front().ts = ts;
        siftDown(0);
    }

    void popTop()
    {
        m_entries.front() = m_entries.back();
        m_entries.pop_back();
        if (!m_entries.empty())
            siftDown(0);
    }

private:
    static bool before(const Entry &a, const Entry &b)
    {
        return a.ts < b.ts || (a.ts == b.ts && a.source < b.source);
    }

    void siftDown(std::size_t i)
    {
        const std::size_t n = m_entries.size();
        while (true) {
            const std::size_t left = 2 * i + 1;
            if (left >= n)
                return;
            std::size_t smallest = left;
            if (left + 1 < n && before(m_entries[left + 1], m_entries[left]))
                smallest = left + 1;
            if (!before(m_entries[smallest], m_entries[i]))
                return;
            std::swap(m_entries[i], m_entries[smallest]);
            i = smallest;
        }
    }

    std::vector<Entry> m_entries;
};

} // namespace meridian::engine::detail
