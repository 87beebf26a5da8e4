#include "strategies/sixtyforty.h"

#include <stdexcept>
#include <string>

namespace meridian::strategies {

using namespace meridian::engine;

ParameterSchema SixtyForty::schema()
{
    ParameterSchema schema;
    schema.number(
        "stock_weight", 0.6, 0.0, 1.0,
        "fraction of equity in the first symbol (the stock); the rest goes to the second");
    return schema;
}

SixtyForty::SixtyForty(const Parameters &parameters)
    : m_stockWeight(parameters.number("stock_weight"))
{}

void SixtyForty::onStart(Context &ctx)
{
    const auto instruments = ctx.instruments();
    if (instruments.size() != 2)
        throw std::invalid_argument("sixty_forty needs exactly two symbols (stock, then bond), got "
                                    + std::to_string(instruments.size()));
    m_stock = instruments[0];
    m_bond = instruments[1];
    m_invested = false;
    m_lastRebalance = Date{0, 1, 1};
}

bool SixtyForty::hasBarNow(const Context &ctx, InstrumentId instrument) const
{
    const BarSeries last = ctx.history(instrument, 1);
    return !last.empty() && last.back().time == ctx.now();
}

void SixtyForty::generateOrders(Context &ctx, OrderList &orders)
{
    if (!hasBarNow(ctx, m_stock) || !hasBarNow(ctx, m_bond))
        return;
    const Date today = toNewYork(ctx.now()).date;
    if (m_invested) {
        // Daily bars are stamped at 16:00 New York, at or after any session's close; with
        // intraday bars this picks the first bar that ends at or after the close, and only once.
        const NyseCalendar &calendar = ctx.calendar();
        if (today == m_lastRebalance || !calendar.isLastSessionOfMonth(today)
            || ctx.now() < calendar.sessionClose(today))
            return;
    }
    m_invested = true;
    m_lastRebalance = today;
    orders.push_back(OrderIntent::targetPercent(m_stock, m_stockWeight));
    orders.push_back(OrderIntent::targetPercent(m_bond, 1.0 - m_stockWeight));
}

} // namespace meridian::strategies
