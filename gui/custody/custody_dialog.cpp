#include "gui/custody/custody_dialog.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_text.hpp"
#include "gui/custody/desk_presenter.hpp"
#include "gui/custody/receipt_dialog.hpp"
#include "model/identifiers.hpp"
#include "model/text.hpp"
#include "services/register/register.hpp"

#include <wx/artprov.h>
#include <wx/choice.h>
#include <wx/button.h>
#include <wx/dcclient.h>
#include <wx/panel.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>

namespace qm::gui {
namespace {

using a11y::Tone;
using a11y::toneColour;
constexpr int kLookupDelayMs = 250;  // after the last key, so a scanner's burst is one lookup

}  // namespace

struct CustodyDialog::Watch {
    wxTextCtrl* field = nullptr;
    wxStaticText* preview = nullptr;
    bool person = false;
    DeviceStatus expected = DeviceStatus::InStock;
    wxTimer timer;
    std::optional<int> version;  // from the last answer, while the text is unchanged
};

CustodyDialog::CustodyDialog(wxWindow* parent, services::Background& worker, const wxString& title,
                             const wxString& name, const wxString& okLabel)
    : wxDialog(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      worker_(worker) {
    SetName(name);
    form_ = new wxPanel(this);
    form_->SetName(_("Form"));
    grid_ = new wxFlexGridSizer(2, FromDIP(wxSize(12, 4)));
    grid_->AddGrowableCol(1, 1);
    form_->SetSizer(grid_);

    // One line, cut with an ellipsis rather than widening the dialog (the tooltip has it all).
    hint_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxST_NO_AUTORESIZE);
    hint_->SetMinSize(wxSize(FromDIP(200), hint_->GetCharHeight()));
    hint_->SetName(_("Hint"));
    hint_->SetForegroundColour(toneColour(Tone::Quiet));
    refusalIcon_ = new wxStaticBitmap(this, wxID_ANY, wxArtProvider::GetBitmapBundle(wxART_WARNING, wxART_MESSAGE_BOX,
                                                                                     FromDIP(wxSize(24, 24))));
    refusal_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    refusal_->SetName(_("Refusal"));
    refusal_->SetForegroundColour(toneColour(Tone::Problem));
    a11y::markAsNotification(refusal_);
    refusal_->SetFont(refusal_->GetFont().Bold());
    receipt_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    receipt_->SetName(_("Receipt"));
    receipt_->SetForegroundColour(toneColour(Tone::Done));
    a11y::markAsNotification(receipt_);
    receipt_->SetFont(receipt_->GetFont().Scaled(1.5f).Bold());
    summary_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    summary_->SetName(_("Summary"));
    a11y::markAsNotification(summary_);

    ok_ = new wxButton(this, wxID_OK, okLabel);
    ok_->SetName(okLabel);
    cancel_ = new wxButton(this, wxID_CANCEL, _("Cancel"));
    cancel_->SetName(_("Cancel"));
    ok_->SetDefault();

    auto* receiptButtons = new wxBoxSizer(wxHORIZONTAL);
    printReceipt_ = new wxButton(this, wxID_ANY, _("&Print receipt\u2026"));
    printReceipt_->SetName(_("Print receipt"));
    previewReceipt_ = new wxButton(this, wxID_ANY, _("Pre&view receipt\u2026"));
    previewReceipt_->SetName(_("Preview receipt"));
    saveReceipt_ = new wxButton(this, wxID_ANY, _("Save receipt as P&DF\u2026"));
    saveReceipt_->SetName(_("Save receipt as PDF"));
    for (wxButton* b : {printReceipt_, previewReceipt_, saveReceipt_}) {
        receiptButtons->Add(b, 0, wxRIGHT, FromDIP(8));
        b->Hide();
        b->Bind(wxEVT_BUTTON, [this, b](wxCommandEvent&) {
            const ReceiptOutput output = b == printReceipt_     ? ReceiptOutput::Print
                                         : b == previewReceipt_ ? ReceiptOutput::Preview
                                                                : ReceiptOutput::SavePdf;
            outputReceipt(GetParent(), worker_, toUtf8(doneReceipt_), output, false);
        });
    }

    auto* refusalRow = new wxBoxSizer(wxHORIZONTAL);
    refusalRow->Add(refusalIcon_, 0, wxRIGHT | wxALIGN_TOP, FromDIP(8));
    refusalRow->Add(refusal_, 1, wxALIGN_CENTER_VERTICAL);
    auto* buttons = new wxStdDialogButtonSizer;
    buttons->AddButton(ok_);
    buttons->AddButton(cancel_);
    buttons->Realize();

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(form_, 1, wxEXPAND | wxALL, FromDIP(12));
    sizer->Add(hint_, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(12));
    sizer->Add(refusalRow, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(12));
    sizer->Add(receipt_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(12));
    sizer->Add(summary_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(12));
    sizer->Add(receiptButtons, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(12));
    sizer->Add(buttons, 0, wxEXPAND | wxALL, FromDIP(12));
    SetSizer(sizer);
    for (wxWindow* w : {static_cast<wxWindow*>(refusalIcon_), static_cast<wxWindow*>(refusal_),
                        static_cast<wxWindow*>(receipt_), static_cast<wxWindow*>(summary_)})
        w->Hide();

    ok_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!busy_ && !succeeded_ && problem().empty()) send();
    });
    cancel_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (IsModal()) EndModal(succeeded_ ? wxID_OK : wxID_CANCEL);
        else Hide();
    });
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] {  // after the sizer has given the lines their new widths
            for (const auto& [line, text] : lines_) setLine(line, wxString(text));
        });
    });
    // The first dialog of a kind can be shown before the window manager has said how tall its
    // title bar is, which leaves the form a row short; fit again once it is on screen.
    Bind(wxEVT_SHOW, [this](wxShowEvent& e) {
        if (e.IsShown())
            CallAfter([this] {
                Fit();
                // The window manager and GTK give the focus to the first field as the dialog
                // maps; the next thing to fill is where the cursor belongs.
                if (initialFocus_ && !succeeded_) initialFocus_->SetFocus();
                // GTK selects a whole entry when the dialog first focuses it; a pre-filled
                // field that is not where the cursor ended up should not look selected.
                for (const auto& [key, control] : byKey_)
                    if (auto* field = dynamic_cast<wxTextCtrl*>(control); field && !field->HasFocus())
                        field->SetInsertionPointEnd();
            });
        e.Skip();
    });
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
        const int key = e.GetKeyCode();
        if ((key == WXK_RETURN || key == WXK_NUMPAD_ENTER) && !e.HasAnyModifiers() &&
            dynamic_cast<wxChoice*>(FindFocus()) && !busy_ && !succeeded_ && problem().empty()) {
            send();
            return;
        }
        e.Skip();
    });
    // A hand-over in flight finishes either way; closing now would hide its receipt.
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        if (busy_ && e.CanVeto()) e.Veto();
        else e.Skip();
    });
}

CustodyDialog::~CustodyDialog() {
    alive_.reset();
    for (auto& w : watches_) w->timer.Stop();
}

wxString CustodyDialog::hintText() const { return lines_.count(hint_) ? lines_.at(hint_) : wxString(); }
wxString CustodyDialog::refusalText() const { return refusal_->IsShown() ? refusalText_ : wxString(); }
wxString CustodyDialog::receiptText() const { return receipt_->IsShown() ? receipt_->GetLabel() : wxString(); }

std::string CustodyDialog::text(const wxTextCtrl* field) { return trimmed(toUtf8(field->GetValue())); }

wxTextCtrl* CustodyDialog::addText(const wxString& label, const wxString& name, const wxString& value,
                                   const std::string& key, const wxString& placeholder) {
    auto* field = new wxTextCtrl(form_, wxID_ANY, value, wxDefaultPosition, FromDIP(wxSize(320, -1)),
                                 wxTE_PROCESS_ENTER);
    field->SetName(name);
    field->SetInsertionPointEnd();  // pre-filled from a scan: ready to add to, not to overwrite
    if (!placeholder.empty()) field->SetHint(placeholder);
    addRow(label, field, key);
    field->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
        if (refusal_->IsShown()) {  // an edit answers the refusal; the next OK asks again
            refusal_->Hide();
            refusalIcon_->Hide();
            describeFields(nullptr);
            Layout();
        }
        revalidate();
        e.Skip();
    });
    // A scanner ends each code with Enter: send when the form is complete, else go on to the
    // next field (so scanning fills the form top to bottom).
    field->Bind(wxEVT_TEXT_ENTER, [this, field](wxCommandEvent&) {
        if (!busy_ && !succeeded_ && problem().empty()) send();
        else field->Navigate();
    });
    return field;
}

void CustodyDialog::addRow(const wxString& label, wxWindow* control, const std::string& key) {
    auto* text = new wxStaticText(form_, wxID_ANY, label);
    // Just before its control in the tab order, so the label names it and its mnemonic works.
    text->MoveBeforeInTabOrder(control);
    if (!label.empty()) a11y::labelFor(text, control);
    grid_->Add(text, 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    grid_->Add(control, 1, wxEXPAND);
    if (!key.empty()) {
        byKey_[key] = control;
        fields_.push_back(control);
    }
}

void CustodyDialog::describeFields(wxWindow* refused) {
    // A field's description is its tooltip, and the refusal on the field it is about.
    for (wxWindow* field : fields_)
        a11y::setDescription(field, field == refused ? refusalText_ : field->GetToolTipText());
}

wxStaticText* CustodyDialog::addPreview(const wxString& name) {
    auto* preview = new a11y::InfoText(form_, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                                     wxST_NO_AUTORESIZE);
    preview->SetName(name);
    preview->SetMaxSize(wxSize(-1, preview->GetCharHeight()));
    // A fixed minimum so a long answer is cut with an ellipsis instead of growing the column
    // past the dialog's edge.
    preview->SetMinSize(wxSize(FromDIP(320), preview->GetCharHeight()));
    grid_->AddSpacer(0);
    grid_->Add(preview, 0, wxEXPAND | wxBOTTOM, FromDIP(6));
    return preview;
}

void CustodyDialog::finishLayout(wxWindow* focus) {
    revalidate();
    SetMinSize(FromDIP(wxSize(640, -1)));
    Fit();
    CentreOnParent();
    initialFocus_ = focus;
    if (focus) focus->SetFocus();
}

void CustodyDialog::revalidate() {
    if (busy_ || succeeded_) return;
    const wxString why = problem();
    ok_->Enable(why.empty());
    setLine(hint_, why.empty() ? readyText() : why);
}

void CustodyDialog::setFormEnabled(bool enabled) {
    form_->Enable(enabled);
    cancel_->Enable(enabled || succeeded_);
}

void CustodyDialog::start(const wxString& busyText) {
    busy_ = true;
    ok_->Disable();
    setFormEnabled(false);
    refusal_->Hide();
    refusalIcon_->Hide();
    setLine(hint_, busyText);
    Layout();
}

void CustodyDialog::succeed(const Outcome& outcome) {
    busy_ = false;
    succeeded_ = true;
    describeFields(nullptr);
    setFormEnabled(false);
    hint_->Hide();
    if (!outcome.receipt.empty()) {
        receipt_->SetLabelText(wxString::Format(_("Receipt %s"), outcome.receipt));
        receipt_->Show();
        doneReceipt_ = outcome.receipt;
        if (!closeOnSuccess_)
            for (wxButton* b : {printReceipt_, previewReceipt_, saveReceipt_}) b->Show();
    }
    summary_->SetLabelText(outcome.summary);
    summary_->Wrap(GetClientSize().x - FromDIP(24));
    summary_->Show();
    ok_->Hide();
    cancel_->SetLabel(_("Close"));
    cancel_->SetName(_("Close"));
    cancel_->SetDefault();
    cancel_->SetFocus();
    Layout();
    Fit();
    a11y::announce(outcome.receipt.empty() ? static_cast<wxWindow*>(summary_) : static_cast<wxWindow*>(receipt_));
    if (onSuccess_) onSuccess_(outcome);
    if (closeOnSuccess_) {
        if (IsModal()) EndModal(wxID_OK);
        else Hide();
    }
}

void CustodyDialog::refuse(const Error& error) {
    busy_ = false;
    setFormEnabled(true);
    refusalText_ = wxString::FromUTF8(error.what());
    refusal_->SetLabelText(refusalText_);
    refusal_->Wrap(GetClientSize().x - FromDIP(60));
    refusal_->Show();
    refusalIcon_->Show();
    // Look again: the previews show what another desk changed, and the next attempt carries
    // the version now in the register instead of repeating the stale one.
    for (auto& w : watches_)
        if (!text(w->field).empty()) lookUp(*w);
    revalidate();
    // The cursor goes where the answer is needed: the field the refusal is about, else the
    // first field; the field carries the refusal as its description, so it is read there too.
    wxWindow* focus = initialFocus_;
    if (auto it = byKey_.find(error.field()); it != byKey_.end()) focus = it->second;
    if (!focus || !focus->IsEnabled()) focus = fields_.empty() ? nullptr : fields_.front();
    describeFields(focus);
    Layout();
    Fit();
    if (focus) focus->SetFocus();
    a11y::announce(refusal_);
}

void CustodyDialog::watchDevice(wxTextCtrl* field, wxStaticText* preview, DeviceStatus expected) {
    watch(field, preview, false, expected);
}

void CustodyDialog::watchPerson(wxTextCtrl* field, wxStaticText* preview) {
    watch(field, preview, true, DeviceStatus::InStock);
}

void CustodyDialog::watch(wxTextCtrl* field, wxStaticText* preview, bool person, DeviceStatus expected) {
    auto watch = std::make_unique<Watch>();
    watch->field = field;
    watch->preview = preview;
    watch->person = person;
    watch->expected = expected;
    Watch* w = watch.get();
    watches_.push_back(std::move(watch));
    w->timer.Bind(wxEVT_TIMER, [this, w](wxTimerEvent&) { lookUp(*w); });
    field->Bind(wxEVT_TEXT, [w](wxCommandEvent& e) {
        w->version.reset();
        w->timer.StartOnce(kLookupDelayMs);
        e.Skip();
    });
    if (!text(field).empty()) lookUp(*w);
}

std::optional<int> CustodyDialog::seenVersion(wxTextCtrl* field) const {
    for (const auto& w : watches_)
        if (w->field == field) return w->version;
    return std::nullopt;
}

void CustodyDialog::setLine(wxStaticText* line, const wxString& text) {
    // Cut to the width the layout gave it, with an ellipsis, so a long answer never widens the
    // dialog past the screen; the whole text is in the tooltip. (wxST_ELLIPSIZE_END does not
    // cut a GTK label that the sizer has already sized to its first, shorter text.)
    lines_[line] = text;
    const int width = line->GetSize().x;
    line->SetLabelText(width > 0 ? wxControl::Ellipsize(text, wxClientDC(line), wxELLIPSIZE_END, width) : text);
    line->SetToolTip(text);
}

void CustodyDialog::showPreview(wxStaticText* preview, const wxString& text, bool warning) {
    preview->SetForegroundColour(warning ? toneColour(Tone::Warning) : wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
    setLine(preview, text);
}

void CustodyDialog::lookUp(Watch& w) {
    const std::string key = text(w.field);
    showPreview(w.preview, wxEmptyString, false);
    if (key.empty()) return;
    if (w.person) {
        try {
            StaffNumber::parse(key, "staff_no");
        } catch (const Error&) {
            return;  // the hint already says what is wrong with its shape
        }
    }
    std::weak_ptr<int> alive = alive_;
    services::UiPort* ui = &worker_.ui();
    Watch* wp = &w;
    const bool person = w.person;
    auto stillCurrent = [this, alive, wp, key] { return !alive.expired() && text(wp->field) == key; };
    worker_.post(
        [this, ui, wp, key, person, stillCurrent](services::Session& session) {
            if (person) {
                PersonCustody p = loadPersonCustody(session, key);
                ui->callAfter([this, wp, p, stillCurrent] {
                    if (!stillCurrent()) return;
                    wxString line = personLabel(p.person);
                    if (!p.person.unit.empty()) line += ", " + u8(p.person.unit);
                    if (!p.person.active) {
                        showPreview(wp->preview, line + _(": has left and cannot be issued devices"), true);
                        return;
                    }
                    wxString holds;
                    for (const auto& c : p.holds) holds += (holds.empty() ? "" : ", ") + u8(c.assetTag);
                    line += holds.empty() ? _("; holds nothing") : wxString::Format(_("; holds %s"), holds);
                    showPreview(wp->preview, line, false);
                });
                return;
            }
            Device d = services::showDevice(session, key);
            auto holder = services::currentHolder(session, d);
            ui->callAfter([this, wp, d, holder, stillCurrent] {
                if (!stillCurrent()) return;
                wp->version = d.version;
                const bool unexpected =
                    d.status != wp->expected || (d.legalHold && wp->expected == DeviceStatus::InStock);
                showPreview(wp->preview, u8(d.assetTag) + ": " + deviceSummary(d, holder), unexpected);
            });
        },
        [this, wp, stillCurrent](const Error& e) {
            if (stillCurrent()) showPreview(wp->preview, wxString::FromUTF8(e.what()), true);
        });
}

}  // namespace qm::gui
