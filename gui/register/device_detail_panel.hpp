// DeviceDetailPanel — the right-hand pane: everything the register knows about one device.
// A read-only field/value list, so a screen reader and the keyboard can walk it.
#pragma once

#include "model/register.hpp"

#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/stattext.h>

namespace qm::gui {

class DeviceDetailPanel : public wxPanel {
public:
    explicit DeviceDetailPanel(wxWindow* parent);
    void showDevice(const Device& device);
    void showMessage(const wxString& message);
    // The asset tag on show ("" when none), for tests and the status bar.
    wxString shownAssetTag() const { return assetTag_; }
    // The text of a field by its label ("Serial"), "" when absent.
    wxString fieldValue(const wxString& label) const;

private:
    wxStaticText* heading_;
    wxStaticText* subheading_;
    wxListView* fields_;
    wxString assetTag_;
};

}  // namespace qm::gui
