// The Return, Report-lost and People views, the legal-hold banner, and the console's recovery
// from a lost connection — real windows under Xvfb against a seeded register.
#include "gui/custody/custody_lists.hpp"
#include "gui/custody/lost_dialog.hpp"
#include "gui/custody/people_dialog.hpp"
#include "gui/custody/return_dialog.hpp"
#include "services/custody/custody.hpp"
#include "tests/gui/custody_fixture.hpp"

#include <wx/choice.h>
#include <wx/radiobox.h>

namespace qm::test {
namespace {

TEST_F(CustodyDesk, ReturnNeedsAConditionAndDamagedKitGoesToRepair) {
    wxString receipt, readyHint;
    WhenModal back([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::ReturnDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        EXPECT_FALSE(dialog->okButton()->IsEnabled());  // the condition is never assumed
        EXPECT_TRUE(dialog->hintText().Contains("condition")) << dialog->hintText();
        dialog->conditionChoice()->SetSelection(1);  // Damaged
        wxCommandEvent chosen(wxEVT_CHOICE, dialog->conditionChoice()->GetId());
        chosen.SetEventObject(dialog->conditionChoice());
        chosen.SetInt(1);
        dialog->conditionChoice()->ProcessWindowEvent(chosen);
        ASSERT_TRUE(dialog->okButton()->IsEnabled()) << dialog->hintText();
        readyHint = dialog->hintText();
        pressOk(dialog);
        receipt = dialog->receiptText();
        dialog->EndModal(wxID_OK);
    });
    desk().openReturn(w(issued_), false);
    ASSERT_TRUE(back.done());
    EXPECT_TRUE(readyHint.Contains("repair")) << readyHint;
    EXPECT_TRUE(receipt.StartsWith("Receipt R")) << receipt;
    EXPECT_EQ(statusOf(issued_), "in_repair");
    EXPECT_EQ(holderOf(issued_), "");
}

TEST_F(CustodyDesk, ReportStolenClosesCustodyAndQueuesARemoteLock) {
    WhenModal report([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::LostDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        EXPECT_TRUE(dialog->okButton()->IsEnabled());  // the reference is optional
        dialog->whatHappened()->SetSelection(1);       // Stolen
        wxCommandEvent picked(wxEVT_RADIOBOX, dialog->whatHappened()->GetId());
        picked.SetEventObject(dialog->whatHappened());
        picked.SetInt(1);
        dialog->whatHappened()->ProcessWindowEvent(picked);
        EXPECT_EQ(dialog->okButton()->GetLabelText(), "Report stolen");
        pressOk(dialog);  // from the desk: it closes itself and the desk says what happened
        EXPECT_TRUE(dialog->succeeded()) << dialog->refusalText();
    });
    desk().openLost(w(issued_), true);
    ASSERT_TRUE(report.done());
    EXPECT_EQ(statusOf(issued_), "stolen");
    EXPECT_EQ(query("select action from mdm_command c join device d on d.id = c.device_id where d.asset_tag = :t",
                    issued_),
              "remote_lock");
    EXPECT_TRUE(desk().promptText().Contains("Done")) << desk().promptText();
    EXPECT_TRUE(frame_->GetStatusBar()->GetStatusText(2).Contains("remote lock")) << frame_->GetStatusBar()->GetStatusText(2);
}

TEST_F(CustodyDesk, LegalHoldIsShownWhereverTheDeviceIs) {
    auto manager = session("manager");
    services::placeHold(*manager, inStock_, "Operation Larch: evidence, do not wipe");
    frame_->findDevice(w(inStock_));
    ASSERT_TRUE(pumpUntil([&] { return frame_->details()->shownAssetTag() == w(inStock_); }));
    EXPECT_TRUE(frame_->details()->holdBanner().Contains("LEGAL HOLD")) << frame_->details()->holdBanner();
    EXPECT_TRUE(frame_->details()->holdBanner().Contains("Operation Larch"));
    scan(inStock_);
    EXPECT_TRUE(desk().promptText().Contains("LEGAL HOLD")) << desk().promptText();
    EXPECT_FALSE(desk().issueButton()->IsEnabled());
    EXPECT_EQ(desk().openDialog(), nullptr);  // nothing to hand over: no dialog
}

TEST_F(CustodyDesk, PeopleViewShowsWhatAPersonHoldsAndHasHeld) {
    auto agent = session("agent");
    services::IssueRequest issue;
    issue.device = inStock_;
    issue.staffNo = freeStaff_;
    services::issueDevice(*agent, issue);
    services::ReturnRequest back;
    back.device = inStock_;
    back.condition = "good";
    services::returnDevice(*agent, back);
    issue.device = inStock2_;
    issue.accessories = {"charger"};
    services::issueDevice(*agent, issue);

    desk().openPeople(w(freeStaff_));
    auto* people = dynamic_cast<gui::PeopleDialog*>(wxWindow::FindWindowByName("People", frame_));
    ASSERT_NE(people, nullptr);
    ASSERT_TRUE(pumpUntil([&] { return people->heading().Contains(w(freeName_)); })) << people->heading();
    ASSERT_TRUE(pumpUntil([&] { return people->holds()->GetItemCount() == 1; }));
    EXPECT_EQ(people->holds()->GetItemText(0, 0), w(inStock2_));
    EXPECT_EQ(people->holds()->GetItemText(0, 4), "charger");
    ASSERT_EQ(people->held()->GetItemCount(), 1);
    EXPECT_EQ(people->held()->GetItemText(0, 0), w(inStock_));
    EXPECT_TRUE(people->held()->GetItemText(0, 6).Contains("Returned"));

    // A staff number of the wrong shape cannot be looked up.
    typeInto(people->staffField(), "x");
    EXPECT_FALSE(wxWindow::FindWindowByName("Find person", people)->IsEnabled());
    people->Hide();
}

TEST_F(CustodyDesk, LostConnectionIsShownAndRecoveredByItself) {
    // The server drops the console's session (as a restart or a network cut would).
    auto owner = session("owner");
    owner->db().sql() << "select count(pg_terminate_backend(pid)) from pg_stat_activity where usename = 'test_agent'";
    scan(freeStaff_);  // the next action meets the dead connection...
    auto* status = frame_->GetStatusBar();
    ASSERT_TRUE(pumpUntil([&] { return status->GetStatusText(0).Contains("Connection lost"); }))
        << status->GetStatusText(0);
    EXPECT_TRUE(status->GetStatusText(0).Contains("Reconnecting"));
    // In plain words (issue 6): no libpq diagnosis, no server log text.
    for (const char* jargon : {"unexpectedly", "FATAL", "terminating connection", "administrator command", "socket"})
        EXPECT_FALSE(status->GetStatusText(0).Contains(jargon)) << status->GetStatusText(0);
    // ...and the console reconnects on its own, without anyone touching it.
    ASSERT_TRUE(pumpUntil([&] { return status->GetStatusText(0).Contains("test_agent@"); }, std::chrono::seconds(30)))
        << status->GetStatusText(0);
    scan(freeStaff_);
    EXPECT_TRUE(desk().officerName().Contains(w(freeName_))) << desk().promptText();
}

}  // namespace
}  // namespace qm::test
