// UiPort — the small, toolkit-neutral door through which services reach the user interface.
//
// The console installs an implementation backed by wxWidgets (CallAfter on the UI thread); tests
// and qmctl can use a plain one. Services and presenters never include a GUI header: they only
// ask for "run this on the UI thread, later".
#pragma once

#include <functional>

namespace qm::services {

class UiPort {
public:
    virtual ~UiPort() = default;
    // Queues fn to run on the UI thread (from any thread). Never runs it inline.
    virtual void callAfter(std::function<void()> fn) = 0;
};

}  // namespace qm::services
