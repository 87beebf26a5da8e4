#pragma once

// The thread-safe command queue between the GUI thread and the engine's worker thread. The GUI
// pushes and never waits; the worker takes commands between runs (blocking) and, during a run,
// at the end of each instant (without locking unless something is queued). Cancel also raises
// an atomic flag that the event loop checks after every event, so it stops a run promptly even
// in the middle of a long instant.

#include "engine/config/engineconfig.h"
#include "engine/control/backtestrunner.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace meridian::ui {

struct RunRequest
{
    std::uint64_t runId = 0;
    engine::EngineConfig config;
    std::string storePath;      // empty: the config's data.path or the default store
    std::string bundledDataDir; // fills an empty store with the bundled sample data
    std::optional<engine::Timestamp> from;
    std::optional<engine::Timestamp> to;
    engine::DataSource *source = nullptr; // in-memory bars (benchmarks); outlives the run
};

struct EngineCommand
{
    enum class Kind { Run, Cancel, Pause, Resume, Step, Quit };
    Kind kind = Kind::Run;
    std::shared_ptr<const RunRequest> request; // for Run
};

class CommandQueue
{
public:
    void push(EngineCommand command);
    // Blocks until a command is queued.
    EngineCommand waitPop();
    // The next command, if any; cheap when the queue is empty (no lock taken).
    std::optional<EngineCommand> tryPop();

    // Raised by Cancel and Quit; the running backtest polls it after every event.
    const std::atomic<bool> &cancelFlag() const { return m_cancel; }
    void clearCancel() { m_cancel.store(false); }
    // When the cancel flag went up (steady clock, nanoseconds since its epoch).
    std::int64_t cancelledAt() const { return m_cancelledAt.load(); }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<EngineCommand> m_commands;
    std::atomic<std::size_t> m_size{0};
    std::atomic<bool> m_cancel{false};
    std::atomic<std::int64_t> m_cancelledAt{0};
};

} // namespace meridian::ui
