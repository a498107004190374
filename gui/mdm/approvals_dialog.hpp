// ApprovalsDialog — "Wipe and retire requests": the four-eyes desk. Lists the commands that
// wait for a person (awaiting approval, and wipes held over the fleet's hourly limit) and lets
// an approver approve or reject them, and an admin release a held wipe. Modeless, so the
// approver can look the device up in the main window while deciding.
//
// The register decides: an approver who requested a command themselves is refused by the
// database ("Login 'ann' requested command 42 and cannot approve it; ..."), and that sentence
// is shown here as a notification. The list is read again after every decision.
#pragma once

#include "services/background.hpp"

#include <wx/dialog.h>

#include <memory>

class wxButton;
class wxStaticText;

namespace qm::services::mdm {
class MdmWorker;
}

namespace qm::gui {

class CommandList;
class ReasonDialog;

class ApprovalsDialog : public wxDialog {
public:
    ApprovalsDialog(wxWindow* parent, services::Background& worker, services::DeskRole role,
                    services::mdm::MdmWorker* dispatcher);
    ~ApprovalsDialog() override;

    // Reads the waiting commands again.
    void refresh();
    // The decisions on the selected command (Reject asks for the reason first).
    void approve();
    void reject();
    void release();

    // What is on screen, for tests.
    CommandList* list() const { return list_; }
    wxButton* approveButton() const { return approve_; }
    wxButton* rejectButton() const { return reject_; }
    wxButton* releaseButton() const { return release_; }
    wxString noticeText() const;
    bool busy() const { return busy_; }
    long long refreshes() const { return refreshes_; }  // lists shown so far

private:
    void enableButtons();
    void decide(const wxString& busyText, std::function<std::string(services::Session&)> job,
                std::function<wxString(const std::string&)> describe);
    void notice(const wxString& text, bool problem);

    services::Background& worker_;
    services::DeskRole role_;
    services::mdm::MdmWorker* dispatcher_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    CommandList* list_ = nullptr;
    wxStaticText* count_ = nullptr;
    wxStaticText* notice_ = nullptr;
    wxButton* approve_ = nullptr;
    wxButton* reject_ = nullptr;
    wxButton* release_ = nullptr;
    wxButton* refresh_ = nullptr;
    wxString noticeText_;  // unwrapped
    bool busy_ = false;
    long long refreshes_ = 0;
};

}  // namespace qm::gui
