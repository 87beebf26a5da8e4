#pragma once

// The session's runs: every finished run (completed, cancelled, faulted or failed) stays here,
// newest last, so two can be overlaid and compared.

#include "ui/recordtablemodel.h"
#include "ui/runsnapshot.h"

#include <QJsonObject>

#include <vector>

namespace meridian::ui {

struct RunRecord
{
    int number = 0;
    QString strategy;   // the strategies' names
    QString configName; // the config file's name
    QString configYaml; // the config text the run used (for the report)
    OutcomePtr outcome;
    QJsonObject report; // the parsed backtest JSON (empty when the run failed)
};

class RunsModel : public RecordTableModel
{
    Q_OBJECT

public:
    enum Column { Number, Strategy, Config, State, TotalReturn, Sharpe, MaxDrawdown, Trades };

    using RecordTableModel::RecordTableModel;

    void add(RunRecord run);
    const RunRecord *run(int row) const;
    const std::vector<RunRecord> &runs() const { return m_runs; }

protected:
    int recordCount() const override { return static_cast<int>(m_runs.size()); }
    QStringList headers() const override;
    Cell cell(int row, int column) const override;

private:
    std::vector<RunRecord> m_runs;
};

} // namespace meridian::ui
