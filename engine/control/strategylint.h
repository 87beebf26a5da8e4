#pragma once

// The strategy lint: a static check that strategy source stays inside the SDK's contract — no
// wall clock, no I/O, no mutable global state, no includes beyond the SDK and pure standard
// headers. `meridian lint-strategy FILE...` runs it, and a test runs it over strategies/.
//
//     for (const LintFinding &finding : lintStrategySource(text, "bad.cpp"))
//         std::cout << formatLintFinding(finding) << '\n';
//     // bad.cpp:12:5: wall-clock: std::chrono::system_clock reads the wall clock; use ctx.now()
//
// It tokenizes the source (comments, string, character and raw-string literals never trigger a
// rule) and follows namespace, class and function scopes. The rules:
//   wall-clock     std::chrono clocks, time(), clock(), gettimeofday, clock_gettime, localtime,
//                  QDateTime/QTime/QDate::current*, sleeping (std::this_thread::sleep_for/until)
//   io             file streams, C stdio, console output, std::filesystem, Qt files and sockets,
//                  BSD sockets, the environment, starting processes (system, popen)
//   mutable-global namespace-scope variables that are not const/constexpr, static data
//                  members and static locals that are not, and every thread_local
//   include        anything but "engine/sdk/...", "engine/core/...", "strategies/<name>.h" and
//                  the pure standard headers of lintAllowedStandardHeaders()
// It is a lint, not a compiler: it recognizes the usual spellings of these things, and code
// written to hide them (macros pasting tokens, function pointers obtained elsewhere) is for
// review to catch.

#include "engine/core/result.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::engine {

struct LintFinding
{
    std::string file;
    int line = 0;        // 1-based
    int column = 0;      // 1-based, in bytes
    std::string rule;    // "wall-clock", "io", "mutable-global", "include"
    std::string message; // what, and what to do instead
};

// "file:line:column: rule: message"
std::string formatLintFinding(const LintFinding &finding);

// Findings in order of position. fileName is only copied into the findings.
std::vector<LintFinding> lintStrategySource(std::string_view source, const std::string &fileName);
// Reads the file; an unreadable file is an error, not a finding.
Result<std::vector<LintFinding>> lintStrategyFile(const std::string &path);

// The standard headers a strategy may include (sorted).
std::span<const std::string_view> lintAllowedStandardHeaders();

} // namespace meridian::engine
