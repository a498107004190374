// PeopleDialog — the People view: find a person by staff number and see what they hold now
// and what they have held (the custody record, newest first). Modeless, so the desk can keep
// working beside it; the lookup runs on the worker.
#pragma once

#include "services/background.hpp"

#include <wx/dialog.h>

#include <memory>

class wxButton;
class wxStaticText;
class wxTextCtrl;

namespace qm::gui {

class HoldingsList;

class PeopleDialog : public wxDialog {
public:
    PeopleDialog(wxWindow* parent, services::Background& worker);
    ~PeopleDialog() override;
    // Looks the staff number up (as if typed and Find pressed).
    void find(const wxString& staffNo);

    wxTextCtrl* staffField() const { return staff_; }
    wxString heading() const;
    HoldingsList* holds() const { return holds_; }
    HoldingsList* held() const { return held_; }
    wxButton* receiptButton() const { return receipt_; }
    // The selected record's receipt, from the register (a copy to print or save).
    void openSelectedReceipt();

private:
    void revalidate();

    services::Background& worker_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    wxTextCtrl* staff_;
    wxButton* find_;
    wxStaticText* heading_;
    wxStaticText* details_;
    wxStaticText* holdsLabel_;
    HoldingsList* holds_;
    HoldingsList* held_;
    wxButton* receipt_;
    HoldingsList* lastSelected_ = nullptr;
};

}  // namespace qm::gui
