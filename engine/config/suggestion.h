#pragma once

// "Did you mean ...?" for misspelled keys, strategy names, parameters and enum values.
//
//     closestMatch("paramz", {"name", "capital", "params"});   // "params"
//     closestMatch("xyz", {"name", "capital", "params"});      // nullopt

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::engine {

// Optimal-string-alignment distance, case-insensitive (ASCII): insertions, deletions,
// substitutions and transpositions of adjacent characters each cost 1.
std::size_t editDistance(std::string_view a, std::string_view b);

// The candidate nearest to `word` if it is near enough to be a likely typo: at most 1 edit for
// words of up to 4 characters, at most 2 for longer ones, and fewer edits than half the longer
// word. Ties go to the earlier candidate.
std::optional<std::string> closestMatch(std::string_view word,
                                        const std::vector<std::string> &candidates);

} // namespace meridian::engine
