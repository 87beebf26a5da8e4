#include "ui/metricsmodel.h"

#include "ui/formatting.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace meridian::ui {

namespace {

// The report's own key order (backtestreport.cpp); keys not listed follow alphabetically.
const QStringList &reportOrder()
{
    static const QStringList order{
        QStringLiteral("strategy"), QStringLiteral("symbols"), QStringLiteral("start"), QStringLiteral("end"),
        QStringLiteral("bars"), QStringLiteral("events_processed"), QStringLiteral("initial_equity"),
        QStringLiteral("final_equity"), QStringLiteral("total_return"), QStringLiteral("cagr"),
        QStringLiteral("volatility"), QStringLiteral("sharpe"), QStringLiteral("sortino"),
        QStringLiteral("max_drawdown"), QStringLiteral("max_drawdown_duration_days"),
        QStringLiteral("max_drawdown_peak"), QStringLiteral("max_drawdown_trough"), QStringLiteral("trades"),
        QStringLiteral("win_rate"), QStringLiteral("profit_factor"), QStringLiteral("exposure"),
        QStringLiteral("commission"), QStringLiteral("elapsed_s"), QStringLiteral("events_per_s"),
        QStringLiteral("dataset_versions"), QStringLiteral("timeframe"), QStringLiteral("fill_at"),
        QStringLiteral("adjustment"), QStringLiteral("risk_free_rate"), QStringLiteral("periods_per_year"),
        QStringLiteral("outcome"), QStringLiteral("orders"), QStringLiteral("orders_rejected"),
        QStringLiteral("fills"), QStringLiteral("execution"), QStringLiteral("orders_finished"),
        QStringLiteral("filled"), QStringLiteral("partially_filled"), QStringLiteral("canceled"),
        QStringLiteral("expired"), QStringLiteral("replaced"), QStringLiteral("rejected"),
        QStringLiteral("fill_rate"), QStringLiteral("rejections_by_reason"), QStringLiteral("avg_slippage_bps"),
        QStringLiteral("p95_slippage_bps"), QStringLiteral("avg_latency_ms"), QStringLiteral("name"),
        QStringLiteral("state"), QStringLiteral("fault"), QStringLiteral("strategies")};
    return order;
}

QStringList orderedKeys(const QJsonObject &object)
{
    QStringList keys = object.keys(); // alphabetical
    std::stable_sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) {
        const auto rank = [](const QString &key) {
            const qsizetype i = reportOrder().indexOf(key);
            return i < 0 ? reportOrder().size() : i;
        };
        return rank(a) < rank(b);
    });
    return keys;
}

enum class Kind { Text, Percent, Money, Ratio, Integer, Time, Seconds, Rate, Days, Bps, Milliseconds };

Kind kindOf(const QString &field)
{
    static const QStringList percent{"total_return", "cagr", "volatility", "max_drawdown", "win_rate",
                                     "exposure", "risk_free_rate", "fill_rate"};
    static const QStringList money{"initial_equity", "final_equity", "commission"};
    static const QStringList ratio{"sharpe", "sortino", "profit_factor"};
    static const QStringList integer{"bars", "events_processed", "trades", "orders", "orders_rejected",
                                     "fills", "periods_per_year", "orders_finished", "filled",
                                     "partially_filled", "canceled", "expired", "replaced", "rejected",
                                     "rejections"};
    if (field.endsWith(QLatin1String("_bps")))
        return Kind::Bps;
    if (field.endsWith(QLatin1String("_ms")))
        return Kind::Milliseconds;
    static const QStringList time{"start", "end", "max_drawdown_peak", "max_drawdown_trough"};
    if (percent.contains(field))
        return Kind::Percent;
    if (money.contains(field))
        return Kind::Money;
    if (ratio.contains(field))
        return Kind::Ratio;
    if (integer.contains(field))
        return Kind::Integer;
    if (time.contains(field))
        return Kind::Time;
    if (field == QLatin1String("elapsed_s"))
        return Kind::Seconds;
    if (field == QLatin1String("events_per_s"))
        return Kind::Rate;
    if (field == QLatin1String("max_drawdown_duration_days"))
        return Kind::Days;
    return Kind::Text;
}

// Whether a higher value is good (+1), bad (-1), or neither (0), for the sign colour.
int colourSense(const QString &field)
{
    static const QStringList good{"total_return", "cagr", "sharpe", "sortino"};
    if (good.contains(field))
        return 1;
    if (field == QLatin1String("max_drawdown"))
        return -1;
    return 0;
}

} // namespace

bool MetricsModel::setReport(const QString &title, const QByteArray &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject())
        return false;
    setReports({{title, document.object()}});
    return true;
}

void MetricsModel::setReports(std::vector<std::pair<QString, QJsonObject>> reports)
{
    beginResetModel();
    m_reports = std::move(reports);
    buildRows();
    endResetModel();
}

QString MetricsModel::keyAt(int row) const
{
    return row >= 0 && row < static_cast<int>(m_rows.size()) ? m_rows[static_cast<std::size_t>(row)].key
                                                              : QString();
}

int MetricsModel::rowOf(const QString &key) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].key == key)
            return static_cast<int>(i);
    }
    return -1;
}

void MetricsModel::buildRows()
{
    m_rows.clear();
    if (m_reports.empty())
        return;
    const QJsonObject &first = m_reports.front().second;
    static const QHash<QString, const char *> labels{
        {"strategy", QT_TR_NOOP("Strategy")},
        {"symbols", QT_TR_NOOP("Symbols")},
        {"start", QT_TR_NOOP("Start")},
        {"end", QT_TR_NOOP("End")},
        {"bars", QT_TR_NOOP("Bars")},
        {"events_processed", QT_TR_NOOP("Events processed")},
        {"initial_equity", QT_TR_NOOP("Initial equity")},
        {"final_equity", QT_TR_NOOP("Final equity")},
        {"total_return", QT_TR_NOOP("Total return")},
        {"cagr", QT_TR_NOOP("CAGR")},
        {"volatility", QT_TR_NOOP("Volatility (ann.)")},
        {"sharpe", QT_TR_NOOP("Sharpe ratio")},
        {"sortino", QT_TR_NOOP("Sortino ratio")},
        {"max_drawdown", QT_TR_NOOP("Max drawdown")},
        {"max_drawdown_duration_days", QT_TR_NOOP("Max drawdown duration")},
        {"max_drawdown_peak", QT_TR_NOOP("Max drawdown peak")},
        {"max_drawdown_trough", QT_TR_NOOP("Max drawdown trough")},
        {"trades", QT_TR_NOOP("Closed trades")},
        {"win_rate", QT_TR_NOOP("Win rate")},
        {"profit_factor", QT_TR_NOOP("Profit factor")},
        {"exposure", QT_TR_NOOP("Exposure")},
        {"commission", QT_TR_NOOP("Commission")},
        {"elapsed_s", QT_TR_NOOP("Elapsed")},
        {"events_per_s", QT_TR_NOOP("Throughput")},
        {"dataset_versions", QT_TR_NOOP("Dataset")},
        {"timeframe", QT_TR_NOOP("Timeframe")},
        {"fill_at", QT_TR_NOOP("Fill at")},
        {"adjustment", QT_TR_NOOP("Price adjustment")},
        {"risk_free_rate", QT_TR_NOOP("Risk-free rate")},
        {"periods_per_year", QT_TR_NOOP("Periods per year")},
        {"outcome", QT_TR_NOOP("Outcome")},
        {"orders", QT_TR_NOOP("Orders")},
        {"orders_rejected", QT_TR_NOOP("Orders rejected")},
        {"fills", QT_TR_NOOP("Fills")},
        {"name", QT_TR_NOOP("Name")},
        {"state", QT_TR_NOOP("State")},
        {"fault", QT_TR_NOOP("Fault")},
        {"execution", QT_TR_NOOP("Execution")},
        {"orders_finished", QT_TR_NOOP("Orders finished")},
        {"filled", QT_TR_NOOP("Filled")},
        {"partially_filled", QT_TR_NOOP("Partially filled")},
        {"canceled", QT_TR_NOOP("Canceled")},
        {"expired", QT_TR_NOOP("Expired")},
        {"replaced", QT_TR_NOOP("Replaced")},
        {"rejected", QT_TR_NOOP("Rejected")},
        {"fill_rate", QT_TR_NOOP("Fill rate")},
        {"rejections_by_reason", QT_TR_NOOP("Rejections")},
        {"avg_slippage_bps", QT_TR_NOOP("Avg slippage vs arrival")},
        {"p95_slippage_bps", QT_TR_NOOP("95th pct slippage vs arrival")},
        {"avg_latency_ms", QT_TR_NOOP("Avg latency")},
    };
    const auto label = [](const QString &field) {
        const auto found = labels.find(field);
        return found == labels.end() ? field : tr(found.value());
    };
    for (const QString &key : orderedKeys(first)) {
        if (key == QLatin1String("trade_list"))
            continue;
        const QJsonValue value = first.value(key);
        if (key == QLatin1String("dataset_versions") && value.isArray()) {
            const QJsonArray datasets = value.toArray();
            for (qsizetype i = 0; i < datasets.size(); ++i)
                m_rows.push_back({QStringLiteral("%1[%2]").arg(key).arg(i), key, label(key)});
            continue;
        }
        if (key == QLatin1String("strategies") && value.isArray()) {
            const QJsonArray strategies = value.toArray();
            for (qsizetype i = 0; i < strategies.size(); ++i) {
                const QJsonObject strategy = strategies.at(i).toObject();
                const QString name = strategy.value(QStringLiteral("name")).toString();
                for (const QString &field : orderedKeys(strategy)) {
                    m_rows.push_back({QStringLiteral("strategies[%1].%2").arg(i).arg(field), field,
                                      name + QStringLiteral(" · ") + label(field)});
                }
            }
            continue;
        }
        if (value.isObject()) { // a section ("execution"): one row per leaf
            flattenSection(first.value(key).toObject(), key, label(key), label);
            continue;
        }
        m_rows.push_back({key, key, label(key)});
    }
}

template <typename Label>
void MetricsModel::flattenSection(const QJsonObject &section, const QString &path, const QString &title,
                                  const Label &label)
{
    for (const QString &field : orderedKeys(section)) {
        const QJsonValue value = section.value(field);
        const QString key = path + QLatin1Char('.') + field;
        if (field == QLatin1String("rejections_by_reason") && value.isObject()) {
            const QJsonObject reasons = value.toObject();
            if (reasons.isEmpty()) // no rejection: one row saying so
                m_rows.push_back({key, field, title + QStringLiteral(" · ") + label(field)});
            for (auto it = reasons.begin(); it != reasons.end(); ++it) {
                m_rows.push_back({key + QLatin1Char('.') + it.key(), QStringLiteral("rejections"),
                                  title + QStringLiteral(" · ") + tr("Rejected: %1").arg(it.key())});
            }
            continue;
        }
        if (value.isObject()) {
            flattenSection(value.toObject(), key, title + QStringLiteral(" · ") + label(field), label);
            continue;
        }
        m_rows.push_back({key, field, title + QStringLiteral(" · ") + label(field)});
    }
}

QJsonValue MetricsModel::valueAt(const QJsonObject &report, const QString &key) const
{
    // name, an optional [index], then any number of .field steps ("execution.fill_rate").
    static const QRegularExpression path(QStringLiteral(R"(^(\w+)(?:\[(\d+)\])?((?:\.[^.\[\]]+)*)$)"));
    const QRegularExpressionMatch match = path.match(key);
    if (!match.hasMatch())
        return {};
    QJsonValue value = report.value(match.captured(1));
    if (!match.captured(2).isEmpty())
        value = value.toArray().at(match.captured(2).toInt());
    const QStringList fields = match.captured(3).split(QLatin1Char('.'), Qt::SkipEmptyParts);
    for (const QString &field : fields)
        value = value.toObject().value(field);
    return value;
}

QStringList MetricsModel::headers() const
{
    QStringList titles{tr("Metric")};
    for (const auto &report : m_reports)
        titles << report.first;
    return titles;
}

RecordTableModel::Cell MetricsModel::cell(int row, int column) const
{
    const Row &r = m_rows[static_cast<std::size_t>(row)];
    if (column == 0) {
        Cell c = text(r.label);
        c.toolTip = r.key;
        c.raw = r.key;
        return c;
    }
    const std::size_t run = static_cast<std::size_t>(column - 1);
    if (run >= m_reports.size())
        return {};
    const QJsonValue value = valueAt(m_reports[run].second, r.key);
    Cell c;
    c.raw = QVariant::fromValue(value);
    c.figure = value.isDouble();
    if (value.isNull() || value.isUndefined()) {
        c.text = value.isNull() ? QStringLiteral("—") : QString();
        return c;
    }
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &item : value.toArray())
            parts << item.toVariant().toString();
        c.text = parts.join(QStringLiteral(", "));
        return c;
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) { // an empty section, e.g. no rejections
            c.text = tr("none");
        } else if (object.contains(QStringLiteral("rows"))) { // a dataset version
            c.text = tr("%1 %2 v%3 (%4 rows)")
                         .arg(object.value(QStringLiteral("symbol")).toString(),
                              object.value(QStringLiteral("timeframe")).toString())
                         .arg(object.value(QStringLiteral("version")).toInt())
                         .arg(format::integer(object.value(QStringLiteral("rows")).toInteger()));
        } else { // a strategy fault
            c.text = object.value(QStringLiteral("callback")).toString() + QStringLiteral(": ")
                     + object.value(QStringLiteral("message")).toString();
            c.sign = -1;
        }
        c.toolTip = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
        return c;
    }
    const int sense = colourSense(r.field);
    switch (kindOf(r.field)) {
    case Kind::Percent:
        c.text = format::percent(value.toDouble());
        c.sort = value.toDouble();
        c.sign = sense * format::sign(value.toDouble());
        break;
    case Kind::Money: {
        const QString decimal = value.toString();
        const auto amount = engine::Money::parse(decimal.toStdString());
        c.text = amount ? format::money(*amount) : decimal;
        c.toolTip = decimal; // the exact amount
        c.sort = decimal.toDouble();
        c.figure = true;
        break;
    }
    case Kind::Ratio:
        c.text = format::number(value.toDouble(), 2);
        c.sort = value.toDouble();
        c.sign = sense * format::sign(value.toDouble());
        break;
    case Kind::Integer:
        c.text = format::integer(value.toInteger());
        c.sort = value.toInteger();
        break;
    case Kind::Time:
        c.text = format::isoTime(value.toString());
        c.sort = value.toString();
        c.toolTip = value.toString();
        break;
    case Kind::Seconds:
        c.text = tr("%1 s").arg(format::number(value.toDouble(), 3));
        c.sort = value.toDouble();
        break;
    case Kind::Rate:
        c.text = tr("%1 events/s").arg(format::integer(static_cast<qint64>(value.toDouble())));
        c.sort = value.toDouble();
        break;
    case Kind::Bps:
        c.text = tr("%1 bps").arg(format::number(value.toDouble(), 2));
        c.sort = value.toDouble();
        break;
    case Kind::Milliseconds:
        c.text = tr("%1 ms").arg(format::number(value.toDouble(), 2));
        c.sort = value.toDouble();
        break;
    case Kind::Days:
        c.text = tr("%1 days").arg(format::integer(value.toInteger()));
        c.sort = value.toInteger();
        break;
    case Kind::Text:
        c.text = value.isString() ? value.toString() : value.toVariant().toString();
        if (r.field == QLatin1String("outcome") || r.field == QLatin1String("state"))
            c.sign = (c.text == QLatin1String("faulted") || c.text == QLatin1String("cancelled")) ? -1 : 0;
        break;
    }
    if (!c.sort.isValid())
        c.sort = c.text;
    return c;
}

} // namespace meridian::ui
