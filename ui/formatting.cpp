#include "ui/formatting.h"

#include "engine/core/civiltime.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <cmath>

namespace meridian::ui::format {

QString groupDecimal(const QString &decimal)
{
    const QLocale locale;
    const bool negative = decimal.startsWith(QLatin1Char('-'));
    const QString body = negative ? decimal.mid(1) : decimal;
    const qsizetype dot = body.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? body : body.left(dot);
    const QString fraction = dot < 0 ? QString() : body.mid(dot + 1);
    QString grouped;
    for (qsizetype i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0)
            grouped += locale.groupSeparator();
        grouped += whole.at(i);
    }
    QString text = negative ? QLatin1Char('-') + grouped : grouped;
    if (!fraction.isEmpty())
        text += locale.decimalPoint() + fraction;
    return text;
}

namespace {

// Exactly `decimals` decimals, rounded half-even from the exact fixed-point value.
template <typename Fixed>
QString rounded(Fixed value, int decimals)
{
    std::int64_t step = 1;
    for (int i = decimals; i < Fixed::decimals; ++i)
        step *= 10;
    const std::int64_t raw
        = engine::detail::mulDiv(value.raw(), 1, step, engine::detail::Rounding::HalfEven) * step;
    return groupDecimal(QString::fromStdString(Fixed::fromRaw(raw).toString(decimals)));
}

} // namespace

QString money(engine::Money value)
{
    // To the cent: slippage and fees make sub-cent amounts the tables need not show.
    return rounded(value, 2);
}

QString price(engine::Price value)
{
    // Cents, so a column lines up (slippage has its own column, in bps); sub-dollar prices
    // keep four decimals.
    return rounded(value, value.abs() < engine::Price::fromUnits(1) ? 4 : 2);
}

QString quantity(engine::Quantity value)
{
    return groupDecimal(QString::fromStdString(value.toString()));
}

QString number(double value, int decimals)
{
    return groupDecimal(QString::number(value, 'f', decimals));
}

QString integer(qint64 value)
{
    return groupDecimal(QString::number(value));
}

QString percent(double fraction)
{
    return number(fraction * 100.0, 2) + QStringLiteral(" %");
}

QString time(engine::Timestamp utc)
{
    const std::string text = engine::formatNewYork(utc); // "2021-03-31 16:00:00"
    return QString::fromStdString(text.substr(0, 16));
}

QString isoTime(const QString &iso)
{
    const auto parsed = engine::parseTimestamp(iso.toStdString(), engine::LocalZone::Utc);
    return parsed ? time(*parsed) : iso;
}

double chartTime(engine::Timestamp utc)
{
    return static_cast<double>(utc.unixNanos() + engine::newYorkUtcOffset(utc).count()) * 1e-9;
}

QString chartTimeText(double x)
{
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(std::llround(x * 1000.0)), QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

int sign(double value)
{
    return value > 0.0 ? 1 : (value < 0.0 ? -1 : 0);
}

} // namespace meridian::ui::format
