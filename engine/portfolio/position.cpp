#include "engine/portfolio/position.h"

namespace meridian::engine {

Price Position::averagePrice() const
{
    if (quantity.isZero())
        return {};
    return meridian::engine::averagePrice(costBasis, quantity);
}

Money Position::marketValue() const
{
    return quantity * lastPrice;
}

Money Position::unrealizedPnl() const
{
    return marketValue() - costBasis;
}

} // namespace meridian::engine
