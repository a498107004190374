// How a long-running program (the simulator) learns it should stop: Ctrl+C at its console, or
// on POSIX SIGINT/SIGTERM from a service manager or a test; on Windows Ctrl+C, Ctrl+Break or
// the console closing. The main thread waits while other threads serve.
#pragma once

namespace qm::platform {

// Call in main() before any thread starts. POSIX blocks SIGINT and SIGTERM in every thread so
// that only waitForStopRequest() sees them, and ignores SIGPIPE (a peer that vanishes
// mid-write must not kill the process); Windows installs a console control handler.
void holdStopRequests();

// Returns once a stop has been asked for.
void waitForStopRequest();

}  // namespace qm::platform
