#include "ui/commandqueue.h"

#include <chrono>

namespace meridian::ui {

void CommandQueue::push(EngineCommand command)
{
    if (command.kind == EngineCommand::Kind::Cancel || command.kind == EngineCommand::Kind::Quit)
    {
        m_cancelledAt.store(std::chrono::steady_clock::now().time_since_epoch().count());
        m_cancel.store(true);
    }
    {
        const std::lock_guard lock(m_mutex);
        m_commands.push_back(std::move(command));
        m_size.store(m_commands.size());
    }
    m_ready.notify_one();
}

EngineCommand CommandQueue::waitPop()
{
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [this] { return !m_commands.empty(); });
    EngineCommand command = std::move(m_commands.front());
    m_commands.pop_front();
    m_size.store(m_commands.size());
    return command;
}

std::optional<EngineCommand> CommandQueue::tryPop()
{
    if (m_size.load() == 0)
        return std::nullopt;
    const std::lock_guard lock(m_mutex);
    if (m_commands.empty())
        return std::nullopt;
    EngineCommand command = std::move(m_commands.front());
    m_commands.pop_front();
    m_size.store(m_commands.size());
    return command;
}

} // namespace meridian::ui
