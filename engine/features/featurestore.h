#pragma once

// FeatureStore: the features one strategy reads during a run, computed incrementally from the
// bars as they arrive (the same code in backtest, paper and live), so a value can never come
// from a bar stamped after now. Only subscribed features are computed (lazily: nothing is done
// for a feature nobody asked for); a feature of a feature subscribes its input first and shares
// it with anyone else who asked for the same spec.
//
//     FeatureStore store(registry);
//     store.setInstruments(instruments);
//     FeatureHandle rsi = *store.subscribe("rsi", {{"period", 14}});
//     store.onBar(time, bar);                       // the engine, for every delivered bar
//     std::optional<double> v = store.value(rsi, bar.instrument);   // nullopt while warming up
//
// Validation: a value that is NaN/Inf or outside the definition's range is withheld (the
// feature reads as not ready) and reported once per feature and instrument with the time.

#include "engine/core/event.h"
#include "engine/features/featureregistry.h"
#include "engine/sdk/featurehandle.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace meridian::engine {

struct FeatureIssue
{
    std::string feature; // version string
    InstrumentId instrument;
    Timestamp time;
    std::string message;
};

class FeatureStore
{
public:
    explicit FeatureStore(const FeatureRegistry &registry);

    // The instruments bars will arrive for (before subscribing).
    void setInstruments(std::span<const InstrumentId> instruments);

    // The same name and parameters give the same handle.
    Result<FeatureHandle> subscribe(std::string_view name, const IndicatorParams &params);
    std::optional<FeatureHandle> find(std::string_view name, const IndicatorParams &params) const;

    // Advances every subscription of the bar's instrument; no allocation.
    void onBar(Timestamp time, const BarData &bar);
    // Feeds one bar to `handle` and its inputs only, to warm a late subscription up from the
    // bars already kept (oldest first). A subscription made after the first bar gets its own
    // input chain, so this never feeds a bar twice to a shared input.
    void warmUp(FeatureHandle handle, Timestamp time, const BarData &bar);

    // The latest value for the instrument, once ready and valid.
    std::optional<double> value(FeatureHandle handle, InstrumentId instrument) const;
    // Time of the bar that produced value(); Timestamp::min() before any.
    Timestamp valueTime(FeatureHandle handle, InstrumentId instrument) const;
    const FeatureSpec &spec(FeatureHandle handle) const { return m_nodes[handle.index].spec; }
    std::size_t size() const { return m_nodes.size(); }
    // Version strings of every subscription (inputs included), in subscription order.
    std::vector<std::string> versions() const;
    const std::vector<FeatureIssue> &issues() const { return m_issues; }

private:
    struct Slot
    {
        std::unique_ptr<Indicator> indicator;
        double value = 0;
        Timestamp time = Timestamp::min();
        bool valid = false;
        bool reported = false;
    };
    struct Node
    {
        FeatureSpec spec;
        int input = -1;          // node index of the input feature
        std::vector<Slot> perInstrument; // by InstrumentId value
    };

    Result<std::uint32_t> subscribeSpec(const FeatureSpec &spec);
    void step(Node &node, Timestamp time, const BarData &bar);

    const FeatureRegistry &m_registry;
    std::size_t m_slotCount = 1;
    std::vector<InstrumentId> m_instruments;
    std::vector<Node> m_nodes; // inputs before the features that read them
    std::vector<FeatureIssue> m_issues;
    bool m_started = false; // a bar has been processed
};

} // namespace meridian::engine
