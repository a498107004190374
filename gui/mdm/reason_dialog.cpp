#include "gui/mdm/reason_dialog.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_text.hpp"
#include "model/text.hpp"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace qm::gui {
namespace {

using a11y::Tone;
using a11y::toneColour;

}  // namespace

ReasonDialog::ReasonDialog(wxWindow* parent, services::Background& worker, Options options, Job job,
                           Describe describe)
    : wxDialog(parent, wxID_ANY, options.title, wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      worker_(worker), options_(std::move(options)), job_(std::move(job)), describe_(std::move(describe)) {
    SetName(options_.title);
    const int gap = FromDIP(12);
    const int width = FromDIP(520);
    auto* sizer = new wxBoxSizer(wxVERTICAL);

    auto* explanation = new a11y::InfoText(this, wxID_ANY, options_.explanation);
    explanation->SetName(_("Explanation"));
    explanation->Wrap(width);
    sizer->Add(explanation, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    // Each label just before its field: it names the field and its mnemonic moves there.
    auto* reasonLabel = new wxStaticText(this, wxID_ANY, options_.reasonLabel);
    reason_ = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(width, -1), wxTE_PROCESS_ENTER);
    a11y::labelFor(reasonLabel, reason_);
    reason_->SetMaxLength(500);
    sizer->Add(reasonLabel, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(reason_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(4));
    if (!options_.confirmText.empty()) {
        auto* confirmLabel = new wxStaticText(
            this, wxID_ANY, wxString::Format(_("&Type %s to confirm:"), options_.confirmText));
        confirm_ = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(width, -1),
                                  wxTE_PROCESS_ENTER);
        a11y::labelFor(confirmLabel, confirm_);
        sizer->Add(confirmLabel, 0, wxLEFT | wxRIGHT | wxTOP, gap);
        sizer->Add(confirm_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(4));
    }

    hint_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    hint_->SetName(_("Hint"));
    hint_->SetForegroundColour(toneColour(Tone::Quiet));
    refusal_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    refusal_->SetName(_("Refusal"));
    refusal_->SetForegroundColour(toneColour(Tone::Problem));
    refusal_->SetFont(refusal_->GetFont().Bold());
    a11y::markAsNotification(refusal_);
    refusal_->Hide();
    sizer->Add(hint_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(refusal_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    ok_ = new wxButton(this, wxID_OK, options_.okLabel);
    a11y::setName(ok_, options_.okLabel);
    // Without "&": the stock words would make wxGTK show GTK's own, untranslated label.
    const wxString dismiss = options_.dismissLabel.empty() ? _("Cancel") : options_.dismissLabel;
    dismiss_ = new wxButton(this, wxID_CANCEL, dismiss);
    a11y::setName(dismiss_, dismiss);
    auto* buttons = new wxStdDialogButtonSizer;
    buttons->AddButton(ok_);
    buttons->AddButton(dismiss_);
    buttons->Realize();
    sizer->Add(buttons, 0, wxEXPAND | wxALL, gap);
    SetSizerAndFit(sizer);
    CentreOnParent();

    auto edited = [this](wxCommandEvent& e) {
        if (refusal_->IsShown()) {  // an edit answers the refusal; the next OK asks again
            refusal_->Hide();
            Layout();
        }
        revalidate();
        e.Skip();
    };
    reason_->Bind(wxEVT_TEXT, edited);
    if (confirm_) confirm_->Bind(wxEVT_TEXT, edited);
    auto enter = [this](wxCommandEvent&) {
        if (!busy_ && problem().empty()) send();
        else if (wxWindow* field = FindFocus()) field->Navigate();
    };
    reason_->Bind(wxEVT_TEXT_ENTER, enter);
    if (confirm_) confirm_->Bind(wxEVT_TEXT_ENTER, enter);
    ok_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!busy_ && problem().empty()) send();
    });
    // The operation in flight finishes either way; closing now would hide its answer.
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        if (busy_ && e.CanVeto()) e.Veto();
        else e.Skip();
    });
    dismiss_->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
        if (!busy_) e.Skip();
    });
    revalidate();
    reason_->SetFocus();
}

ReasonDialog::~ReasonDialog() { alive_.reset(); }

wxString ReasonDialog::hintText() const { return hint_->GetLabel(); }
wxString ReasonDialog::refusalText() const { return refusal_->IsShown() ? refusalText_ : wxString(); }

wxString ReasonDialog::problem() const {
    if (options_.reasonRequired && trimmed(toUtf8(reason_->GetValue())).empty()) return _("Give the reason.");
    if (confirm_ && confirm_->GetValue() != options_.confirmText)
        return wxString::Format(_("Type %s exactly as shown to confirm."), options_.confirmText);
    return {};
}

void ReasonDialog::revalidate() {
    if (busy_) return;
    const wxString why = problem();
    ok_->Enable(why.empty());
    hint_->SetLabelText(why.empty() ? _("Ready: press Enter or the button.") : why);
}

void ReasonDialog::send() {
    busy_ = true;
    ok_->Disable();
    reason_->Enable(false);
    if (confirm_) confirm_->Enable(false);
    hint_->SetLabelText(_("Sending to the register\u2026"));
    const std::string reason = trimmed(toUtf8(reason_->GetValue()));
    std::weak_ptr<int> alive = alive_;
    services::UiPort* ui = &worker_.ui();
    Job job = job_;
    worker_.post(
        [this, alive, ui, job, reason](services::Session& session) {
            const std::string result = job(session, reason);
            ui->callAfter([this, alive, result] {
                if (alive.expired()) return;
                busy_ = false;
                outcome_ = describe_(result);
                if (IsModal()) EndModal(wxID_OK);
                else Hide();
            });
        },
        [this, alive](const Error& e) {
            if (alive.expired()) return;
            busy_ = false;
            reason_->Enable(true);
            if (confirm_) confirm_->Enable(true);
            refusalText_ = wxString::FromUTF8(e.what());
            refusal_->SetLabelText(refusalText_);
            refusal_->Wrap(FromDIP(520));
            refusal_->Show();
            revalidate();
            a11y::setDescription(reason_, refusalText_);
            Layout();
            Fit();
            reason_->SetFocus();
            a11y::announce(refusal_);
        });
}

}  // namespace qm::gui
