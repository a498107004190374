#include "gui/custody/desk_panel.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_lists.hpp"
#include "gui/custody/custody_text.hpp"
#include "gui/custody/issue_dialog.hpp"
#include "gui/custody/lost_dialog.hpp"
#include "gui/custody/people_dialog.hpp"
#include "gui/custody/receipt_dialog.hpp"
#include "gui/custody/return_dialog.hpp"
#include "gui/custody/swap_dialog.hpp"
#include "gui/wrapped_text.hpp"
#include "model/receipt.hpp"

#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/listctrl.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/weakref.h>

#include <algorithm>

namespace qm::gui {
namespace {

using a11y::Tone;
using a11y::toneColour;

}  // namespace

DeskPanel::DeskPanel(wxWindow* parent, services::Background& worker) : wxPanel(parent, wxID_ANY), worker_(worker) {
    SetName(_("Desk"));
    const int gap = FromDIP(8);
    auto* sizer = new wxBoxSizer(wxVERTICAL);

    auto* scanLabel = new wxStaticText(this, wxID_ANY, _("&Scan a warrant card or a device"));
    scanLabel->SetFont(scanLabel->GetFont().Bold());
    scan_ = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    scan_->SetName(_("Scan"));
    scan_->SetFont(scan_->GetFont().Scaled(1.6f));
    scan_->SetHint(_("Staff number, asset tag, serial or IMEI, then Enter"));
    scan_->SetToolTip(_("A barcode scanner types here and presses Enter. Esc: finish with this officer."));
    a11y::labelFor(scanLabel, scan_);
    a11y::setDescription(scan_, _("A barcode scanner types here and presses Enter. Esc: finish with this officer."));
    prompt_ = new WrappedText(this, this, FromDIP(24));
    prompt_->SetName(_("Desk prompt"));
    prompt_->SetFont(prompt_->GetFont().Scaled(1.15f));
    a11y::markAsNotification(prompt_);  // what the desk says after each scan is read out

    auto* actions = new wxBoxSizer(wxHORIZONTAL);
    issue_ = new wxButton(this, wxID_ANY, _("Issue\u2026"));
    return_ = new wxButton(this, wxID_ANY, _("Return\u2026"));
    swap_ = new wxButton(this, wxID_ANY, _("Swap\u2026"));
    lost_ = new wxButton(this, wxID_ANY, _("Report lost or stolen\u2026"));
    setHandOverTips();
    issue_->SetName(_("Issue"));
    return_->SetName(_("Return"));
    swap_->SetName(_("Swap"));
    lost_->SetName(_("Report lost or stolen"));
    for (wxButton* b : {issue_, return_, swap_, lost_}) actions->Add(b, 0, wxRIGHT, gap);

    auto* officerBox = new wxStaticBoxSizer(new a11y::GroupBox(this, wxID_ANY, _("Officer at the desk")), wxVERTICAL);
    wxWindow* ob = officerBox->GetStaticBox();
    officerName_ = new a11y::InfoText(ob, wxID_ANY, _("No officer yet: scan a warrant card to start."));
    officerName_->SetName(_("Officer"));
    officerName_->SetFont(officerName_->GetFont().Scaled(1.3f).Bold());
    officerDetails_ = new a11y::InfoText(ob, wxID_ANY, wxEmptyString);
    officerDetails_->SetName(_("Officer details"));
    holdings_ = new HoldingsList(ob, false, _("Officer holds"));
    auto* officerButtons = new wxBoxSizer(wxHORIZONTAL);
    clearOfficer_ = new wxButton(ob, wxID_ANY, _("Done with this officer (Esc)"));
    clearOfficer_->SetName(_("Done with this officer"));
    people_ = new wxButton(ob, wxID_ANY, _("Custody record\u2026"));
    people_->SetName(_("Custody record"));
    people_->SetToolTip(_("What this officer holds and has held (Ctrl+P)"));
    officerButtons->Add(clearOfficer_, 0, wxRIGHT, gap);
    officerButtons->Add(people_, 0);
    officerBox->Add(officerName_, 0, wxEXPAND | wxALL, gap);
    officerBox->Add(officerDetails_, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    officerBox->Add(holdings_, 1, wxEXPAND | wxALL, gap);
    officerBox->Add(officerButtons, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);

    auto* receiptBox = new wxStaticBoxSizer(new a11y::GroupBox(this, wxID_ANY, _("Hand-overs at this desk")), wxVERTICAL);
    wxWindow* rb = receiptBox->GetStaticBox();
    receipt_ = new a11y::InfoText(rb, wxID_ANY, _("No hand-overs yet"));
    receipt_->SetName(_("Last receipt"));
    a11y::markAsNotification(receipt_);
    receipt_->SetFont(receipt_->GetFont().Scaled(1.5f).Bold());
    receiptSummary_ = new a11y::InfoText(rb, wxID_ANY, wxEmptyString);
    receiptSummary_->SetName(_("Last hand-over"));
    log_ = new wxListView(rb, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    log_->AppendColumn(_("Time"), wxLIST_FORMAT_LEFT, FromDIP(70));
    log_->AppendColumn(_("Receipt"), wxLIST_FORMAT_LEFT, FromDIP(120));
    log_->AppendColumn(_("What happened"), wxLIST_FORMAT_LEFT, FromDIP(560));
    a11y::exposeList(log_, _("Hand-overs at this desk"));
    // The receipt the officer signs: printed from here right after the hand-over.
    auto* receiptButtons = new wxBoxSizer(wxHORIZONTAL);
    printReceipt_ = new wxButton(rb, wxID_ANY, _("Print receipt…"));
    printReceipt_->SetName(_("Print receipt"));
    printReceipt_->SetToolTip(_("Print the receipt for the officer to sign (Ctrl+Shift+P)"));
    previewReceipt_ = new wxButton(rb, wxID_ANY, _("Preview receipt…"));
    previewReceipt_->SetName(_("Preview receipt"));
    saveReceipt_ = new wxButton(rb, wxID_ANY, _("Save receipt as PDF…"));
    saveReceipt_->SetName(_("Save receipt as PDF"));
    for (wxButton* b : {printReceipt_, previewReceipt_, saveReceipt_}) {
        receiptButtons->Add(b, 0, wxRIGHT, gap);
        b->Disable();
    }
    receiptBox->Add(receipt_, 0, wxEXPAND | wxALL, gap);
    receiptBox->Add(receiptSummary_, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    receiptBox->Add(receiptButtons, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    receiptBox->Add(log_, 1, wxEXPAND | wxALL, gap);

    sizer->Add(scanLabel, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(12));
    sizer->Add(scan_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(12));
    sizer->Add(prompt_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(12));
    sizer->Add(actions, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(12));
    sizer->Add(officerBox, 3, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(12));
    sizer->Add(receiptBox, 2, wxEXPAND | wxALL, FromDIP(12));
    SetSizer(sizer);

    std::weak_ptr<int> alive = alive_;
    DeskPresenter::Listener listener;
    listener.officerShown = [this, alive](const PersonCustody& p) {
        if (!alive.expired()) showOfficer(p);
    };
    listener.officerCleared = [this, alive] {
        if (alive.expired()) return;
        officerName_->SetLabelText(_("No officer yet: scan a warrant card to start."));
        shownOfficer_.clear();
        officerDetails_->SetLabelText(wxEmptyString);
        holdings_->show({});
        prompt(_("Scan the next officer's warrant card, or a device to return or swap."));
    };
    listener.deviceShown = [this, alive](const DeviceCustody& d, DeskAction action) {
        if (!alive.expired()) showDevice(d, action);
    };
    listener.failed = [this, alive](const std::string& sentence) {
        if (!alive.expired()) prompt(wxString::FromUTF8(sentence), true);
    };
    presenter_ = DeskPresenter::create(worker_, std::move(listener));

    scan_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { scan(scan_->GetValue()); });
    scan_->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& e) {
        if (e.GetKeyCode() == WXK_ESCAPE && !e.HasAnyModifiers()) clearOfficer();
        else e.Skip();
    });
    issue_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { openIssue(currentDevice(), officerStaffNo(), true); });
    return_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { openReturn(currentDevice(), true); });
    swap_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { openSwap(currentDevice(), true); });
    lost_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { openLost(currentDevice(), true); });
    clearOfficer_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { clearOfficer(); });
    people_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { openPeople(officerStaffNo()); });
    printReceipt_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { receiptAction(ReceiptOutput::Print); });
    previewReceipt_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { receiptAction(ReceiptOutput::Preview); });
    saveReceipt_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { receiptAction(ReceiptOutput::SavePdf); });

    enableActions(false, false);
    clearOfficer_->Disable();
    people_->Disable();
    prompt(_("Scan an officer's warrant card to issue devices to them, or scan a device to return or swap it."));
}

DeskPanel::~DeskPanel() { alive_.reset(); }

wxString DeskPanel::promptText() const { return prompt_->text(); }
wxString DeskPanel::officerName() const { return presenter_->officer() ? officerName_->GetLabel() : wxString(); }
wxString DeskPanel::lastReceipt() const { return log_->GetItemCount() ? log_->GetItemText(0, 1) : wxString(); }

wxString DeskPanel::currentDevice() const {
    return presenter_->device() ? u8(presenter_->device()->device.assetTag) : wxString();
}

wxString DeskPanel::officerStaffNo() const {
    return presenter_->officer() ? u8(presenter_->officer()->person.staffNo) : wxString();
}

void DeskPanel::scan(const wxString& code) {
    if (code.Strip(wxString::both).empty()) return;
    // A paper receipt's QR code: open that hand-over, checked against the register.
    if (auto receipt = parseReceiptQr(toUtf8(code))) {
        scan_->Clear();
        prompt(wxString::Format(_("Checking receipt %s against the register…"), u8(receipt->number)));
        openReceipt(receipt->number, receipt->code);
        return;
    }
    prompt(wxString::Format(_("Looking up %s\u2026"), code.Strip(wxString::both)));
    presenter_->scan(toUtf8(code));
    scan_->Clear();  // ready for the next scan
    scan_->SetFocus();
}

void DeskPanel::clearOfficer() {
    presenter_->clearOfficer();
    clearOfficer_->Disable();
    people_->Disable();
    if (!presenter_->device()) enableActions(false, false);
}

void DeskPanel::prompt(const wxString& text, bool problem) {
    prompt_->SetForegroundColour(problem ? toneColour(Tone::Problem) : wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
    prompt_->setText(text);
    a11y::announce(prompt_);
}

void DeskPanel::enableActions(bool issue, bool takeBack) {
    issueWanted_ = issue;
    takeBackWanted_ = takeBack;
    issue_->Enable(issue && handOversAllowed_);
    for (wxButton* b : {return_, swap_, lost_}) b->Enable(takeBack && handOversAllowed_);
}

void DeskPanel::setHandOverTips() {
    const wxString why = _("Your login may look devices and people up but not hand them over.");
    issue_->SetToolTip(handOversAllowed_ ? _("Issue a device to the officer (Ctrl+I)") : why);
    return_->SetToolTip(handOversAllowed_ ? _("Take the scanned device back (Ctrl+R)") : why);
    swap_->SetToolTip(handOversAllowed_ ? _("Swap the scanned device for a replacement (Ctrl+W)") : why);
    lost_->SetToolTip(handOversAllowed_ ? _("Report the scanned device lost or stolen (Ctrl+L)") : why);
}

void DeskPanel::allowHandOvers(bool allowed) {
    if (allowed == handOversAllowed_) return;
    handOversAllowed_ = allowed;
    setHandOverTips();
    enableActions(issueWanted_, takeBackWanted_);
}

// A scan or a shortcut that would open a hand-over while the login may not: say so instead.
bool DeskPanel::refuseHandOver() {
    if (handOversAllowed_) return false;
    prompt(_("Your login may look devices and people up but not hand them over; an administrator can give "
             "it the agent role."),
           true);
    return true;
}

void DeskPanel::showOfficer(const PersonCustody& p) {
    officerName_->SetLabelText(personLabel(p.person));
    wxString line = p.person.unit.empty() ? _("No command unit") : u8(p.person.unit);
    line += wxString::FromUTF8(" \u00B7 ");
    line += p.person.active ? wxString::Format(wxPLURAL("holds %d device", "holds %d devices", static_cast<int>(p.holds.size())),
                                               static_cast<int>(p.holds.size()))
                            : _("has left: devices can be taken back but not issued");
    officerDetails_->SetLabelText(line);
    officerDetails_->SetForegroundColour(p.person.active ? wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT)
                                                         : toneColour(Tone::Problem));
    holdings_->show(p.holds);
    clearOfficer_->Enable();
    people_->Enable();
    issueWanted_ = p.person.active;
    issue_->Enable(p.person.active && handOversAllowed_);
    const bool newOfficer = shownOfficer_ != u8(p.person.staffNo);  // not a reload after a hand-over
    shownOfficer_ = u8(p.person.staffNo);
    if (newOfficer)
        prompt(wxString::Format(_("%s is at the desk. Scan each device to issue to them; Esc when done."),
                                personLabel(p.person)),
               !p.person.active);
    Layout();
}

void DeskPanel::showDevice(const DeviceCustody& d, DeskAction action) {
    if (deviceShown_) deviceShown_(d);
    const wxString tag = u8(d.device.assetTag);
    const wxString staff = officerStaffNo();
    switch (action) {
    case DeskAction::IssueToOfficer:
        enableActions(true, false);
        prompt(wxString::Format(_("%s is in stock: issuing it to %s."), tag, personLabel(presenter_->officer()->person)));
        CallAfter([this, tag, staff] { openIssue(tag, staff, true); });
        break;
    case DeskAction::IssueAskOfficer:
        enableActions(true, false);
        prompt(wxString::Format(_("%s is in stock. Who gets it? Scan their warrant card."), tag));
        CallAfter([this, tag] { openIssue(tag, wxString(), true); });
        break;
    case DeskAction::TakeBack: {
        enableActions(false, true);
        wxString text = wxString::Format(_("%s is issued to %s since %s."), tag,
                                         d.holder ? personLabel(*d.holder) : _("someone"),
                                         d.holder ? deskTime(d.holder->issuedAt) : wxString());
        if (!staff.empty() && d.holder && u8(d.holder->staffNo) != staff)
            text += " " + _("That is not the officer at the desk.");
        prompt(text + " " + _("Return it (Ctrl+R), swap it (Ctrl+W) or report it lost (Ctrl+L)."));
        break;
    }
    case DeskAction::None:
        enableActions(false, false);
        if (d.device.legalHold)
            prompt(wxString::Format(_("%s is under LEGAL HOLD (%s): it cannot be issued."), tag, u8(d.device.holdReason)),
                   true);
        else
            prompt(wxString::Format(_("%s is %s: there is nothing to hand over."), tag,
                                    statusText(d.device.status).Lower()),
                   true);
        break;
    }
}

void DeskPanel::run(CustodyDialog* dialog, bool closeOnSuccess) {
    dialog_ = dialog;
    dialog->setCloseOnSuccess(closeOnSuccess);
    std::weak_ptr<int> alive = alive_;
    dialog->onSuccess([this, alive](const CustodyDialog::Outcome& o) {
        if (!alive.expired()) recordHandOver(o);
    });
    // Back where the user was: the scan box at the desk, else (Ctrl+I from the register list)
    // the control that had the focus.
    wxWeakRef<wxWindow> before(wxWindow::FindFocus());
    dialog->ShowModal();
    dialog_ = nullptr;
    dialog->Destroy();
    if (scan_->IsShownOnScreen() || !before) scan_->SetFocus();
    else before->SetFocus();
}

void DeskPanel::openIssue(const wxString& device, const wxString& staffNo, bool closeOnSuccess) {
    if (refuseHandOver()) return;
    if (!dialog_) run(new IssueDialog(dialogParent(), worker_, device, staffNo), closeOnSuccess);
}

void DeskPanel::openReturn(const wxString& device, bool closeOnSuccess) {
    if (refuseHandOver()) return;
    if (!dialog_) run(new ReturnDialog(dialogParent(), worker_, device), closeOnSuccess);
}

void DeskPanel::openSwap(const wxString& oldDevice, bool closeOnSuccess) {
    if (refuseHandOver()) return;
    if (!dialog_) run(new SwapDialog(dialogParent(), worker_, oldDevice), closeOnSuccess);
}

void DeskPanel::openLost(const wxString& device, bool closeOnSuccess) {
    if (refuseHandOver()) return;
    if (!dialog_) run(new LostDialog(dialogParent(), worker_, device), closeOnSuccess);
}

void DeskPanel::openPeople(const wxString& staffNo) {
    if (!peopleDialog_) peopleDialog_ = new PeopleDialog(dialogParent(), worker_);
    peopleDialog_->Show();
    peopleDialog_->Raise();
    if (!staffNo.empty()) peopleDialog_->find(staffNo);
    else peopleDialog_->staffField()->SetFocus();
}

void DeskPanel::openReceipt(const std::string& number, const std::optional<std::string>& scannedCode) {
    if (receiptDialog_ || dialog_) return;
    receiptDialog_ = new ReceiptDialog(dialogParent(), worker_, number, scannedCode);
    receiptDialog_->ShowModal();
    // What the check found stays on the desk after the dialog closes.
    const wxString verdict = receiptDialog_->verdict();
    const bool problem = !receiptDialog_->matches();
    receiptDialog_->Destroy();
    receiptDialog_ = nullptr;
    prompt(scannedCode ? verdict : _("Scan the next warrant card, device or receipt."), problem);
    scan_->SetFocus();
}

wxString DeskPanel::chosenReceipt() const {
    long row = log_->GetFirstSelected();
    if (row < 0 && log_->GetItemCount() > 0) row = 0;
    return row < 0 ? wxString() : log_->GetItemText(row, 1);
}

// The desk prints the original (it is about to be signed); copies come from the register's
// history (the People view, a scanned receipt).
void DeskPanel::receiptAction(ReceiptOutput output) {
    const std::string number = toUtf8(chosenReceipt());
    if (!number.empty()) outputReceipt(dialogParent(), worker_, number, output, false);
}

void DeskPanel::recordHandOver(const CustodyDialog::Outcome& o) {
    receipt_->SetLabelText(o.receipt.empty() ? _("Done") : wxString::Format(_("Receipt %s"), o.receipt));
    receipt_->SetForegroundColour(toneColour(Tone::Done));
    receiptSummary_->SetLabelText(o.summary);
    log_->InsertItem(0, wxDateTime::Now().Format("%H:%M"));
    log_->SetItem(0, 1, o.receipt);
    log_->SetItem(0, 2, o.summary);
    a11y::listChanged(log_);
    for (wxButton* b : {printReceipt_, previewReceipt_, saveReceipt_}) b->Enable(!chosenReceipt().empty());
    enableActions(presenter_->officer().has_value() && presenter_->officer()->person.active, false);
    prompt(presenter_->officer() ? _("Done. Scan the next device for this officer, or Esc when finished.")
                                 : _("Done. Scan the next warrant card or device."));
    presenter_->afterHandOver();
    if (handOver_) handOver_(o);
    Layout();
    a11y::announce(receipt_);
}

// Dialogs belong to the main window, not to this panel: wxGTK names a window after the label
// before it among its parent's children, and here that would be "Hand-overs at this desk".
wxWindow* DeskPanel::dialogParent() { return wxGetTopLevelParent(this); }

}  // namespace qm::gui
