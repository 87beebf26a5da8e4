#pragma once

// The `quantity` parameter shared by the strategies that trade a fixed number of shares.

#include "engine/core/money.h"
#include "engine/sdk/parameters.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace meridian::strategies {

// The positive `quantity` parameter as a Quantity; std::invalid_argument names the strategy.
inline engine::Quantity positiveQuantityParameter(const engine::Parameters &parameters,
                                                  std::string_view strategy)
{
    const double quantity = parameters.number("quantity");
    if (!(quantity > 0.0))
        throw std::invalid_argument(std::string(strategy).append(": quantity must be positive, got ")
                                    + engine::formatParamValue(quantity));
    return engine::Quantity::fromDouble(quantity);
}

} // namespace meridian::strategies
