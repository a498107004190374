// CommandsDialog — "Command queue": every MDM command in the outbox, newest first (the latest
// 1,000), narrowed by state; a command not yet sent (awaiting approval, held or queued) can be
// cancelled with a reason by its requester or an approver. Modeless; read on the worker.
#pragma once

#include "services/background.hpp"

#include <wx/dialog.h>

#include <memory>
#include <string>

class wxButton;
class wxChoice;
class wxStaticText;

namespace qm::gui {

class CommandList;

class CommandsDialog : public wxDialog {
public:
    CommandsDialog(wxWindow* parent, services::Background& worker, services::DeskRole role);
    ~CommandsDialog() override;

    // Reads the commands again, in the chosen state ("" for all).
    void refresh();
    void showState(const std::string& state);
    // Cancels the selected command (asks for the reason first).
    void cancelCommand();

    // What is on screen, for tests.
    CommandList* list() const { return list_; }
    wxChoice* stateChoice() const { return state_; }
    wxButton* cancelButton() const { return cancel_; }
    wxString noticeText() const;
    long long refreshes() const { return refreshes_; }

private:
    std::string chosenState() const;
    void enableButtons();
    void notice(const wxString& text, bool problem);

    services::Background& worker_;
    services::DeskRole role_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    wxChoice* state_ = nullptr;
    CommandList* list_ = nullptr;
    wxStaticText* count_ = nullptr;
    wxStaticText* notice_ = nullptr;
    wxButton* cancel_ = nullptr;
    wxString noticeText_;  // unwrapped
    long long generation_ = 0;
    long long refreshes_ = 0;
};

}  // namespace qm::gui
