#include "engine/data/corporateactions.h"

#include "engine/data/sqlitestatement.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace meridian::engine {

namespace {

std::vector<std::string_view> splitFields(std::string_view line)
{
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        fields.push_back(line.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (comma == std::string_view::npos)
            return fields;
        start = comma + 1;
    }
}

// Lines without their terminators (\n or \r\n); blank lines dropped, numbered from 1.
std::vector<std::pair<std::size_t, std::string_view>> lines(std::string_view text)
{
    std::vector<std::pair<std::size_t, std::string_view>> result;
    std::size_t number = 0;
    while (!text.empty()) {
        ++number;
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (!line.empty())
            result.emplace_back(number, line);
    }
    return result;
}

Result<std::int64_t> parseCount(std::string_view text)
{
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value <= 0)
        return Error("expected a positive whole number, got " + quoted(text));
    return value;
}

// "7-for-1" → (7, 1).
Result<std::pair<std::int64_t, std::int64_t>> parseRatio(std::string_view text)
{
    const std::size_t at = text.find("-for-");
    if (at == std::string_view::npos)
        return Error("split_ratio must look like 7-for-1, got " + quoted(text));
    Result<std::int64_t> newShares = parseCount(text.substr(0, at));
    Result<std::int64_t> oldShares = parseCount(text.substr(at + 5));
    if (!newShares || !oldShares)
        return Error("split_ratio must look like 7-for-1, got " + quoted(text));
    return std::pair{*newShares, *oldShares};
}

Result<double> parseNumber(std::string_view text)
{
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return Error("expected a number, got " + quoted(text));
    return value;
}

// A price multiplier (0.142857 for 7-for-1, 20 for 1-for-20) as the nearest whole ratio.
std::pair<std::int64_t, std::int64_t> ratioOf(double multiplier)
{
    if (multiplier < 1)
        return {std::llround(1 / multiplier), 1};
    return {1, std::llround(multiplier)};
}

Result<Date> parseCompactDate(std::string_view text)
{
    if (text.size() != 8)
        return Error("expected a date yyyymmdd, got " + quoted(text));
    std::string iso(text.substr(0, 4));
    iso.append("-").append(text.substr(4, 2)).append("-").append(text.substr(6, 2));
    return Date::parse(iso);
}

Result<std::string> readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error(path + ": cannot open");
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

} // namespace

std::string_view toString(CorporateActionType type)
{
    return type == CorporateActionType::Split ? "split" : "dividend";
}

Result<std::vector<CorporateAction>> parseCorporateActionsCsv(std::string_view text,
                                                             const std::string &symbol,
                                                             const std::string &source)
{
    const auto rows = lines(text);
    if (rows.empty())
        return Error(source + ": empty file");
    std::map<std::string, std::size_t, std::less<>> column;
    const auto header = splitFields(rows.front().second);
    for (std::size_t i = 0; i < header.size(); ++i)
        column.emplace(std::string(header[i]), i);
    for (const char *required : {"ex_date", "type", "value", "split_ratio"})
        if (column.count(required) == 0)
            return Error(source + ":1: the header has no " + quoted(required) + " column");
    const auto pay = column.find("pay_date");

    std::vector<CorporateAction> actions;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto &[number, line] = rows[r];
        const std::string where = source + ":" + std::to_string(number);
        const auto fields = splitFields(line);
        if (fields.size() != header.size())
            return Error(where + ": expected " + std::to_string(header.size()) + " fields, got "
                         + std::to_string(fields.size()));
        CorporateAction action;
        action.symbol = symbol;
        Result<Date> exDate = Date::parse(fields[column["ex_date"]]);
        if (!exDate)
            return exDate.error().withContext(where + ": ex_date");
        action.exDate = *exDate;
        const std::string_view type = fields[column["type"]];
        if (type == "split") {
            action.type = CorporateActionType::Split;
            Result<std::pair<std::int64_t, std::int64_t>> ratio = parseRatio(fields[column["split_ratio"]]);
            if (!ratio)
                return ratio.error().withContext(where);
            std::tie(action.newShares, action.oldShares) = *ratio;
            Result<double> multiplier = parseNumber(fields[column["value"]]);
            if (!multiplier)
                return multiplier.error().withContext(where + ": value");
            const double exact = double(action.oldShares) / double(action.newShares);
            if (std::fabs(*multiplier - exact) > 1e-4 * exact)
                return Error(where + ": value " + std::string(fields[column["value"]])
                             + " does not match split_ratio "
                             + std::string(fields[column["split_ratio"]]));
        } else if (type == "dividend") {
            action.type = CorporateActionType::Dividend;
            Result<Price> cash = Price::parse(fields[column["value"]]);
            if (!cash)
                return cash.error().withContext(where + ": value");
            if (!cash->isPositive())
                return Error(where + ": a dividend must be positive, got "
                             + std::string(fields[column["value"]]));
            action.cashPerShare = *cash;
        } else {
            return Error(where + ": type must be split or dividend, got " + quoted(type));
        }
        if (pay != column.end() && !fields[pay->second].empty()) {
            Result<Date> payDate = Date::parse(fields[pay->second]);
            if (!payDate)
                return payDate.error().withContext(where + ": pay_date");
            if (*payDate < action.exDate)
                return Error(where + ": pay_date " + payDate->toString() + " is before ex_date "
                             + action.exDate.toString());
            action.payDate = *payDate;
        }
        if (!actions.empty() && action.exDate < actions.back().exDate)
            return Error(where + ": ex_date " + action.exDate.toString()
                         + " is before the previous row's " + actions.back().exDate.toString());
        actions.push_back(std::move(action));
    }
    return actions;
}

Result<std::vector<CorporateAction>> readCorporateActionsCsv(const std::string &path,
                                                            const std::string &symbol)
{
    Result<std::string> text = readFile(path);
    if (!text)
        return text.error();
    return parseCorporateActionsCsv(*text, symbol, path);
}

Result<std::vector<CorporateAction>> parseLeanFactorFile(std::string_view text,
                                                        const std::string &symbol,
                                                        const NyseCalendar &calendar,
                                                        const std::string &source)
{
    struct Row
    {
        Date date;
        double priceFactor;
        double splitFactor;
        double reference;
    };
    std::vector<Row> rows;
    for (const auto &[number, line] : lines(text)) {
        const std::string where = source + ":" + std::to_string(number);
        const auto fields = splitFields(line);
        if (fields.size() != 4)
            return Error(where + ": expected date,price_factor,split_factor,reference_price");
        Result<Date> date = parseCompactDate(fields[0]);
        if (!date)
            return date.error().withContext(where);
        Row row{*date, 0, 0, 0};
        for (auto [field, target] : {std::pair{1, &row.priceFactor}, std::pair{2, &row.splitFactor},
                                     std::pair{3, &row.reference}}) {
            Result<double> value = parseNumber(fields[std::size_t(field)]);
            if (!value)
                return value.error().withContext(where);
            *target = *value;
        }
        if (!(row.priceFactor > 0) || !(row.splitFactor > 0))
            return Error(where + ": factors must be positive");
        rows.push_back(row);
    }
    std::vector<CorporateAction> actions;
    for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
        const Row &row = rows[i];
        const Row &next = rows[i + 1];
        const Date exDate = calendar.nextSession(row.date);
        if (row.splitFactor != next.splitFactor) {
            CorporateAction split;
            split.symbol = symbol;
            split.type = CorporateActionType::Split;
            split.exDate = exDate;
            std::tie(split.newShares, split.oldShares) = ratioOf(row.splitFactor / next.splitFactor);
            actions.push_back(split);
        }
        if (row.priceFactor != next.priceFactor) {
            const double cash = row.reference * (1.0 - row.priceFactor / next.priceFactor);
            CorporateAction dividend;
            dividend.symbol = symbol;
            dividend.type = CorporateActionType::Dividend;
            dividend.exDate = exDate;
            dividend.cashPerShare = Price::fromRaw(std::llround(cash * 1e4) * 10'000);
            if (dividend.cashPerShare.isPositive())
                actions.push_back(dividend);
        }
    }
    return actions;
}

Result<std::vector<TickerPeriod>> parseLeanMapFile(std::string_view text, const std::string &source)
{
    std::vector<TickerPeriod> periods;
    for (const auto &[number, line] : lines(text)) {
        const auto fields = splitFields(line);
        const std::string where = source + ":" + std::to_string(number);
        if (fields.size() < 2)
            return Error(where + ": expected date,ticker[,exchange]");
        Result<Date> until = parseCompactDate(fields[0]);
        if (!until)
            return until.error().withContext(where);
        std::string ticker(fields[1]);
        std::transform(ticker.begin(), ticker.end(), ticker.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        periods.push_back({*until, ticker, fields.size() > 2 ? std::string(fields[2]) : ""});
    }
    return periods;
}

std::optional<std::string> tickerOn(const std::vector<TickerPeriod> &periods, Date date)
{
    for (const TickerPeriod &period : periods)
        if (date <= period.until)
            return period.ticker;
    return std::nullopt;
}

std::string_view toString(PriceAdjustment adjustment)
{
    switch (adjustment) {
    case PriceAdjustment::Raw:
        return "raw";
    case PriceAdjustment::SplitAdjusted:
        return "split_adjusted";
    case PriceAdjustment::TotalReturn:
        return "total_return";
    }
    return "raw";
}

Result<PriceAdjustment> parsePriceAdjustment(std::string_view text)
{
    for (const PriceAdjustment a :
         {PriceAdjustment::Raw, PriceAdjustment::SplitAdjusted, PriceAdjustment::TotalReturn})
        if (toString(a) == text)
            return a;
    return Error("adjustment must be raw, split_adjusted or total_return, got " + quoted(text));
}

std::vector<std::pair<Timestamp, BarData>>
adjustBars(const std::vector<std::pair<Timestamp, BarData>> &bars,
           const std::vector<CorporateAction> &actions, PriceAdjustment adjustment)
{
    std::vector<std::pair<Timestamp, BarData>> result = bars;
    if (adjustment == PriceAdjustment::Raw || bars.empty())
        return result;
    // Walk backwards: the factor of a bar is the product over every action after its date.
    double priceFactor = 1.0;
    double volumeFactor = 1.0;
    std::size_t next = actions.size(); // actions[next..] are applied
    for (std::size_t i = bars.size(); i-- > 0;) {
        const Date date = toNewYork(bars[i].first - Duration::nanoseconds(1)).date;
        while (next > 0 && actions[next - 1].exDate > date) {
            const CorporateAction &action = actions[--next];
            if (action.type == CorporateActionType::Split) {
                priceFactor *= double(action.oldShares) / double(action.newShares);
                volumeFactor *= double(action.newShares) / double(action.oldShares);
            } else if (adjustment == PriceAdjustment::TotalReturn) {
                // The close the dividend is measured against: this bar's, the last before ex.
                const double close = bars[i].second.close.toDouble();
                if (close > 0)
                    priceFactor *= 1.0 - action.cashPerShare.toDouble() / close;
            }
        }
        if (priceFactor == 1.0 && volumeFactor == 1.0)
            continue;
        BarData &bar = result[i].second;
        bar.open = Price::fromDouble(bar.open.toDouble() * priceFactor);
        bar.high = Price::fromDouble(bar.high.toDouble() * priceFactor);
        bar.low = Price::fromDouble(bar.low.toDouble() * priceFactor);
        bar.close = Price::fromDouble(bar.close.toDouble() * priceFactor);
        bar.volume = Quantity::fromDouble(bar.volume.toDouble() * volumeFactor);
    }
    return result;
}

Result<void> storeCorporateActions(const BarStore &store, const std::string &symbol,
                                   const std::vector<CorporateAction> &actions)
{
    sqlite3 *db = store.handle();
    if (Result<void> created = execSql(db, "CREATE TABLE IF NOT EXISTS corporate_actions("
                                           "symbol TEXT NOT NULL, ex_date TEXT NOT NULL,"
                                           " type TEXT NOT NULL, new_shares INTEGER NOT NULL,"
                                           " old_shares INTEGER NOT NULL, cash INTEGER NOT NULL,"
                                           " pay_date TEXT, PRIMARY KEY(symbol, ex_date, type))");
        !created)
        return created.error();
    auto transaction = SqliteTransaction::beginImmediate(db);
    if (!transaction)
        return transaction.error();
    auto remove = SqliteStatement::prepare(db, "DELETE FROM corporate_actions WHERE symbol = ?1");
    if (!remove)
        return remove.error();
    remove->bindText(1, symbol);
    if (Result<void> done = remove->run(); !done)
        return done.error();
    auto insert = SqliteStatement::prepare(
        db, "INSERT INTO corporate_actions(symbol, ex_date, type, new_shares, old_shares, cash,"
            " pay_date) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert)
        return insert.error();
    for (const CorporateAction &action : actions) {
        insert->reset();
        insert->bindText(1, symbol);
        insert->bindText(2, action.exDate.toString());
        insert->bindText(3, toString(action.type));
        insert->bindInt64(4, action.newShares);
        insert->bindInt64(5, action.oldShares);
        insert->bindInt64(6, action.cashPerShare.raw());
        if (action.payDate)
            insert->bindText(7, action.payDate->toString());
        else
            insert->bindNull(7);
        if (Result<void> done = insert->run(); !done)
            return done.error().withContext(symbol + " " + action.exDate.toString());
    }
    return transaction->commit();
}

Result<std::vector<CorporateAction>> loadCorporateActions(const BarStore &store,
                                                         const std::string &symbol)
{
    std::vector<CorporateAction> actions;
    auto exists = SqliteStatement::prepare(
        store.handle(),
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corporate_actions'");
    if (!exists)
        return exists.error();
    Result<bool> hasTable = exists->step();
    if (!hasTable)
        return hasTable.error();
    if (!*hasTable)
        return actions;
    auto select = SqliteStatement::prepare(
        store.handle(), "SELECT ex_date, type, new_shares, old_shares, cash, pay_date"
                        " FROM corporate_actions WHERE symbol = ?1 ORDER BY ex_date, type DESC");
    if (!select)
        return select.error();
    select->bindText(1, symbol);
    while (true) {
        Result<bool> row = select->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        CorporateAction action;
        action.symbol = symbol;
        action.exDate = *Date::parse(select->columnText(0));
        action.type = select->columnText(1) == "split" ? CorporateActionType::Split
                                                       : CorporateActionType::Dividend;
        action.newShares = select->columnInt64(2);
        action.oldShares = select->columnInt64(3);
        action.cashPerShare = Price::fromRaw(select->columnInt64(4));
        if (!select->columnIsNull(5))
            action.payDate = *Date::parse(select->columnText(5));
        actions.push_back(action);
    }
    return actions;
}

} // namespace meridian::engine
