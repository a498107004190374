// Driving real controls in GUI tests the way a user does: typing, Enter, clicks
// (wxUIActionSimulator), and answering modal dialogs from inside their own event loop.
//
// Without a window manager (plain Xvfb) keyboard focus can fail to arrive, so each helper checks
// that the simulated input landed and otherwise delivers the same event directly to the
// control; tests still assert only on what a user would see.
#pragma once

#include "tests/gui/gui_wait.hpp"

#include <gtest/gtest.h>

#include <wx/button.h>
#include <wx/dialog.h>
#include <wx/modalhook.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <chrono>
#include <functional>
#include <string>

namespace qm::test {

// Types text into field as keystrokes (a scanner is a keyboard), replacing what was there.
inline void typeInto(wxTextCtrl* field, const wxString& text) {
    field->SetFocus();
    field->SelectAll();
    pumpUntil([&] { return field->HasFocus(); }, std::chrono::seconds(1));
    if (field->HasFocus()) {
        field->Clear();
        wxUIActionSimulator keys;
        keys.Text(text.utf8_str());
        if (pumpUntil([&] { return field->GetValue() == text; }, std::chrono::seconds(3))) return;
    }
    field->SetValue(text);  // no focus without a window manager: the same text, as wxEVT_TEXT
}

// Presses Enter in field (a scanner's last key). `landed` says whether the press did something.
inline void pressEnter(wxTextCtrl* field, const std::function<bool()>& landed) {
    if (field->HasFocus()) {
        wxUIActionSimulator keys;
        keys.Char(WXK_RETURN);
        if (pumpUntil(landed, std::chrono::seconds(2))) return;
    }
    wxCommandEvent enter(wxEVT_TEXT_ENTER, field->GetId());
    enter.SetEventObject(field);
    enter.SetString(field->GetValue());
    field->ProcessWindowEvent(enter);
}

// Clicks button with the mouse; `landed` says whether the click did something.
inline void click(wxButton* button, const std::function<bool()>& landed) {
    EXPECT_TRUE(button->IsEnabled()) << button->GetLabel() << " is disabled";
    if (!button->IsEnabled()) return;
    wxUIActionSimulator mouse;
    mouse.MouseMove(button->GetScreenRect().GetPosition() + button->GetSize() / 2);
    wxYield();
    mouse.MouseClick();
    if (pumpUntil(landed, std::chrono::seconds(2))) return;
    wxCommandEvent press(wxEVT_BUTTON, button->GetId());
    press.SetEventObject(button);
    button->ProcessWindowEvent(press);
}

// Runs drive(dialog) inside the next modal dialog's own event loop, as a user at it would.
// drive must end the dialog (EndModal), unless the dialog ends itself.
class WhenModal : public wxModalDialogHook {
public:
    explicit WhenModal(std::function<void(wxDialog*)> drive) : drive_(std::move(drive)) { Register(); }
    ~WhenModal() override { Unregister(); }
    bool shown() const { return shown_; }
    bool done() const { return done_; }

protected:
    int Enter(wxDialog* dialog) override {
        if (shown_) return wxID_NONE;
        shown_ = true;
        dialog->CallAfter([this, dialog] {
            drive_(dialog);
            done_ = true;
            if (dialog->IsModal()) dialog->EndModal(wxID_CANCEL);  // a failed assertion left it open
        });
        return wxID_NONE;
    }
    void Exit(wxDialog*) override {}

private:
    std::function<void(wxDialog*)> drive_;
    bool shown_ = false, done_ = false;
};

}  // namespace qm::test
