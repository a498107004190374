// ReasonDialog — the small form behind every MDM decision that needs words: a remote lock, a
// wipe or retirement request, rejecting a request, cancelling a command. It asks for the
// reason (and, for a wipe, that the device's asset tag be typed as shown, so a wipe is never
// one slip of the mouse), then runs the operation on the worker itself:
//
//   reason [+ typed asset tag] --exact?--> OK enabled --> job on the worker
//        success: the dialog ends with the outcome sentence (its opener announces it)
//        refusal: the database's sentence shown here, as a notification; values kept
#pragma once

#include "services/background.hpp"

#include <wx/dialog.h>

#include <functional>
#include <memory>
#include <string>

class wxButton;
class wxStaticText;
class wxTextCtrl;

namespace qm::gui {

class ReasonDialog : public wxDialog {
public:
    struct Options {
        wxString title;        // window title, and the dialog's name
        wxString explanation;  // what will happen, in a sentence or two
        wxString reasonLabel;  // "&Reason:"
        wxString okLabel;      // "Request &wipe"
        wxString dismissLabel; // "" for "Cancel"
        wxString confirmText;  // when set, OK waits until exactly this is typed (the asset tag)
        bool reasonRequired = true;
    };
    // Runs on the worker with the trimmed reason; its result goes to describe() on the UI thread.
    using Job = std::function<std::string(services::Session&, const std::string& reason)>;
    using Describe = std::function<wxString(const std::string& result)>;

    ReasonDialog(wxWindow* parent, services::Background& worker, Options options, Job job, Describe describe);
    ~ReasonDialog() override;

    // What the user sees, for tests.
    wxTextCtrl* reasonField() const { return reason_; }
    wxTextCtrl* confirmField() const { return confirm_; }  // null without confirmText
    wxButton* okButton() const { return ok_; }
    wxString hintText() const;
    wxString refusalText() const;
    wxString outcome() const { return outcome_; }  // the success sentence, once it succeeded
    bool busy() const { return busy_; }

private:
    wxString problem() const;
    void revalidate();
    void send();

    services::Background& worker_;
    Options options_;
    Job job_;
    Describe describe_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    wxTextCtrl* reason_ = nullptr;
    wxTextCtrl* confirm_ = nullptr;
    wxStaticText* hint_ = nullptr;
    wxStaticText* refusal_ = nullptr;
    wxButton* ok_ = nullptr;
    wxButton* dismiss_ = nullptr;
    wxString outcome_;
    wxString refusalText_;  // as the register said it (the label holds it wrapped)
    bool busy_ = false;
};

}  // namespace qm::gui
