#include "engine/config/suggestion.h"

#include <algorithm>

namespace meridian::engine {

namespace {

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

std::size_t editDistance(std::string_view a, std::string_view b)
{
    // Three rolling rows suffice: a transposition looks two rows back.
    const std::size_t n = b.size();
    std::vector<std::size_t> previous2(n + 1), previous(n + 1), current(n + 1);
    for (std::size_t j = 0; j <= n; ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= n; ++j) {
            const bool same = lower(a[i - 1]) == lower(b[j - 1]);
            current[j]
                = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2])
                && lower(a[i - 2]) == lower(b[j - 1]))
                current[j] = std::min(current[j], previous2[j - 2] + 1);
        }
        std::swap(previous2, previous);
        std::swap(previous, current);
    }
    return previous[n];
}

std::optional<std::string> closestMatch(std::string_view word,
                                        const std::vector<std::string> &candidates)
{
    std::optional<std::string> best;
    std::size_t bestDistance = 0;
    for (const std::string &candidate : candidates) {
        const std::size_t longer = std::max(word.size(), candidate.size());
        const std::size_t allowed = longer <= 4 ? 1 : 2;
        const std::size_t distance = editDistance(word, candidate);
        if (distance > allowed || 2 * distance >= longer)
            continue;
        if (!best || distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

} // namespace meridian::engine
