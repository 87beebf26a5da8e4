#include "engine/features/featurestore.h"

#include "engine/core/civiltime.h"

#include <cmath>

namespace meridian::engine {

FeatureStore::FeatureStore(const FeatureRegistry &registry)
    : m_registry(registry)
{}

void FeatureStore::setInstruments(std::span<const InstrumentId> instruments)
{
    m_instruments.assign(instruments.begin(), instruments.end());
    for (const InstrumentId instrument : instruments)
        if (instrument.value() + 1 > m_slotCount)
            m_slotCount = instrument.value() + 1;
}

Result<FeatureHandle> FeatureStore::subscribe(std::string_view name, const IndicatorParams &params)
{
    Result<FeatureSpec> spec = m_registry.resolve(name, params);
    if (!spec)
        return spec.error();
    Result<std::uint32_t> index = subscribeSpec(*spec);
    if (!index)
        return index.error();
    return FeatureHandle{*index};
}

std::optional<FeatureHandle> FeatureStore::find(std::string_view name,
                                                const IndicatorParams &params) const
{
    for (std::uint32_t i = 0; i < m_nodes.size(); ++i) {
        const FeatureSpec &spec = m_nodes[i].spec;
        if (spec.name() == name && spec.params() == params)
            return FeatureHandle{i};
    }
    // Parameters left at their defaults match too.
    Result<FeatureSpec> spec = m_registry.resolve(name, params);
    if (!spec)
        return std::nullopt;
    for (std::uint32_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].spec.version() == spec->version())
            return FeatureHandle{i};
    return std::nullopt;
}

Result<std::uint32_t> FeatureStore::subscribeSpec(const FeatureSpec &spec)
{
    // Once bars have flowed an existing node is ahead of a new subscription's warm-up.
    for (std::uint32_t i = 0; i < m_nodes.size() && !m_started; ++i)
        if (m_nodes[i].spec.version() == spec.version())
            return i;
    int input = -1;
    if (spec.input() != nullptr) {
        Result<std::uint32_t> inputIndex = subscribeSpec(*spec.input());
        if (!inputIndex)
            return inputIndex.error();
        input = static_cast<int>(*inputIndex);
    }
    Node node;
    node.spec = spec;
    node.input = input;
    node.perInstrument.resize(m_slotCount);
    for (const InstrumentId instrument : m_instruments) {
        Result<std::unique_ptr<Indicator>> indicator = m_registry.createIndicator(spec);
        if (!indicator)
            return indicator.error().withContext("feature " + quoted(spec.version()));
        node.perInstrument[instrument.value()].indicator = std::move(*indicator);
    }
    m_nodes.push_back(std::move(node));
    return static_cast<std::uint32_t>(m_nodes.size() - 1);
}

void FeatureStore::step(Node &node, Timestamp time, const BarData &bar)
{
    const std::size_t id = bar.instrument.value();
    if (id >= node.perInstrument.size() || !node.perInstrument[id].indicator)
        return;
    Slot &slot = node.perInstrument[id];
    IndicatorBar input;
    input.time = time;
    input.volume = bar.volume.toDouble();
    if (node.input >= 0) {
        const Slot &source = m_nodes[static_cast<std::size_t>(node.input)].perInstrument[id];
        if (!source.valid || source.time != time)
            return; // the input has no fresh value at this bar: nothing to feed
        input.open = input.high = input.low = input.close = source.value;
    } else {
        input.open = bar.open.toDouble();
        input.high = bar.high.toDouble();
        input.low = bar.low.toDouble();
        input.close = bar.close.toDouble();
        switch (node.spec.definition().field) {
        case RawField::Close:
            break;
        case RawField::Open:
            input.close = input.open;
            break;
        case RawField::High:
            input.close = input.high;
            break;
        case RawField::Low:
            input.close = input.low;
            break;
        case RawField::Volume:
            input.close = input.volume;
            break;
        }
    }
    if (!slot.indicator->update(input)) {
        slot.valid = false;
        return;
    }
    const double value = slot.indicator->output(node.spec.definition().output);
    const FeatureDefinition &definition = node.spec.definition();
    slot.valid = std::isfinite(value) && value >= definition.minimum && value <= definition.maximum;
    slot.value = value;
    slot.time = time;
    if (!slot.valid && !slot.reported) {
        slot.reported = true;
        std::string message = std::isfinite(value) ? "value " + std::to_string(value)
                                                         + " outside its range"
                                                   : std::string("value is not finite");
        m_issues.push_back(FeatureIssue{node.spec.version(), bar.instrument, time,
                                        std::move(message)});
    }
}

void FeatureStore::onBar(Timestamp time, const BarData &bar)
{
    m_started = true;
    for (Node &node : m_nodes)
        step(node, time, bar);
}

void FeatureStore::warmUp(FeatureHandle handle, Timestamp time, const BarData &bar)
{
    const int input = m_nodes[handle.index].input;
    if (input >= 0)
        warmUp(FeatureHandle{static_cast<std::uint32_t>(input)}, time, bar);
    step(m_nodes[handle.index], time, bar);
}

std::optional<double> FeatureStore::value(FeatureHandle handle, InstrumentId instrument) const
{
    const Node &node = m_nodes[handle.index];
    const std::size_t id = instrument.value();
    if (id >= node.perInstrument.size() || !node.perInstrument[id].valid)
        return std::nullopt;
    return node.perInstrument[id].value;
}

Timestamp FeatureStore::valueTime(FeatureHandle handle, InstrumentId instrument) const
{
    const Node &node = m_nodes[handle.index];
    const std::size_t id = instrument.value();
    return id < node.perInstrument.size() ? node.perInstrument[id].time : Timestamp::min();
}

std::vector<std::string> FeatureStore::versions() const
{
    std::vector<std::string> result;
    for (const Node &node : m_nodes) {
        bool seen = false;
        for (const std::string &version : result)
            seen = seen || version == node.spec.version();
        if (!seen)
            result.push_back(node.spec.version());
    }
    return result;
}

} // namespace meridian::engine
