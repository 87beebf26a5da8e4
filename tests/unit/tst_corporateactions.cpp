// Corporate actions: the real AAPL file (splits 2014-06-09 7-for-1, 2020-08-31 4-for-1), the
// same events derived independently from LEAN's factor file, a map file, price adjustment modes
// against the data's own adj_close, the store round trip, and the portfolio's split and dividend
// accounting with hand-worked numbers.

#include "engine/core/civiltime.h"
#include "engine/data/corporateactions.h"
#include "engine/data/csvimport.h"
#include "engine/data/historicaldatasource.h"
#include "engine/portfolio/portfolio.h"

#include <QtTest>
#include <cmath>
#include <fstream>
#include <sstream>

using namespace meridian::engine;

namespace {

const std::string fixtures
    = std::string(MERIDIAN_SOURCE_DIR) + "/tests/fixtures/corporate_actions/";

std::string readText(const std::string &path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Price price(const char *text)
{
    return *Price::parse(text);
}

} // namespace

class TestCorporateActions : public QObject
{
    Q_OBJECT

private slots:
    void readsTheRealAaplFile()
    {
        const auto actions = readCorporateActionsCsv(fixtures + "AAPL.csv", "AAPL");
        QVERIFY2(actions.has_value(), actions ? "" : actions.error().message().c_str());
        QCOMPARE(actions->size(), std::size_t(39));
        std::vector<CorporateAction> splits;
        for (const CorporateAction &action : *actions)
            if (action.type == CorporateActionType::Split)
                splits.push_back(action);
        QCOMPARE(splits.size(), std::size_t(4));
        QCOMPARE(splits[2].exDate, (Date{2014, 6, 9}));
        QCOMPARE(splits[2].newShares, std::int64_t(7));
        QCOMPARE(splits[2].oldShares, std::int64_t(1));
        QCOMPARE(splits[3].exDate, (Date{2020, 8, 31}));
        QCOMPARE(splits[3].newShares, std::int64_t(4));
        const CorporateAction &dividend = (*actions)[11]; // 2014-08-07, 0.47
        QVERIFY(dividend.type == CorporateActionType::Dividend);
        QCOMPARE(dividend.exDate, (Date{2014, 8, 7}));
        QCOMPARE(dividend.cashPerShare, price("0.47"));
        QCOMPARE(dividend.paymentDate(), dividend.exDate); // the file has no pay dates
    }

    void leanFactorFileGivesTheSameEvents()
    {
        // The CSV was derived from this factor file by the data's own conversion script; our
        // reading of the factor file must reproduce every date, ratio and amount.
        const NyseCalendar calendar;
        const auto derived = parseLeanFactorFile(readText(fixtures + "aapl_factor.csv"), "AAPL",
                                                 calendar, "aapl_factor.csv");
        QVERIFY2(derived.has_value(), derived ? "" : derived.error().message().c_str());
        const auto csv = readCorporateActionsCsv(fixtures + "AAPL.csv", "AAPL");
        QCOMPARE(derived->size(), csv->size());
        for (std::size_t i = 0; i < csv->size(); ++i)
            QVERIFY2((*derived)[i] == (*csv)[i], (*csv)[i].exDate.toString().c_str());
    }

    void mapFileTickers()
    {
        const auto periods = parseLeanMapFile(readText(fixtures + "bac_map.csv"), "bac_map.csv");
        QVERIFY(periods.has_value());
        QCOMPARE(tickerOn(*periods, Date{1998, 9, 30}), std::optional<std::string>("NB"));
        QCOMPARE(tickerOn(*periods, Date{1998, 10, 1}), std::optional<std::string>("BAC"));
    }

    void badFilesSayWhereAndWhat()
    {
        const std::string header = "ex_date,type,value,split_ratio\n";
        QCOMPARE(parseCorporateActionsCsv(header + "2014-06-09,split,0.5,7-for-1\n", "X", "x.csv")
                     .error()
                     .message(),
                 std::string("x.csv:2: value 0.5 does not match split_ratio 7-for-1"));
        QCOMPARE(parseCorporateActionsCsv(header + "2014-06-09,merger,1,\n", "X", "x.csv")
                     .error()
                     .message(),
                 std::string("x.csv:2: type must be split or dividend, got 'merger'"));
        QCOMPARE(parseCorporateActionsCsv(header + "2014-06-09,dividend,-1,\n", "X", "x.csv")
                     .error()
                     .message(),
                 std::string("x.csv:2: a dividend must be positive, got -1"));
        QCOMPARE(parseCorporateActionsCsv("ex_date,type,value\n", "X", "x.csv").error().message(),
                 std::string("x.csv:1: the header has no 'split_ratio' column"));
        QCOMPARE(parseCorporateActionsCsv(header + "2014-06-09,dividend,1,,\n", "X", "x.csv")
                     .error()
                     .message(),
                 std::string("x.csv:2: expected 4 fields, got 5"));
        const auto paid = parseCorporateActionsCsv("ex_date,type,value,split_ratio,pay_date\n"
                                                   "2014-08-07,dividend,0.47,,2014-08-14\n",
                                                   "X", "x.csv");
        QCOMPARE(paid->front().paymentDate(), (Date{2014, 8, 14}));
    }

    void adjustmentModes()
    {
        auto store = BarStore::open(":memory:");
        ImportOptions options;
        options.symbol = "AAPL";
        options.timeframe = *Timeframe::parse("1d");
        const std::string csv = std::string(MERIDIAN_SOURCE_DIR).append("/resources/data/daily/AAPL.csv");
        QVERIFY(importCsvFile(*store, csv, options).has_value());
        const auto dataset = *store->latestDataset("AAPL", "1d");
        const auto raw = *loadBars(*store, *dataset, InstrumentId(1), Timestamp::min(),
                                   Timestamp::max(), Adjustment::Raw);
        const auto withAdj = *loadBars(*store, *dataset, InstrumentId(1), Timestamp::min(),
                                       Timestamp::max(), Adjustment::TotalReturn);
        const auto actions = *readCorporateActionsCsv(fixtures + "AAPL.csv", "AAPL");

        const auto split = adjustBars(raw, actions, PriceAdjustment::SplitAdjusted);
        const auto at = [&](const std::vector<std::pair<Timestamp, BarData>> &bars, Date date) {
            for (const auto &[time, bar] : bars)
                if (time == dailyBarTimestamp(date))
                    return bar;
            qFatal("no bar on %s", date.toString().c_str());
        };
        // 2014-06-06 close 645.57 before the 7-for-1 and the 4-for-1: 645.57 / 28 = 23.05607143.
        QCOMPARE(at(split, Date{2014, 6, 6}).close, price("23.05607143"));
        // After both splits nothing changes: 2020-08-31 close 129.04.
        QCOMPARE(at(split, Date{2020, 8, 31}).close, price("129.04"));
        // Volume ×28: 12116671 × 28.
        QCOMPARE(at(split, Date{2014, 6, 6}).volume, Quantity::fromUnits(12116671LL * 28));
        const auto same = adjustBars(raw, actions, PriceAdjustment::Raw);
        QCOMPARE(same.size(), raw.size());
        QCOMPARE(same.front().second.close, raw.front().second.close);

        // Total return against the file's adj_close (made from LEAN's factor file, a different
        // route): within 2e-4 relative over the whole history (dividends there are rounded to
        // 4 decimals; the factors carry 7 digits).
        const auto total = adjustBars(raw, actions, PriceAdjustment::TotalReturn);
        double worst = 0;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            const double ours = total[i].second.close.toDouble();
            const double theirs = withAdj[i].second.close.toDouble();
            worst = std::max(worst, std::fabs(ours / theirs - 1));
        }
        QVERIFY2(worst < 2e-4, std::to_string(worst).c_str());
        QVERIFY(parsePriceAdjustment("split_adjusted").value() == PriceAdjustment::SplitAdjusted);
        QCOMPARE(
            parsePriceAdjustment("adjusted").error().message(),
            std::string("adjustment must be raw, split_adjusted or total_return, got 'adjusted'"));
    }

    void storeRoundTrip()
    {
        auto store = BarStore::open(":memory:");
        QVERIFY(loadCorporateActions(*store, "AAPL")->empty()); // no table yet
        const auto actions = *readCorporateActionsCsv(fixtures + "AAPL.csv", "AAPL");
        QVERIFY(storeCorporateActions(*store, "AAPL", actions).has_value());
        QCOMPARE(*loadCorporateActions(*store, "AAPL"), actions);
        QVERIFY(storeCorporateActions(*store, "AAPL", {actions.front()}).has_value()); // replaces
        QCOMPARE(loadCorporateActions(*store, "AAPL")->size(), std::size_t(1));
        QVERIFY(loadCorporateActions(*store, "SPY")->empty());
    }

    void portfolioSplitAndDividend()
    {
        const InstrumentId aapl(1);
        const Timestamp t = dailyBarTimestamp(Date{2014, 6, 3});
        Portfolio account(Money::fromUnits(100000));
        account.applyFill({aapl, Side::Buy, Quantity::fromUnits(100), price("628.47"), Money(), t});
        account.mark(aapl, price("645.57"));
        // 7-for-1: 700 shares, cost basis 62847 kept, average 628.47 / 7 = 89.78142857, last
        // price 645.57 / 7 = 92.22428571, cash 37153 unchanged, nothing sold.
        QCOMPARE(account.applySplit(aapl, 7, 1, t), Quantity());
        QCOMPARE(account.quantity(aapl), Quantity::fromUnits(700));
        QCOMPARE(account.position(aapl)->costBasis, Money::fromUnits(62847));
        QCOMPARE(account.position(aapl)->averagePrice(), price("89.78142857"));
        QCOMPARE(account.position(aapl)->lastPrice, price("92.22428571"));
        QCOMPARE(account.cash(), Money::fromUnits(37153));
        // Dividend 0.47 × 700 = 329.
        account.applyDividend(Quantity::fromUnits(700) * price("0.47"));
        QCOMPARE(account.cash(), Money::fromUnits(37482));
        QCOMPARE(account.dividends(), Money::fromUnits(329));
        QCOMPARE(account.equity(), account.initialCash() + account.realizedPnl()
                                       + account.unrealizedPnl() - account.totalCommission()
                                       + account.dividends());

        // 3-for-2 on 101 shares at 30: 151.5 → 151 kept, 0.5 sold at 20 for 10 in cash.
        const InstrumentId xyz(2);
        Portfolio small(Money::fromUnits(10000));
        small.applyFill({xyz, Side::Buy, Quantity::fromUnits(101), price("30"), Money(), t});
        QCOMPARE(small.applySplit(xyz, 3, 2, t), *Quantity::parse("0.5"));
        QCOMPARE(small.quantity(xyz), Quantity::fromUnits(151));
        QCOMPARE(small.cash(), Money::fromUnits(10000 - 3030 + 10));
        // Cost basis 3030 × (0.5 / 151.5) = 10 realized against 10 proceeds: no PnL.
        QCOMPARE(small.realizedPnl(), Money());
        QCOMPARE(small.position(xyz)->costBasis, Money::fromUnits(3020));
        QCOMPARE(small.equity(), small.cash() + Quantity::fromUnits(151) * price("20"));
    }
};

QTEST_APPLESS_MAIN(TestCorporateActions)
#include "tst_corporateactions.moc"
