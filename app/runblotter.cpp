#include "runblotter.h"

#include "engine/control/backtestreport.h"
#include "engine/control/strategyrunner.h"
#include "engine/core/civiltime.h"

#include <algorithm>

namespace meridian::app {

using namespace meridian::engine;

namespace {

// New York wall-clock time to the millisecond: "2013-10-04 10:31:00.000".
std::string timeText(Timestamp time)
{
    std::string text = formatNewYork(time);
    const std::size_t dot = text.find('.');
    if (dot == std::string::npos)
        return text.append(".000");
    text.resize(std::min(text.size(), dot + 4));
    return text.append(dot + 4 - text.size(), '0');
}

// What an order event says, after "<time>  #<id> <symbol> <side>  ".
std::string happened(const Event &event)
{
    const OrderEventData &order = event.order();
    const auto reason = [&](std::string text) {
        if (!order.reason.view().empty())
            text.append(": ").append(order.reason.view());
        return text;
    };
    const auto fill = [&](const char *what) {
        return std::string(what)
            .append(" ")
            .append(order.lastQuantity.toString())
            .append(" @ ")
            .append(order.lastPrice.toString(2))
            .append(" (")
            .append(order.filledQuantity.toString())
            .append(" done, ")
            .append(order.leavesQuantity.toString())
            .append(" left)");
    };
    switch (event.type) {
    case EventType::OrderPendingNew:
        return "sent";
    case EventType::OrderAccepted:
        return "accepted, " + order.leavesQuantity.toString() + " working";
    case EventType::OrderRejected:
        return reason("REJECTED");
    case EventType::OrderPartiallyFilled:
        return fill("partially filled");
    case EventType::OrderFilled:
        return fill("filled");
    case EventType::OrderCancelled:
        return reason("canceled");
    case EventType::OrderExpired:
        return reason("expired");
    case EventType::OrderPendingCancel:
        return "cancel requested";
    case EventType::OrderPendingReplace:
        return "replace requested";
    case EventType::OrderReplaced:
        return "replaced by #" + std::to_string(order.linkedOrder.value());
    case EventType::OrderDoneForDay:
        return "done for the day";
    case EventType::OrderCancelRejected:
        return reason("cancel refused");
    case EventType::OrderReplaceRejected:
        return reason("replace refused");
    default:
        return {};
    }
}

} // namespace

RunBlotter::RunBlotter(std::ostream &out, std::vector<std::string> symbols)
    : m_out(out)
    , m_symbols(std::move(symbols))
{}

std::string RunBlotter::symbol(InstrumentId instrument) const
{
    const std::size_t index = instrument.value();
    return index >= 1 && index <= m_symbols.size() ? m_symbols[index - 1]
                                                   : "#" + std::to_string(index);
}

void RunBlotter::record(const Event &event)
{
    if (event.type == EventType::RiskAlert) {
        m_out << timeText(event.timestamp) << "  RISK " << event.riskAlert().message.view()
              << (event.riskAlert().flattened ? " (flattened)" : "") << "\n"
              << std::flush;
        return;
    }
    if (event.eventClass() != EventClass::Order)
        return;
    const std::string what = happened(event);
    if (what.empty())
        return;
    const OrderEventData &order = event.order();
    m_out << timeText(event.timestamp) << "  #" << order.orderId.value() << " "
          << symbol(order.instrument) << " " << toString(order.side) << "  " << what << "\n"
          << std::flush;
    m_filledThisInstant = m_filledThisInstant || event.type == EventType::OrderFilled
                          || event.type == EventType::OrderPartiallyFilled;
}

void RunBlotter::onInstantEnd(Timestamp time, const TradingEngine &engine)
{
    if (!m_filledThisInstant)
        return;
    m_filledThisInstant = false;
    Money equity;
    std::vector<Quantity> positions(m_symbols.size());
    for (const auto &runner : engine.strategies()) {
        equity = equity + runner->portfolio().equity();
        for (std::size_t i = 0; i < positions.size(); ++i)
            positions[i] = positions[i] + runner->portfolio().position(InstrumentId(i + 1));
    }
    m_out << timeText(time) << "  equity " << moneyText(equity);
    for (std::size_t i = 0; i < positions.size(); ++i) {
        if (!positions[i].isZero())
            m_out << " | " << m_symbols[i] << " " << (positions[i].isNegative() ? "" : "+")
                  << positions[i].toString();
    }
    m_out << "\n" << std::flush;
}

} // namespace meridian::app
