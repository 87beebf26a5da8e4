#include "ui/runsmodel.h"

#include "ui/formatting.h"

namespace meridian::ui {

void RunsModel::add(RunRecord run)
{
    const int row = static_cast<int>(m_runs.size());
    beginInsertRows({}, row, row);
    m_runs.push_back(std::move(run));
    endInsertRows();
}

const RunRecord *RunsModel::run(int row) const
{
    return row >= 0 && row < static_cast<int>(m_runs.size()) ? &m_runs[static_cast<std::size_t>(row)] : nullptr;
}

QStringList RunsModel::headers() const
{
    return {tr("#"), tr("Strategy"), tr("Config"), tr("State"), tr("Return"), tr("Sharpe"), tr("Max DD"),
            tr("Trades")};
}

RecordTableModel::Cell RunsModel::cell(int row, int column) const
{
    const RunRecord &run = m_runs[static_cast<std::size_t>(row)];
    const bool hasReport = !run.report.isEmpty();
    switch (column) {
    case Number:
        return figure(QString::number(run.number), run.number);
    case Strategy:
        return text(run.strategy);
    case Config:
        return text(run.configName);
    case State: {
        Cell c = text(runStateName(run.outcome->state));
        c.sign = run.outcome->state == RunState::Completed ? 0 : -1;
        c.toolTip = run.outcome->message;
        return c;
    }
    case TotalReturn: {
        const double value = run.report.value(QStringLiteral("total_return")).toDouble();
        return figure(hasReport ? format::percent(value) : QString(), value, format::sign(value));
    }
    case Sharpe: {
        const double value = run.report.value(QStringLiteral("sharpe")).toDouble();
        return figure(hasReport ? format::number(value, 2) : QString(), value, format::sign(value));
    }
    case MaxDrawdown: {
        const double value = run.report.value(QStringLiteral("max_drawdown")).toDouble();
        return figure(hasReport ? format::percent(value) : QString(), value, value > 0.0 ? -1 : 0);
    }
    case Trades: {
        const qint64 value = run.report.value(QStringLiteral("trades")).toInteger();
        return figure(hasReport ? format::integer(value) : QString(), value);
    }
    default:
        return {};
    }
}

} // namespace meridian::ui
