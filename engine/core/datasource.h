#pragma once

// A DataSource produces market events in non-decreasing time order. The historical source
// streams bars from the SQLite store (engine/data); in paper and live runs a feed (engine/live)
// posts from its own thread into an EventInbox, which InboxDataSource (eventinbox.h) reads.

#include "engine/core/event.h"
#include "engine/core/result.h"

namespace meridian::engine {

class DataSource
{
public:
    virtual ~DataSource() = default;
    // Writes the next event and returns true, or returns false at the end of the data. An
    // error (a failing read) ends the stream; error() then says what went wrong.
    virtual bool next(Event &event) = 0;
    virtual const Error *error() const { return nullptr; }
};

} // namespace meridian::engine
