#pragma once

// The outputs of `meridian backtest`: a readable summary table, the JSON report (keys listed in
// docs/metrics.md; money as exact decimal strings, ratios as numbers), and the equity and trade
// CSV files. Apart from elapsed_s and events_per_s the JSON is a pure function of the result, so
// the same config and data give byte-identical reports.

#include "engine/control/backtestrunner.h"

#include <string>

namespace meridian::engine {

std::string backtestJson(const BacktestResult &result);
std::string backtestSummary(const BacktestResult &result);
// timestamp,equity,gross_exposure,drawdown — one row per instant.
std::string equityCsv(const BacktestResult &result);
// symbol,side,qty,entry_time,entry_price,exit_time,exit_price,pnl,commission
std::string tradesCsv(const BacktestResult &result);
// One row per order of the run (needs BacktestOptions::retainOrderLog), with its execution
// analytics; the header names every column (docs/metrics.md, "Orders CSV").
std::string ordersCsv(const BacktestResult &result);
std::string_view toString(EventLoop::Outcome outcome);
// Money with thousands separators, cents cut off, as the summary shows it: 1234567.891 ->
// "1,234,567.89".
std::string moneyText(Money money);

} // namespace meridian::engine
