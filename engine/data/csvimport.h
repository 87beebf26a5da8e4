#pragma once

// CSV import into the BarStore: one file becomes one new, immutable dataset version.
//
// Accepted layouts (columns found by header name, case-insensitive, in any order):
//   timestamp,open,high,low,close,volume[,adj_close]        (Meridian's shared format)
//   Date,Open,High,Low,Close,Adj Close,Volume               (Yahoo)
//   Date,Open,High,Low,Close,Volume,Adj Close               (older Yahoo)
// Timestamps: for the daily timeframe "YYYY-MM-DD", stamped at 16:00 New York (the session
// close). For intraday timeframes "YYYY-MM-DDTHH:MM:SS", New York local time unless it carries
// "Z" or an offset, read as the bar's start; the stored event time is start + timeframe length.
// A file whose rows run newest-first is imported reversed.
//
// Every problem is reported as "FILE:LINE: FIELD: what is wrong". By default a file with any
// bad row is refused and the store is left exactly as it was (one transaction). With a
// quarantine path the good rows are imported and each bad row is written to that file as CSV
// (line,reason,row); nothing is dropped silently.
//
//     ImportOptions options{"SPY", *Timeframe::parse("1d"), std::nullopt};
//     auto report = importCsvFile(store, "SPY.csv", options);
//     if (!report)
//         std::cerr << report.error().message() << '\n';   // one problem per line

#include "engine/data/barstore.h"
#include "engine/data/dataquality.h"
#include "engine/data/timeframe.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::engine {

struct ImportOptions
{
    std::string symbol;
    Timeframe timeframe;
    std::optional<std::string> quarantinePath;
    // Run the data-quality checks (dataquality.h) over the imported bars; off by default
    // because it reads the dataset back.
    bool checkQuality = false;
};

struct ImportReport
{
    DatasetInfo dataset;
    std::size_t rowsRead = 0; // data rows, header and blank lines excluded
    std::size_t rowsImported = 0;
    std::size_t rowsQuarantined = 0;
    bool reversed = false; // the file was newest-first
    // With a quarantine path: every problem found, "FILE:LINE: FIELD: what is wrong".
    std::vector<std::string> problems;
    // With ImportOptions::checkQuality: missing bars, outliers, zero volume, stale prices.
    std::optional<QualityReport> quality;
};

Result<ImportReport>
importCsvFile(BarStore &store, const std::string &path, const ImportOptions &options);
// displayName names the data in messages and in the dataset's `source`.
Result<ImportReport> importCsvText(BarStore &store,
                                   std::string_view text,
                                   const std::string &displayName,
                                   const ImportOptions &options);

} // namespace meridian::engine
