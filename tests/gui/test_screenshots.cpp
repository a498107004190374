// Not a test: the tour that takes the user guide's screenshots (docs/screenshots/) against a
// running demo register, skipped unless asked for:
//
//   qmctl demo start --dir /tmp/qm-gui-demo --devices 32000     (prints the Agent conninfo)
//   Xvfb :77 -screen 0 1400x900x24 &  xfwm4 --display :77 &    (a window manager: title bars)
//   export DISPLAY=:77 QM_SCREENSHOT_DIR=docs/screenshots
//   export QM_SCREENSHOT_DB="<agent conninfo>" QM_SCREENSHOT_MANAGER_DB="<manager conninfo>"
//   ./build/tests/qm_gui_tests --gtest_filter='Screenshots.*'
//
// It does real hand-overs in that register (issue, swap, return, a legal hold), as a desk would.
//
// Screenshots.MdmTour takes the MDM views' screenshots (mdm-panel.png, wipe-dialog.png,
// sync.png, approvals.png, drift.png) against the same kind of register and the Graph simulator
// serving that register's devices (qm-mdm-sim --from-register OWNER --drift 0.03); besides the
// above it needs QM_SCREENSHOT_APPROVER_DB (an approver login) and the QM_MDM_* settings of the
// simulator (token and Graph URLs, its CA, client id and secret). QM_SCREENSHOT_TITLE_BAR is
// the window manager's title bar height (28, xfwm4's, unless set; openbox's is 23).
#include "gui/custody/custody_lists.hpp"
#include "gui/custody/issue_dialog.hpp"
#include "gui/custody/lost_dialog.hpp"
#include "gui/custody/return_dialog.hpp"
#include "gui/custody/swap_dialog.hpp"
#include "gui/main_frame.hpp"
#include "gui/mdm/approvals_dialog.hpp"
#include "gui/mdm/command_list.hpp"
#include "gui/mdm/drift_dialog.hpp"
#include "gui/mdm/mdm_panel.hpp"
#include "gui/mdm/reason_dialog.hpp"
#include "gui/mdm/sync_dialog.hpp"
#include "services/custody/custody.hpp"
#include "services/mdm/commands.hpp"
#include "tests/gui/gui_drive.hpp"

#include <gtest/gtest.h>
#include <wx/checkbox.h>
#include <wx/menu.h>
#include <wx/choice.h>
#include <wx/radiobox.h>
#include <wx/stattext.h>

#include <cstdlib>

namespace qm::test {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

wxString w(const std::string& s) { return wxString::FromUTF8(s); }

void settle() { pumpUntil([] { return false; }, std::chrono::seconds(1)); }

int titleBar() { return env("QM_SCREENSHOT_TITLE_BAR").empty() ? 28 : std::atoi(env("QM_SCREENSHOT_TITLE_BAR").c_str()); }

// The whole screen, or the window's rectangle with its title bar (a top-level window's) or a
// small margin (a part of one).
void shoot(const std::string& name, wxWindow* window = nullptr) {
    wxUIActionSimulator().MouseMove(1399, 450);  // no tooltip over what is being shown
    settle();
    std::string crop;
    if (window) {
        wxRect r = window->GetScreenRect();
        const int bar = window->IsTopLevel() ? titleBar() : 0;
        r.Inflate(window->IsTopLevel() ? 8 : 4, window->IsTopLevel() ? 8 : 4);
        r.y -= bar;
        r.height += bar;
        r.Intersect(wxRect(0, 0, 1400, 900));
        crop = " -crop " + std::to_string(r.width) + "x" + std::to_string(r.height) + "+" + std::to_string(r.x) + "+" +
               std::to_string(r.y) + " +repage";
    }
    const std::string command = "import -window root" + crop + " '" + env("QM_SCREENSHOT_DIR") + "/" + name + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

wxString label(wxWindow* parent, const wxString& name) {
    auto* text = dynamic_cast<wxStaticText*>(wxWindow::FindWindowByName(name, parent));
    return text ? text->GetLabel() : wxString();
}

// Waits for the dialog's lookups ("Device found", ...) to describe what was typed.
void awaitPreviews(wxWindow* dialog, std::initializer_list<const char*> names) {
    for (const char* n : names) EXPECT_TRUE(pumpUntil([&] { return !label(dialog, n).empty(); }, std::chrono::seconds(10))) << n;
}

TEST(Screenshots, DeskTour) {
    if (env("QM_SCREENSHOT_DB").empty() || env("QM_SCREENSHOT_DIR").empty())
        GTEST_SKIP() << "set QM_SCREENSHOT_DB and QM_SCREENSHOT_DIR to take the user guide's screenshots";
    services::Session agent(env("QM_SCREENSHOT_DB"), services::Access::Desk);
    auto& sql = agent.db().sql();
    auto pick = [&](const std::string& query) {
        std::string value;
        sql << query, soci::into(value);
        return value;
    };
    const std::string freePerson = " p.active and not exists (select 1 from custody c where c.person_id = p.id and c.returned_at is null)";
    const std::string officer = pick("select staff_no from person p where rank = 'Police Constable' and name like '%''%' and" + freePerson + " limit 1");
    const std::string inStock = "select d.asset_tag from device d join device_model m on m.id = d.model_id"
                                " where d.status = 'in_stock' and not d.legal_hold and m.kind = ";
    const std::string phone = pick(inStock + "'phone' order by d.asset_tag limit 1");
    const std::string tablet = pick(inStock + "'tablet' order by d.asset_tag limit 1");
    const std::string spare = pick(inStock + "'phone' order by d.asset_tag desc limit 1");
    const std::string story = pick(inStock + "'phone' order by d.asset_tag offset 1 limit 1");
    const std::string first = pick("select staff_no from person p where" + freePerson + " order by staff_no desc limit 1");
    const std::string second = pick("select staff_no from person p where name like '%\u00eb%' and" + freePerson + " limit 1");
    const std::string issued = "select d.asset_tag from custody c join device d on d.id = c.device_id join person p on"
                               " p.id = c.person_id join device_model m on m.id = d.model_id where c.returned_at is null"
                               " and not d.legal_hold and p.active and m.kind = 'phone' order by d.asset_tag ";
    const std::string faulty = pick(issued + "limit 1");
    const std::string returning = pick(issued + "offset 1 limit 1");
    const std::string missing = pick(issued + "offset 2 limit 1");
    ASSERT_FALSE(officer.empty() || phone.empty() || tablet.empty() || faulty.empty() || story.empty());

    // A device with a past, for the detail pane: issued, returned damaged, repaired, issued
    // again, and put under legal hold.
    services::IssueRequest give;
    give.device = story;
    give.staffNo = first;
    give.accessories = {"charger"};
    services::issueDevice(agent, give);
    services::ReturnRequest takeBack;
    takeBack.device = story;
    takeBack.condition = "damaged";
    takeBack.note = "Cracked back glass";
    services::returnDevice(agent, takeBack);
    services::restock(agent, story, "Back glass replaced under warranty");
    give.staffNo = second.empty() ? first : second;
    give.accessories = {"charger", "case"};
    services::issueDevice(agent, give);
    if (!env("QM_SCREENSHOT_MANAGER_DB").empty()) {
        services::Session manager(env("QM_SCREENSHOT_MANAGER_DB"), services::Access::Desk);
        services::placeHold(manager, story, "Operation Larch: evidence, do not wipe (DS Patel)");
    }

    auto* frame = new gui::MainFrame(env("QM_SCREENSHOT_DB"));
    frame->SetSize(0, 0, 1400, 900);
    frame->Show();
    frame->Maximize();
    auto& desk = *frame->desk();
    ASSERT_TRUE(pumpUntil([&] { return frame->deviceList()->GetItemCount() > 0; }));
    auto scan = [&](const std::string& code) {
        typeInto(desk.scanBox(), w(code));
        pressEnter(desk.scanBox(), [&] { return desk.scanBox()->IsEmpty(); });
        pumpUntil([&] { return desk.presenter().pending() == 0; });
        settle();
    };

    // A swap: the faulty phone's holder is at the desk with it.
    scan(faulty);
    WhenModal swap([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::SwapDialog*>(d);
        typeInto(dialog->newField(), w(spare));
        typeInto(dialog->reasonField(), "Screen cracked; touch dead along the bottom edge");
        awaitPreviews(dialog, {"Faulty device found", "Replacement found"});
        shoot("swap-dialog.png", dialog);
        click(dialog->okButton(), [&] { return dialog->succeeded(); });
        EXPECT_TRUE(pumpUntil([&] { return dialog->succeeded(); }, std::chrono::seconds(10))) << dialog->refusalText();
    });
    click(desk.swapButton(), [&] { return swap.shown(); });
    pumpUntil([&] { return swap.done(); });

    // A return, faulty: to repair.
    scan(returning);
    WhenModal back([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::ReturnDialog*>(d);
        dialog->conditionChoice()->SetSelection(2);
        wxCommandEvent chosen(wxEVT_CHOICE, dialog->conditionChoice()->GetId());
        chosen.SetEventObject(dialog->conditionChoice());
        dialog->conditionChoice()->ProcessWindowEvent(chosen);
        typeInto(dynamic_cast<wxTextCtrl*>(wxWindow::FindWindowByName("Note", dialog)), "Battery swells, will not charge");
        awaitPreviews(dialog, {"Device found"});
        shoot("return-dialog.png", dialog);
        click(dialog->okButton(), [&] { return dialog->succeeded(); });
        EXPECT_TRUE(pumpUntil([&] { return dialog->succeeded(); }, std::chrono::seconds(10))) << dialog->refusalText();
    });
    click(desk.returnButton(), [&] { return back.shown(); });
    pumpUntil([&] { return back.done(); });

    // An officer, then two devices to issue to them.
    scan(officer);
    WhenModal issuePhone([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::IssueDialog*>(d);
        for (const char* kit : {"Charger", "Case"})
            if (auto* box = dynamic_cast<wxCheckBox*>(wxWindow::FindWindowByName(kit, dialog))) box->SetValue(true);
        awaitPreviews(dialog, {"Device found", "Officer found"});
        shoot("issue-dialog.png", dialog);
        click(dialog->okButton(), [&] { return dialog->succeeded(); });
        EXPECT_TRUE(pumpUntil([&] { return dialog->succeeded(); }, std::chrono::seconds(10))) << dialog->refusalText();
    });
    scan(phone);
    pumpUntil([&] { return issuePhone.done(); });
    WhenModal issueTablet([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::IssueDialog*>(d);
        click(dialog->okButton(), [&] { return dialog->succeeded(); });
        EXPECT_TRUE(pumpUntil([&] { return dialog->succeeded(); }, std::chrono::seconds(10))) << dialog->refusalText();
    });
    scan(tablet);
    pumpUntil([&] { return issueTablet.done(); });
    pumpUntil([&] { return desk.holdings()->GetItemCount() == 2; });
    shoot("desk.png");

    // Refused: the phone just issued, offered to the officer again from another desk's view.
    WhenModal refused([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::IssueDialog*>(d);
        awaitPreviews(dialog, {"Device found", "Officer found"});
        click(dialog->okButton(), [&] { return !dialog->refusalText().empty(); });
        pumpUntil([&] { return !dialog->refusalText().empty(); });
        shoot("issue-refused.png", dialog);
        dialog->EndModal(wxID_CANCEL);
    });
    desk.openIssue(w(phone), w(officer), false);

    // Report stolen: the form, filled in (not sent).
    WhenModal lost([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::LostDialog*>(d);
        dialog->whatHappened()->SetSelection(1);
        wxCommandEvent picked(wxEVT_RADIOBOX, dialog->whatHappened()->GetId());
        picked.SetEventObject(dialog->whatHappened());
        picked.SetInt(1);
        dialog->whatHappened()->ProcessWindowEvent(picked);
        typeInto(dynamic_cast<wxTextCtrl*>(wxWindow::FindWindowByName("Incident reference", dialog)), "CAD 4711/14MAR");
        awaitPreviews(dialog, {"Device found"});
        shoot("lost-dialog.png", dialog);
        dialog->EndModal(wxID_CANCEL);
    });
    desk.openLost(w(missing), false);

    // The device with a past and a legal hold, in the register view.
    frame->showPage(gui::MainFrame::Page::Register);
    frame->findBox()->SetValue(w(story));
    frame->findDevice(w(story));
    pumpUntil([&] { return frame->details()->shownAssetTag() == w(story); });
    shoot("detail-timeline.png");

    desk.openPeople(w(officer));
    auto* people = wxWindow::FindWindowByName("People", frame);
    settle();
    shoot("people.png", people);
    people->Hide();
    frame->Destroy();
    settle();
}

TEST(Screenshots, MdmTour) {
    if (env("QM_SCREENSHOT_DB").empty() || env("QM_SCREENSHOT_DIR").empty() || env("QM_SCREENSHOT_APPROVER_DB").empty() ||
        env("QM_MDM_GRAPH_URL").empty())
        GTEST_SKIP() << "set QM_SCREENSHOT_DB, QM_SCREENSHOT_APPROVER_DB, QM_SCREENSHOT_DIR and the QM_MDM_* settings "
                        "of a simulator to take the MDM screenshots";
    services::Session agent(env("QM_SCREENSHOT_DB"), services::Access::Desk);
    services::Session approver(env("QM_SCREENSHOT_APPROVER_DB"), services::Access::Desk);

    // The agent's console: synchronise first, so the register knows what the MDM knows.
    auto* frame = new gui::MainFrame(env("QM_SCREENSHOT_DB"));
    frame->SetSize(0, 0, 1400, 900);
    frame->Show();
    frame->Maximize();
    ASSERT_TRUE(pumpUntil([&] { return frame->mdmWorker() != nullptr; })) << frame->mdmProblem();
    WhenModal syncing([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::SyncDialog*>(d);
        EXPECT_TRUE(pumpUntil([&] { return !dialog->running(); }, std::chrono::seconds(600))) << dialog->progressText();
        settle();
        shoot("sync.png", dialog);
        dialog->EndModal(wxID_OK);
    });
    frame->open(gui::MainFrame::Dialog::Sync);
    ASSERT_TRUE(pumpUntil([&] { return syncing.done(); }));

    auto& sql = agent.db().sql();
    auto pick = [&](const std::string& query) {
        std::string value;
        sql << query, soci::into(value);
        return value;
    };
    const std::string issued = "select d.asset_tag from custody c join device d on d.id = c.device_id"
                               " join mdm_device m on m.device_id = d.id where c.returned_at is null"
                               " and not d.legal_hold and not exists (select 1 from mdm_command c where"
                               " c.device_id = d.id and c.state in ('awaiting_approval', 'held', 'queued', 'sent'))"
                               " order by d.asset_tag ";
    const std::string shown = pick(issued + "limit 1");
    const std::string other = pick(issued + "offset 1 limit 1");
    const std::string third = pick(issued + "offset 2 limit 1");
    const std::string own = pick(issued + "offset 3 limit 1");
    ASSERT_FALSE(shown.empty() || own.empty());

    // The device on show has a history of commands: a sync (sent to the simulator and done by
    // now, or on its way), a remote lock, and the wipe requested in the dialog below.
    services::mdm::request(agent, shown, "sync", "");
    services::mdm::request(agent, shown, "remote_lock", "Holder reports it left on a train");
    frame->showPage(gui::MainFrame::Page::Register);
    frame->findBox()->SetValue(w(shown));
    frame->findDevice(w(shown));
    auto& mdm = *frame->details()->mdm();
    pumpUntil([&] { return frame->details()->shownAssetTag() == w(shown) && !mdm.loading(); });
    WhenModal wipe([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::ReasonDialog*>(d);
        typeInto(dialog->reasonField(), "Not recovered after 48 hours; crime reference CAD 5521/02DEC");
        typeInto(dialog->confirmField(), w(shown));
        settle();
        shoot("wipe-dialog.png", dialog);
        click(dialog->okButton(), [&] { return !dialog->IsModal(); });
        EXPECT_TRUE(pumpUntil([&] { return !dialog->IsModal(); }, std::chrono::seconds(10))) << dialog->refusalText();
    });
    click(mdm.wipeButton(), [&] { return wipe.shown(); });
    pumpUntil([&] { return wipe.done() && !mdm.noticeText().empty(); });
    pumpUntil([&] { return !mdm.loading() && mdm.commands()->GetItemCount() >= 3; });
    settle();
    shoot("mdm-panel.png", frame->details());
    frame->Destroy();
    settle();

    // The approver's console: two requests from the agent and one of the approver's own.
    services::mdm::request(agent, other, "wipe", "Reported stolen; CAD 6120/03DEC");
    services::mdm::request(agent, third, "retire", "Water damage; beyond economic repair");
    const long long mine = services::mdm::request(approver, own, "retire", "Battery swelling; unsafe to issue");
    auto* desk = new gui::MainFrame(env("QM_SCREENSHOT_APPROVER_DB"));
    desk->SetSize(0, 0, 1400, 900);
    desk->Show();
    desk->Maximize();
    ASSERT_TRUE(pumpUntil([&] { return desk->GetMenuBar()->IsEnabled(desk->GetMenuBar()->FindMenuItem(
        "Commands", wxString::FromUTF8("Wipe and retire requests\u2026"))); }));
    desk->open(gui::MainFrame::Dialog::Approvals);
    auto* approvals = dynamic_cast<gui::ApprovalsDialog*>(wxWindow::FindWindowByName("Wipe and retire requests", desk));
    ASSERT_NE(approvals, nullptr);
    pumpUntil([&] { return approvals->refreshes() > 0; });
    approvals->list()->select(mine);
    const long long before = approvals->refreshes();
    approvals->approve();  // refused: the approver asked for it
    pumpUntil([&] { return approvals->refreshes() > before && !approvals->busy(); });
    approvals->list()->select(mine);
    settle();
    shoot("approvals.png", approvals);
    approvals->Close();

    desk->open(gui::MainFrame::Dialog::Drift);
    auto* drift = dynamic_cast<gui::DriftDialog*>(wxWindow::FindWindowByName("MDM drift", desk));
    ASSERT_NE(drift, nullptr);
    pumpUntil([&] { return drift->refreshes() > 0; });
    settle();
    shoot("drift.png", drift);
    drift->Close();
    desk->Destroy();
    settle();
}

}  // namespace
}  // namespace qm::test
