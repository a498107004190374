// SwapDialog — one step for a faulty device (services::swapDevice): the old device goes to
// repair and the replacement is issued to the same person, in one transaction, on one receipt.
#pragma once

#include "gui/custody/custody_dialog.hpp"

namespace qm::gui {

class SwapDialog : public CustodyDialog {
public:
    SwapDialog(wxWindow* parent, services::Background& worker, const wxString& oldDevice = {},
               const wxString& newDevice = {});
    wxTextCtrl* oldField() const { return old_; }
    wxTextCtrl* newField() const { return new_; }
    wxTextCtrl* reasonField() const { return reason_; }

private:
    wxString problem() const override;
    wxString readyText() const override;
    void send() override;

    wxTextCtrl* old_;
    wxTextCtrl* new_;
    wxTextCtrl* reason_;
};

}  // namespace qm::gui
