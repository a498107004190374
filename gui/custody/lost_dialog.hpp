// LostDialog — reports an issued device lost or stolen (services::reportLost): closes its
// custody, records the incident reference and queues a remote lock for the MDM.
#pragma once

#include "gui/custody/custody_dialog.hpp"

class wxRadioBox;

namespace qm::gui {

class LostDialog : public CustodyDialog {
public:
    LostDialog(wxWindow* parent, services::Background& worker, const wxString& device = {});
    wxTextCtrl* deviceField() const { return device_; }
    wxRadioBox* whatHappened() const { return what_; }

private:
    wxString problem() const override;
    wxString readyText() const override;
    void send() override;
    bool stolen() const;

    wxTextCtrl* device_;
    wxRadioBox* what_;
    wxTextCtrl* reference_;
};

}  // namespace qm::gui
