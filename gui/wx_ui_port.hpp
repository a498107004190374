// WxUiPort — the console's UiPort: hands work to the wxWidgets UI thread with CallAfter.
#pragma once

#include "services/ui_port.hpp"

#include <wx/app.h>

namespace qm::gui {

class WxUiPort : public services::UiPort {
public:
    void callAfter(std::function<void()> fn) override {
        // wxTheApp outlives every window; callers guard their own targets with weak pointers.
        if (wxTheApp) wxTheApp->CallAfter([fn = std::move(fn)] { fn(); });
    }
};

}  // namespace qm::gui
