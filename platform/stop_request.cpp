#include "platform/stop_request.hpp"

#ifdef _WIN32
#include <windows.h>

namespace qm::platform {
namespace {
HANDLE stopEvent = nullptr;

BOOL WINAPI onConsoleControl(DWORD) {
    SetEvent(stopEvent);
    return TRUE;  // handled: main() returns and the process ends in order
}
}  // namespace

void holdStopRequests() {
    stopEvent = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    SetConsoleCtrlHandler(onConsoleControl, TRUE);
}

void waitForStopRequest() { WaitForSingleObject(stopEvent, INFINITE); }

}  // namespace qm::platform
#else
#include <pthread.h>
#include <csignal>

namespace qm::platform {
namespace {
sigset_t stopSignals;
}

void holdStopRequests() {
    std::signal(SIGPIPE, SIG_IGN);
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
}

void waitForStopRequest() {
    int signal = 0;
    sigwait(&stopSignals, &signal);
}

}  // namespace qm::platform
#endif
