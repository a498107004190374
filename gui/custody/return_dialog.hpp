// ReturnDialog — takes a device back (services::returnDevice). The condition must be chosen
// (never assumed): damaged or faulty devices go to repair, not back on the shelf.
#pragma once

#include "gui/custody/custody_dialog.hpp"

class wxChoice;

namespace qm::gui {

class ReturnDialog : public CustodyDialog {
public:
    ReturnDialog(wxWindow* parent, services::Background& worker, const wxString& device = {});
    wxTextCtrl* deviceField() const { return device_; }
    wxChoice* conditionChoice() const { return condition_; }

private:
    wxString problem() const override;
    wxString readyText() const override;
    void send() override;
    std::string condition() const;

    wxTextCtrl* device_;
    wxChoice* condition_;
    wxTextCtrl* note_;
};

}  // namespace qm::gui
