#pragma once

// Corporate actions: splits and cash dividends per symbol, read from our CSV (the layout of
// ../shared/data/corporate_actions/<SYM>.csv) or derived from LEAN factor files, kept in the bar
// store, and used two ways:
// - research and charts: adjustBars() gives raw, split-adjusted or total-return prices;
// - backtests on raw prices: the strategy runner applies each action to its positions (a split
//   multiplies quantities, a dividend pays cash), see docs/data.md.
//
//     auto actions = readCorporateActionsCsv("AAPL.csv", "AAPL");
//     storeCorporateActions(store, "AAPL", *actions);
//     auto adjusted = adjustBars(bars, *actions, PriceAdjustment::SplitAdjusted);

#include "engine/core/civiltime.h"
#include "engine/core/event.h"
#include "engine/core/nysecalendar.h"
#include "engine/core/result.h"
#include "engine/data/barstore.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meridian::engine {

enum class CorporateActionType { Split, Dividend };
std::string_view toString(CorporateActionType type); // "split", "dividend"

struct CorporateAction
{
    std::string symbol;
    CorporateActionType type = CorporateActionType::Dividend;
    Date exDate; // the first session that trades without it
    // Splits: newShares for oldShares (7-for-1: 7, 1; a 1-for-20 reverse split: 1, 20).
    std::int64_t newShares = 1;
    std::int64_t oldShares = 1;
    // Dividends: cash per share; paid on payDate (the ex-date when the source has none) to
    // whoever held the share at the close before the ex-date.
    Price cashPerShare;
    std::optional<Date> payDate;

    Date paymentDate() const { return payDate.value_or(exDate); }
    bool operator==(const CorporateAction &) const = default;
};

// CSV with header `ex_date,type,value,split_ratio` and optionally `reference_close`,
// `factor_row_date`, `pay_date` (any order). Dividends: value = cash per share. Splits:
// split_ratio "7-for-1" (value, the rounded price multiplier, is only cross-checked). Errors
// name the source and line. Sorted by ex-date.
Result<std::vector<CorporateAction>> parseCorporateActionsCsv(std::string_view text,
                                                             const std::string &symbol,
                                                             const std::string &source);
Result<std::vector<CorporateAction>> readCorporateActionsCsv(const std::string &path,
                                                            const std::string &symbol);

// A LEAN factor file (rows `yyyymmdd,price_factor,split_factor,reference_price`, ascending).
// Between consecutive rows i and i+1: a changed split factor is a split with price multiplier
// sf_i / sf_{i+1}; a changed price factor a dividend of reference_price_i · (1 − pf_i / pf_{i+1})
// rounded to 4 decimals (LEAN's formula). The ex-date is the session after row i's date.
Result<std::vector<CorporateAction>> parseLeanFactorFile(std::string_view text,
                                                        const std::string &symbol,
                                                        const NyseCalendar &calendar,
                                                        const std::string &source);

// A LEAN map file row: the ticker in effect up to and including `until`.
struct TickerPeriod
{
    Date until;
    std::string ticker;
    std::string exchange;
};
Result<std::vector<TickerPeriod>> parseLeanMapFile(std::string_view text, const std::string &source);
// The ticker in effect on `date` (the first period whose `until` is on or after it).
std::optional<std::string> tickerOn(const std::vector<TickerPeriod> &periods, Date date);

enum class PriceAdjustment { Raw, SplitAdjusted, TotalReturn };
std::string_view toString(PriceAdjustment adjustment); // "raw", "split_adjusted", "total_return"
Result<PriceAdjustment> parsePriceAdjustment(std::string_view text);

// Bars of one symbol, ascending, adjusted so that they are comparable with today's prices:
// each bar before an action's ex-date is multiplied by oldShares/newShares per later split
// (volume by the inverse) and, for total return, by (1 − cash / close of the last bar before
// the ex-date) per later dividend. Raw returns the bars unchanged.
std::vector<std::pair<Timestamp, BarData>>
adjustBars(const std::vector<std::pair<Timestamp, BarData>> &bars,
           const std::vector<CorporateAction> &actions, PriceAdjustment adjustment);

// The store keeps a symbol's actions in table corporate_actions; storing replaces them.
Result<void> storeCorporateActions(const BarStore &store, const std::string &symbol,
                                   const std::vector<CorporateAction> &actions);
Result<std::vector<CorporateAction>> loadCorporateActions(const BarStore &store,
                                                         const std::string &symbol);

} // namespace meridian::engine
