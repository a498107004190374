// Receipts in the console (issue 10), in real windows under Xvfb: the Desk's Print, Preview and
// Save PDF after a hand-over (the preview opened, its pages drawn, and screenshotted), several
// devices on one receipt from the Issue dialog, a paper receipt's QR code scanned into the scan
// box opening that hand-over checked against the register, and a copy from the People view.
#include "gui/custody/issue_dialog.hpp"
#include "gui/custody/people_dialog.hpp"
#include "gui/custody/receipt_dialog.hpp"
#include "model/receipt.hpp"
#include "tests/gui/custody_fixture.hpp"

#include <wx/button.h>
#include <wx/print.h>
#include <wx/textctrl.h>

#include <cstdlib>
#include <filesystem>

namespace qm::test {
namespace {

// The first shown top-level window of type T, if any.
template <class T>
T* shownWindow() {
    for (wxWindow* w : wxTopLevelWindows)
        if (auto* t = dynamic_cast<T*>(w); t && t->IsShown()) return t;
    return nullptr;
}

class ReceiptDesk : public CustodyDesk {
protected:
    // Issues inStock_ (and, when given, more devices on the same receipt) to freeStaff_ from
    // the desk's Issue dialog; returns the receipt number the desk shows.
    std::string issueFromDesk(const std::string& more = {}) {
        WhenModal confirm([&](wxDialog* d) {
            auto* dialog = dynamic_cast<gui::IssueDialog*>(d);
            ASSERT_NE(dialog, nullptr);
            if (!more.empty()) {
                auto* field = dynamic_cast<wxTextCtrl*>(wxWindow::FindWindowByName("More devices", dialog));
                ASSERT_NE(field, nullptr);
                typeInto(field, w(more));
            }
            ASSERT_TRUE(pumpUntil([&] { return dialog->okButton()->IsEnabled(); })) << dialog->hintText();
            pressOk(dialog);
        });
        desk().openIssue(w(inStock_), w(freeStaff_), true);
        EXPECT_TRUE(pumpUntil([&] { return confirm.done() && !desk().lastReceipt().empty(); }));
        return desk().lastReceipt().ToStdString(wxConvUTF8);
    }
};

TEST_F(ReceiptDesk, AfterAHandOverTheDeskPreviewsTheReceiptItPrints) {
    EXPECT_FALSE(desk().previewReceiptButton()->IsEnabled()) << "no hand-over yet, no receipt";
    const std::string receipt = issueFromDesk();
    ASSERT_FALSE(receipt.empty());
    EXPECT_EQ(desk().chosenReceipt(), w(receipt));
    for (wxButton* b : {desk().printReceiptButton(), desk().previewReceiptButton(), desk().saveReceiptButton()})
        EXPECT_TRUE(b->IsEnabled()) << b->GetName();

    click(desk().previewReceiptButton(), [] { return shownWindow<wxPreviewFrame>() != nullptr; });
    ASSERT_TRUE(pumpUntil([] { return shownWindow<wxPreviewFrame>() != nullptr; }, std::chrono::seconds(10)))
        << "the print preview did not open";
    wxPreviewFrame* frame = shownWindow<wxPreviewFrame>();
    EXPECT_EQ(frame->GetName(), "Receipt preview");
    EXPECT_TRUE(frame->GetTitle().Contains(w(receipt))) << frame->GetTitle();
    wxPrintPreviewBase* preview = nullptr;
    for (wxWindow* child : frame->GetChildren())
        if (auto* bar = dynamic_cast<wxPreviewControlBar*>(child)) preview = bar->GetPrintPreview();
    ASSERT_NE(preview, nullptr);
    EXPECT_GE(preview->GetMaxPage(), 1);
    EXPECT_TRUE(preview->GetPrintout()->HasPage(1));
    pumpUntil([] { return false; }, std::chrono::seconds(1));  // let it paint

    // Looked at, as a person would: the preview on screen.
    const char* dir = std::getenv("QM_SCREENSHOT_DIR");
    const std::string shot = std::string(dir ? dir : ::testing::TempDir().c_str()) + "/receipt-preview.png";
    const std::string command = "import -window root '" + shot + "' 2>/dev/null";
    if (std::system("command -v import >/dev/null 2>&1") == 0) {
        EXPECT_EQ(std::system(command.c_str()), 0) << command;
        EXPECT_GT(std::filesystem::file_size(shot), 10000u);
    } else {
        std::cout << "[ SKIPPED  ] screenshot: imagemagick's import is missing\n";
    }
    frame->Close(true);
    pumpUntil([] { return shownWindow<wxPreviewFrame>() == nullptr; });
}

// Opened from the Register view the dialog stays open after the hand-over and offers the receipt
// itself.
TEST_F(ReceiptDesk, TheIssueDialogOffersItsReceiptWhenItStaysOpen) {
    bool offered = false, hiddenBefore = false;
    WhenModal issue([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::IssueDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        hiddenBefore = !dialog->printReceiptButton()->IsShown();
        ASSERT_TRUE(pumpUntil([&] { return dialog->okButton()->IsEnabled(); })) << dialog->hintText();
        pressOk(dialog);
        ASSERT_TRUE(dialog->succeeded()) << dialog->refusalText();
        offered = dialog->printReceiptButton()->IsShown() && dialog->printReceiptButton()->IsEnabled();
        auto* preview = dynamic_cast<wxButton*>(wxWindow::FindWindowByName("Preview receipt", dialog));
        ASSERT_NE(preview, nullptr);
        click(preview, [] { return shownWindow<wxPreviewFrame>() != nullptr; });
        EXPECT_TRUE(pumpUntil([] { return shownWindow<wxPreviewFrame>() != nullptr; }, std::chrono::seconds(10)));
        if (auto* frame = shownWindow<wxPreviewFrame>()) frame->Close(true);
        dialog->EndModal(wxID_OK);
    });
    desk().openIssue(w(inStock_), w(freeStaff_), false);
    ASSERT_TRUE(issue.done());
    EXPECT_TRUE(hiddenBefore) << "no receipt buttons before the hand-over";
    EXPECT_TRUE(offered) << "Print receipt is offered after the hand-over";
    pumpUntil([] { return shownWindow<wxPreviewFrame>() == nullptr; });
}

TEST_F(ReceiptDesk, SeveralDevicesFromTheIssueDialogGoOnOneReceipt) {
    // A tablet beside the phone (the one-phone rule leaves a tablet alone).
    std::string tablet;
    {
        auto owner = session("owner");
        owner->db().sql() << "select d.asset_tag from device d join device_model m on m.id = d.model_id"
                             " where d.status = 'in_stock' and not d.legal_hold and m.kind = 'tablet'"
                             " order by d.asset_tag limit 1",
            soci::into(tablet);
    }
    ASSERT_FALSE(tablet.empty());
    const std::string receipt = issueFromDesk(tablet);
    EXPECT_EQ(query("select count(*)::text from custody where issue_receipt = :t", receipt), "2");
    EXPECT_EQ(holderOf(tablet), freeStaff_);
    EXPECT_EQ(holderOf(inStock_), freeStaff_);
}

TEST_F(ReceiptDesk, ScanningAReceiptsQrCodeOpensThatHandOverChecked) {
    const std::string receipt = issueFromDesk();
    const std::string code = query("select receipt_code(:t)", receipt);
    ASSERT_EQ(code.size(), 14u);

    wxString verdict, details;
    WhenModal open([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::ReceiptDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        ASSERT_TRUE(pumpUntil([&] { return dialog->loaded(); }, std::chrono::seconds(10))) << dialog->verdict();
        verdict = dialog->verdict();
        details = dialog->details();
        EXPECT_TRUE(dialog->previewButton()->IsEnabled());
        dialog->EndModal(wxID_CLOSE);
    });
    scan("QMR1 " + receipt + " " + code);
    ASSERT_TRUE(pumpUntil([&] { return open.done(); }));
    EXPECT_TRUE(verdict.Contains("matches the register")) << verdict;
    EXPECT_TRUE(details.Contains(w(inStock_))) << details;
    EXPECT_TRUE(details.Contains(w(freeName_))) << details;

    // A paper whose code is not the register's.
    WhenModal forged([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::ReceiptDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        ASSERT_TRUE(pumpUntil([&] { return dialog->loaded(); }, std::chrono::seconds(10))) << dialog->verdict();
        verdict = dialog->verdict();
        dialog->EndModal(wxID_CLOSE);
    });
    scan("QMR1 " + receipt + " 0000-0000-0000");
    ASSERT_TRUE(pumpUntil([&] { return forged.done(); }));
    EXPECT_TRUE(verdict.Contains("does not match")) << verdict;
    EXPECT_EQ(holderOf(inStock_), freeStaff_) << "checking a receipt changes nothing";
}

TEST_F(ReceiptDesk, ThePeopleViewOpensACopyOfAHandOversReceipt) {
    const std::string receipt = issueFromDesk();
    desk().openPeople(w(freeStaff_));
    gui::PeopleDialog* people = shownWindow<gui::PeopleDialog>();
    ASSERT_NE(people, nullptr);
    ASSERT_TRUE(pumpUntil([&] { return people->holds()->GetItemCount() == 1; }, std::chrono::seconds(10)));
    EXPECT_FALSE(people->receiptButton()->IsEnabled());
    people->holds()->Select(0);
    ASSERT_TRUE(pumpUntil([&] { return people->receiptButton()->IsEnabled(); }));
    wxString details;
    WhenModal open([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::ReceiptDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        ASSERT_TRUE(pumpUntil([&] { return dialog->loaded(); }, std::chrono::seconds(10)));
        EXPECT_TRUE(dialog->verdict().Contains("copy")) << dialog->verdict();
        details = dialog->details();
        dialog->EndModal(wxID_CLOSE);
    });
    people->CallAfter([people] { people->openSelectedReceipt(); });
    ASSERT_TRUE(pumpUntil([&] { return open.done(); }));
    EXPECT_TRUE(details.Contains(w(inStock_))) << details;
    EXPECT_TRUE(details.Contains(w(receipt.empty() ? "?" : freeStaff_))) << details;
    people->Hide();
}

}  // namespace
}  // namespace qm::test
