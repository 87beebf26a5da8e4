#pragma once

// A DataSource produces market events in non-decreasing time order. The historical source
// streams bars from the SQLite store (engine/data); a realtime source (engine/live) pushes from
// another thread into the loop's inbox instead.

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
