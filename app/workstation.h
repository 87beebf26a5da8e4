#pragma once

// The workstation window: a QApplication with the saved theme and language, the main window on
// the configurations and bundled data that ship with the app.

namespace meridian::app {

int runWorkstation(int &argc, char **argv);

} // namespace meridian::app
