// IssueDialog — hands a device to an officer (services::issueDevice): the device, the staff
// number (both scannable), the accessories handed over with it, a note, and a manager's
// override reason for a second phone or tablet. Shows the receipt number when done.
#pragma once

#include "gui/custody/custody_dialog.hpp"

class wxCheckBox;

namespace qm::gui {

class IssueDialog : public CustodyDialog {
public:
    IssueDialog(wxWindow* parent, services::Background& worker, const wxString& device = {},
                const wxString& staffNo = {});
    wxTextCtrl* deviceField() const { return device_; }
    wxTextCtrl* staffField() const { return staff_; }

private:
    wxString problem() const override;
    wxString readyText() const override;
    void send() override;

    wxTextCtrl* device_;
    wxTextCtrl* staff_;
    wxTextCtrl* more_;  // further devices for the same officer, on the same receipt
    wxTextCtrl* note_;
    wxTextCtrl* override_;
    std::vector<std::pair<wxCheckBox*, std::string>> accessories_;
};

}  // namespace qm::gui
