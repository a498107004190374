// DeviceDetailPanel — the right-hand pane: everything the register knows about one device,
// who holds it now, what the MDM knows of it (with its MDM commands and requests) and its
// custody timeline. A legal hold shows as a red banner above all else. Read-only lists, so a
// screen reader and the keyboard can walk them.
#pragma once

#include "model/custody.hpp"
#include "model/register.hpp"
#include "services/background.hpp"

#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/stattext.h>

#include <optional>
#include <vector>

namespace qm::gui {

class WrappedText;

class TimelineList;
class MdmPanel;

class DeviceDetailPanel : public wxPanel {
public:
    // worker: where the MDM group loads the device's MDM details and sends its requests.
    DeviceDetailPanel(wxWindow* parent, services::Background& worker);
    void showDevice(const Device& device);
    // The holder now and the timeline (oldest first) of the device on show.
    void showCustody(const std::optional<CustodyRow>& holder, const std::vector<TimelineRow>& events);
    void showMessage(const wxString& message);
    // What is on screen, for tests: the hold banner ("" when hidden), the holder line, the timeline.
    wxString holdBanner() const;
    wxString holderText() const;
    wxListView* timeline() const;
    wxListView* fields() const { return fields_; }
    MdmPanel* mdm() const { return mdm_; }
    // The asset tag on show ("" when none), for tests and the status bar.
    wxString shownAssetTag() const { return assetTag_; }
    // The text of a field by its label ("Serial"), "" when absent.
    wxString fieldValue(const wxString& label) const;

private:
    wxPanel* holdPanel_;
    WrappedText* hold_;
    WrappedText* holder_;
    TimelineList* timeline_;
    wxStaticText* heading_;
    WrappedText* subheading_;
    wxListView* fields_;
    MdmPanel* mdm_;
    wxString assetTag_;
};

}  // namespace qm::gui
