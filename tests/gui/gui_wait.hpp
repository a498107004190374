// Waiting in GUI tests: pump the real event loop until a condition holds. The bound only stops a
// broken test from hanging CI; it is never what a test asserts about speed.
#pragma once

#include <wx/app.h>
#include <wx/utils.h>

#include <chrono>
#include <functional>

namespace qm::test {

inline bool pumpUntil(const std::function<bool()>& done, std::chrono::seconds bound = std::chrono::seconds(60)) {
    auto deadline = std::chrono::steady_clock::now() + bound;
    while (std::chrono::steady_clock::now() < deadline) {
        wxTheApp->ProcessPendingEvents();
        wxYield();
        if (done()) return true;
        wxMilliSleep(2);
    }
    return done();
}

}  // namespace qm::test
