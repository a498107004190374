// DeviceDetailPanel — the right-hand pane: everything the register knows about one device,
// who holds it now and its custody timeline. A legal hold shows as a red banner above all else.
// Read-only lists, so a screen reader and the keyboard can walk them.
#pragma once

#include "model/custody.hpp"
#include "model/register.hpp"

#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/stattext.h>

#include <map>
#include <optional>
#include <vector>

namespace qm::gui {

class TimelineList;

class DeviceDetailPanel : public wxPanel {
public:
    explicit DeviceDetailPanel(wxWindow* parent);
    void showDevice(const Device& device);
    // The holder now and the timeline (oldest first) of the device on show.
    void showCustody(const std::optional<CustodyRow>& holder, const std::vector<TimelineRow>& events);
    void showMessage(const wxString& message);
    // What is on screen, for tests: the hold banner ("" when hidden), the holder line, the timeline.
    wxString holdBanner() const;
    wxString holderText() const;
    wxListView* timeline() const;
    wxListView* fields() const { return fields_; }
    // The asset tag on show ("" when none), for tests and the status bar.
    wxString shownAssetTag() const { return assetTag_; }
    // The text of a field by its label ("Serial"), "" when absent.
    wxString fieldValue(const wxString& label) const;

private:
    // Lines that wrap to the pane's width, again whenever it changes.
    void setWrapped(wxStaticText* line, const wxString& text);
    void wrap(wxStaticText* line);

    std::map<wxStaticText*, wxString> wrapped_;
    int wrappedAt_ = -1;
    wxPanel* holdPanel_;
    wxStaticText* hold_;
    wxStaticText* holder_;
    TimelineList* timeline_;
    wxStaticText* heading_;
    wxStaticText* subheading_;
    wxListView* fields_;
    wxString assetTag_;
};

}  // namespace qm::gui
