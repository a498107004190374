// CustodyDialog — what the Issue, Return, Swap and Report-lost dialogs share.
//
//   fields --wxEVT_TEXT--> problem()? --> OK enabled/disabled + one-line hint   (as you type)
//          '--debounced lookup on the worker--> preview line under the field    (advisory)
//   OK --> send() --> run(job) on the worker --> receipt shown   | refusal sentence shown
//
// Validation that needs no database (shapes, required text, a chosen condition) gates the OK
// button. What only the database knows (is it issued? to whom?) is previewed under each field
// but never blocks: the operation itself is the authority, and when it refuses, its sentence
// (qm::Error, "MPS-0001 is already issued to ...") appears inside the dialog, which stays open
// with the values kept. On success the dialog shows the receipt number, or closes and lets
// its opener show it (the desk, where the next scan should not wait for another key press).
#pragma once

#include "model/lifecycle.hpp"
#include "services/background.hpp"

#include <wx/dialog.h>
#include <wx/panel.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxFlexGridSizer;
class wxStaticBitmap;
class wxStaticText;
class wxTextCtrl;
class wxTimer;

namespace qm::gui {

class CustodyDialog : public wxDialog {
public:
    struct Outcome {
        wxString receipt;                  // "" when the operation gives none (report lost)
        wxString summary;                  // one sentence: what happened
        std::vector<std::string> devices;  // asset tags whose state changed
    };
    void onSuccess(std::function<void(const Outcome&)> fn) { onSuccess_ = std::move(fn); }
    // Close as soon as it succeeds (the opener shows the receipt) instead of showing it here.
    void setCloseOnSuccess(bool close) { closeOnSuccess_ = close; }

    // What the user sees, for tests (and the same words a screen reader reads).
    wxButton* okButton() const { return ok_; }
    wxButton* printReceiptButton() const { return printReceipt_; }
    wxString hintText() const;
    wxString refusalText() const;  // the service's sentence, as it said it
    wxString receiptText() const;
    bool succeeded() const { return succeeded_; }
    bool busy() const { return busy_; }

protected:
    CustodyDialog(wxWindow* parent, services::Background& worker, const wxString& title, const wxString& name,
                  const wxString& okLabel);
    ~CustodyDialog() override;

    // The form: a label column and a control column. `key` is the service's field name
    // ("staff_no"), so a refusal about that field puts the cursor there.
    wxWindow* form() const { return form_; }
    wxTextCtrl* addText(const wxString& label, const wxString& name, const wxString& value, const std::string& key,
                        const wxString& placeholder = {});
    void addRow(const wxString& label, wxWindow* control, const std::string& key = {});
    wxStaticText* addPreview(const wxString& name);  // an advisory line under the row above
    void finishLayout(wxWindow* focus);

    virtual wxString problem() const = 0;    // why OK is not possible yet, "" when it is
    virtual wxString readyText() const = 0;  // the hint when it is
    virtual void send() = 0;

    // Runs the operation on the worker; describe() turns its result into words on the UI thread.
    template <class R>
    void run(const wxString& busyText, std::function<R(services::Session&)> job,
             std::function<Outcome(const R&)> describe) {
        start(busyText);
        std::weak_ptr<int> alive = alive_;
        services::UiPort* ui = &worker_.ui();
        worker_.post(
            [this, alive, ui, job, describe](services::Session& session) {
                R result = job(session);
                ui->callAfter([this, alive, describe, result] {
                    if (!alive.expired()) succeed(describe(result));
                });
            },
            [this, alive](const Error& e) {
                if (!alive.expired()) refuse(e);
            });
    }

    // Re-checks the form (after any change); subclasses call it from their own controls.
    void revalidate();
    // Looks the text up as it is typed and describes it in preview; `expected` is the status
    // the operation needs, and a device in any other state is previewed as a warning.
    void watchDevice(wxTextCtrl* field, wxStaticText* preview, DeviceStatus expected);
    void watchPerson(wxTextCtrl* field, wxStaticText* preview);
    // The device version seen by the last lookup of field, if its text is unchanged since:
    // sent with the operation so a change made meanwhile by another desk is refused.
    std::optional<int> seenVersion(wxTextCtrl* field) const;
    static std::string text(const wxTextCtrl* field);

    services::Background& worker_;

private:
    struct Watch;
    void start(const wxString& busyText);
    void succeed(const Outcome& outcome);
    void refuse(const Error& error);
    void watch(wxTextCtrl* field, wxStaticText* preview, bool person, DeviceStatus expected);
    void lookUp(Watch& watch);
    void showPreview(wxStaticText* preview, const wxString& text, bool warning);
    void setLine(wxStaticText* line, const wxString& text);
    void setFormEnabled(bool enabled);
    void describeFields(wxWindow* refused);

    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    std::function<void(const Outcome&)> onSuccess_;
    bool closeOnSuccess_ = false, succeeded_ = false, busy_ = false;
    wxPanel* form_ = nullptr;
    wxFlexGridSizer* grid_ = nullptr;
    wxStaticText* hint_ = nullptr;
    wxStaticBitmap* refusalIcon_ = nullptr;
    wxStaticText* refusal_ = nullptr;
    wxStaticText* receipt_ = nullptr;
    wxStaticText* summary_ = nullptr;
    wxButton* ok_ = nullptr;
    wxButton* cancel_ = nullptr;
    // After a hand-over with a receipt (when the dialog stays open): print it, preview it, save it.
    wxButton* printReceipt_ = nullptr;
    wxButton* previewReceipt_ = nullptr;
    wxButton* saveReceipt_ = nullptr;
    wxString doneReceipt_;
    wxWindow* initialFocus_ = nullptr;  // the next thing to fill when the dialog opened
    std::map<std::string, wxWindow*> byKey_;
    std::vector<wxWindow*> fields_;  // in the order they are shown
    std::map<wxStaticText*, wxString> lines_;  // one-line texts in full, before cutting to width
    wxString refusalText_;                     // as the service said it (the label holds it wrapped)
    std::vector<std::unique_ptr<Watch>> watches_;
};

}  // namespace qm::gui
