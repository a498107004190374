// DeskPanel — the Desk view, built for a barcode scanner (it types the code and presses Enter).
//
//   scan box --Enter--> DeskPresenter::scan --> officer card   (a staff number)
//                                          '--> device prompt (a device) --> the hand-over:
//       in stock + officer at the desk  -> Issue dialog, pre-filled: Enter confirms
//       in stock, no officer            -> Issue dialog asking for the officer
//       issued                          -> Return / Swap / Report lost offered (Ctrl+R/W/L)
//       anything else                   -> says why there is nothing to hand over
//
// Focus stays in the scan box between hand-overs, so the next scan always lands there; each
// receipt number shows on the desk and in the list of this desk's hand-overs. The dialogs are
// modal: a scan while one is open types into the dialog, which is where it belongs.
#pragma once

#include "gui/custody/custody_dialog.hpp"
#include "gui/custody/desk_presenter.hpp"
#include "gui/custody/receipt_dialog.hpp"

#include <wx/panel.h>

#include <functional>
#include <memory>

class wxButton;
class wxListView;
class wxStaticText;
class wxTextCtrl;

namespace qm::gui {

class WrappedText;

class HoldingsList;
class PeopleDialog;

class DeskPanel : public wxPanel {
public:
    DeskPanel(wxWindow* parent, services::Background& worker);
    ~DeskPanel() override;

    // As if the code were scanned into the box.
    void scan(const wxString& code);
    void clearOfficer();

    // The dialogs, pre-filled; closeOnSuccess leaves the receipt to the desk.
    void openIssue(const wxString& device, const wxString& staffNo, bool closeOnSuccess);
    void openReturn(const wxString& device, bool closeOnSuccess);
    void openSwap(const wxString& oldDevice, bool closeOnSuccess);
    void openLost(const wxString& device, bool closeOnSuccess);
    void openPeople(const wxString& staffNo);
    // A hand-over's receipt from the register (a copy), checked against `scannedCode` when a
    // paper receipt's QR code was scanned.
    void openReceipt(const std::string& number, const std::optional<std::string>& scannedCode);

    // Whether this login may hand devices over (an agent or above). A viewer sees the desk,
    // scans and looks things up, but the hand-over buttons stay disabled and say why.
    void allowHandOvers(bool allowed);
    bool handOversAllowed() const { return handOversAllowed_; }

    // The last device scanned ("" when none) and the officer at the desk ("" when none).
    wxString currentDevice() const;
    wxString officerStaffNo() const;

    // Told when a scanned device arrives (the detail pane shows it) and after each hand-over.
    void onDeviceShown(std::function<void(const DeviceCustody&)> fn) { deviceShown_ = std::move(fn); }
    void onHandOver(std::function<void(const CustodyDialog::Outcome&)> fn) { handOver_ = std::move(fn); }

    // What the agent sees, for tests.
    wxTextCtrl* scanBox() const { return scan_; }
    wxString promptText() const;
    wxString officerName() const;
    wxString lastReceipt() const;
    wxButton* issueButton() const { return issue_; }
    wxButton* returnButton() const { return return_; }
    wxButton* swapButton() const { return swap_; }
    wxButton* lostButton() const { return lost_; }
    HoldingsList* holdings() const { return holdings_; }
    DeskPresenter& presenter() const { return *presenter_; }
    // The dialog open now (modal), or nullptr.
    CustodyDialog* openDialog() const { return dialog_; }
    ReceiptDialog* openReceiptDialog() const { return receiptDialog_; }
    wxButton* printReceiptButton() const { return printReceipt_; }
    wxButton* previewReceiptButton() const { return previewReceipt_; }
    wxButton* saveReceiptButton() const { return saveReceipt_; }
    // The receipt the Print, Preview and Save PDF buttons act on: the one selected in the list
    // of this desk's hand-overs, else the newest ("" when none).
    wxString chosenReceipt() const;

private:
    wxWindow* dialogParent();
    void showOfficer(const PersonCustody& officer);
    void showDevice(const DeviceCustody& device, DeskAction action);
    void prompt(const wxString& text, bool problem = false);
    void run(CustodyDialog* dialog, bool closeOnSuccess);
    void recordHandOver(const CustodyDialog::Outcome& outcome);
    void enableActions(bool issue, bool takeBack);

    services::Background& worker_;
    std::shared_ptr<DeskPresenter> presenter_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    std::function<void(const DeviceCustody&)> deviceShown_;
    std::function<void(const CustodyDialog::Outcome&)> handOver_;
    wxTextCtrl* scan_;
    WrappedText* prompt_;
    wxButton* issue_;
    wxButton* return_;
    wxButton* swap_;
    wxButton* lost_;
    wxStaticText* officerName_;
    wxStaticText* officerDetails_;
    HoldingsList* holdings_;
    wxButton* clearOfficer_;
    wxButton* people_;
    wxStaticText* receipt_;
    wxStaticText* receiptSummary_;
    wxListView* log_;
    wxButton* printReceipt_;
    wxButton* previewReceipt_;
    wxButton* saveReceipt_;
    ReceiptDialog* receiptDialog_ = nullptr;
    void receiptAction(ReceiptOutput output);
    wxString shownOfficer_;  // staff number on the card
    CustodyDialog* dialog_ = nullptr;
    PeopleDialog* peopleDialog_ = nullptr;
    bool handOversAllowed_ = true;
    bool issueWanted_ = false, takeBackWanted_ = false;  // what the scans offer, role aside
    bool refuseHandOver();
    void setHandOverTips();
};

}  // namespace qm::gui
