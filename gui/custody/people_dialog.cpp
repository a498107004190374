#include "gui/custody/people_dialog.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_lists.hpp"
#include "gui/custody/custody_text.hpp"
#include "gui/custody/desk_presenter.hpp"
#include "gui/custody/receipt_dialog.hpp"
#include "model/identifiers.hpp"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace qm::gui {

PeopleDialog::PeopleDialog(wxWindow* parent, services::Background& worker)
    : wxDialog(parent, wxID_ANY, _("People"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      worker_(worker) {
    SetName(_("People"));
    auto* findRow = new wxBoxSizer(wxHORIZONTAL);
    auto* label = new wxStaticText(this, wxID_ANY, _("&Staff number:"));
    staff_ = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, FromDIP(wxSize(200, -1)),
                            wxTE_PROCESS_ENTER);
    a11y::labelFor(label, staff_);
    staff_->SetHint(_("Scan a warrant card or type a staff number"));
    find_ = new wxButton(this, wxID_ANY, _("&Find"));
    find_->SetName(_("Find person"));
    findRow->Add(label, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    findRow->Add(staff_, 1, wxRIGHT, FromDIP(8));
    findRow->Add(find_, 0);

    heading_ = new a11y::InfoText(this, wxID_ANY, _("No one shown yet"));
    heading_->SetName(_("Person"));
    heading_->SetFont(heading_->GetFont().Scaled(1.3f).Bold());
    details_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    details_->SetName(_("Person details"));
    holdsLabel_ = new wxStaticText(this, wxID_ANY, _("Holds now"));
    holdsLabel_->SetFont(holdsLabel_->GetFont().Bold());
    holds_ = new HoldingsList(this, false, _("Holds now"));
    auto* heldLabel = new wxStaticText(this, wxID_ANY, _("Has held"));
    heldLabel->SetFont(heldLabel->GetFont().Bold());
    held_ = new HoldingsList(this, true, _("Has held"));
    // Without "&": the same words as the stock label would make wxGTK show GTK's own "Close",
    // untranslated where GTK has no catalogue (the pseudo-locale). GTK still adds Alt+C in English.
    auto* close = new wxButton(this, wxID_CLOSE, _("Close"));
    close->SetName(_("Close"));
    receipt_ = new wxButton(this, wxID_ANY, _("&Receipt\u2026"));
    receipt_->SetName(_("Receipt"));
    receipt_->SetToolTip(_("The selected hand-over's receipt: preview, print or save a copy"));
    receipt_->Disable();
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(receipt_, 0);
    buttons->AddStretchSpacer();
    buttons->Add(close, 0);

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(10);
    sizer->Add(findRow, 0, wxEXPAND | wxALL, gap);
    sizer->Add(heading_, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    sizer->Add(details_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(holdsLabel_, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(holds_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(4));
    sizer->Add(heldLabel, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(held_, 2, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(4));
    sizer->Add(buttons, 0, wxEXPAND | wxALL, gap);
    SetSizer(sizer);
    SetSize(FromDIP(wxSize(980, 620)));
    SetEscapeId(wxID_CLOSE);

    staff_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { revalidate(); });
    staff_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { find(staff_->GetValue()); });
    find_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { find(staff_->GetValue()); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Hide(); });
    receipt_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { openSelectedReceipt(); });
    for (HoldingsList* list : {holds_, held_}) {
        list->Bind(wxEVT_LIST_ITEM_SELECTED, [this, list](wxListEvent& e) {
            lastSelected_ = list;
            receipt_->Enable(!list->selectedReceipt().empty());
            e.Skip();
        });
        list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this, list](wxListEvent&) {
            lastSelected_ = list;
            openSelectedReceipt();
        });
    }
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Hide(); });  // kept for the next Ctrl+P
    revalidate();
    staff_->SetFocus();
}

PeopleDialog::~PeopleDialog() { alive_.reset(); }

wxString PeopleDialog::heading() const { return heading_->GetLabel(); }

void PeopleDialog::revalidate() {
    const std::string staff = toUtf8(staff_->GetValue());
    wxString why;
    try {
        StaffNumber::parse(staff, "staff_no");
    } catch (const Error& e) {
        why = staff.find_first_not_of(" \t") == std::string::npos ? wxString() : wxString::FromUTF8(e.what());
    }
    find_->Enable(why.empty() && !staff_->GetValue().Strip(wxString::both).empty());
    staff_->SetToolTip(why);
}

void PeopleDialog::find(const wxString& staffNo) {
    if (staff_->GetValue() != staffNo) staff_->ChangeValue(staffNo);
    revalidate();
    const std::string key = toUtf8(staffNo);
    heading_->SetLabelText(_("Looking up\u2026"));
    std::weak_ptr<int> alive = alive_;
    services::UiPort* ui = &worker_.ui();
    worker_.post(
        [this, alive, key, ui](services::Session& session) {
            PersonCustody p = loadPersonCustody(session, key);
            ui->callAfter([this, alive, p] {
                if (alive.expired()) return;
                heading_->SetLabelText(personLabel(p.person));
                wxString line = p.person.unit.empty() ? _("No command unit") : u8(p.person.unit);
                if (!p.person.email.empty()) line += wxString::FromUTF8(" \u00B7 ") + u8(p.person.email);
                line += wxString::FromUTF8(" \u00B7 ") +
                        (p.person.active ? _("Active") : wxString::Format(_("Left on %s"), u8(p.person.leftOn)));
                details_->SetLabelText(line);
                const int n = static_cast<int>(p.holds.size());
                holdsLabel_->SetLabelText(wxString::Format(wxPLURAL("Holds now: %d device", "Holds now: %d devices", n), n));
                holds_->show(p.holds);
                held_->show(p.held);
                lastSelected_ = nullptr;
                receipt_->Disable();
                Layout();
            });
        },
        [this, alive](const Error& e) {
            if (alive.expired()) return;
            heading_->SetLabelText(wxString::FromUTF8(e.what()));
            details_->SetLabelText(wxEmptyString);
            holds_->show({});
            held_->show({});
        });
}

void PeopleDialog::openSelectedReceipt() {
    if (!lastSelected_) return;
    const std::string number = toUtf8(lastSelected_->selectedReceipt());
    if (number.empty()) return;
    ReceiptDialog dialog(this, worker_, number);
    dialog.ShowModal();
}

}  // namespace qm::gui
