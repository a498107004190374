// The console's MDM views in real windows under Xvfb, against a small register with an MDM
// snapshot written as the database owner (as a finished sync would leave it): the MDM group of
// the detail pane, the Wipe request with its typed asset tag, the Approvals view's four-eyes
// rule as the database enforces it, the Command queue, the drift report and, when the Graph
// simulator is built beside the tests, a whole sync with its progress and summary.
#include "gui/main_frame.hpp"
#include "gui/mdm/approvals_dialog.hpp"
#include "gui/mdm/command_list.hpp"
#include "gui/mdm/commands_dialog.hpp"
#include "gui/mdm/drift_dialog.hpp"
#include "gui/mdm/mdm_panel.hpp"
#include "gui/mdm/reason_dialog.hpp"
#include "gui/mdm/sync_dialog.hpp"
#include "services/mdm/commands.hpp"
#include "tests/gui/gui_drive.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>
#include <wx/menu.h>
#include <wx/spinctrl.h>
#include <wx/statusbr.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace qm::test {
namespace {

wxString w(const std::string& s) { return wxString::FromUTF8(s); }

class MdmViews : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        addPhonesAndPeople("MV", 4, 2);
    }
    void TearDown() override {
        if (frame_) frame_->Destroy();
        wxTheApp->ProcessPendingEvents();
        wxYield();
    }

    // What a finished sync leaves: MV-1 and MV-2 in the MDM (MV-1 checked in three days ago),
    // and a phone the register does not know.
    void seedSnapshot() {
        db::Database owner(as("owner"));
        owner.execScript(
            "insert into mdm_sync (state, finished_at, seen, new_devices, changed, unmatched, gone)"
            " values ('done', now(), 3, 3, 0, 1, 0);"
            "update device set mdm_id = 'mdm-mv-' || substr(asset_tag, 4) where asset_tag in ('MV-1', 'MV-2');"
            "insert into mdm_device (mdm_id, device_id, device_name, serial, os, os_version, compliance,"
            "                        last_sync_at, upn, user_name, sync_id)"
            " select d.mdm_id, d.id, 'Phone ' || d.asset_tag, d.serial, 'Android', '14', 'compliant',"
            "        now() - interval '3 days', 'officer.one@met.example', 'Officer 1', (select max(id) from mdm_sync)"
            "   from device d where d.mdm_id is not null;"
            "insert into mdm_device (mdm_id, device_name, serial, os, compliance, last_sync_at, upn, sync_id)"
            " values ('mdm-stray-9', 'Stray phone', 'SX9999', 'iOS', 'noncompliant', now(), 'nobody@met.example',"
            "         (select max(id) from mdm_sync));");
    }

    void openConsole(const std::string& role) {
        frame_ = new gui::MainFrame(as(role));
        frame_->SetSize(0, 0, 1400, 900);
        frame_->Show();
        ASSERT_TRUE(pumpUntil([&] { return frame_->GetStatusBar()->GetStatusText(0).Contains("test_" + role + "@"); }));
    }

    gui::MdmPanel& mdm() { return *frame_->details()->mdm(); }

    // Shows the device in the detail pane and waits for its MDM group to be read.
    void show(const std::string& tag) {
        frame_->findDevice(w(tag));
        ASSERT_TRUE(pumpUntil([&] { return frame_->details()->shownAssetTag() == w(tag) && !mdm().loading(); }))
            << "the MDM group never showed " << tag << ": " << mdm().factsText();
    }

    template <class T>
    T* openView(gui::MainFrame::Dialog which, const wxString& name) {
        frame_->open(which);
        auto* view = dynamic_cast<T*>(wxWindow::FindWindowByName(name, frame_));
        EXPECT_NE(view, nullptr) << name;
        if (view) {
            EXPECT_TRUE(pumpUntil([view] { return view->refreshes() > 0; }));
        }
        return view;
    }

    // Picks a command in a list as a user does (a click on its row), then waits for `ready`.
    static void pick(gui::CommandList* list, long long id, const std::function<bool()>& ready) {
        long row = -1;
        for (size_t i = 0; i < list->rows().size(); ++i)
            if (list->rows()[i].id == id) row = static_cast<long>(i);
        ASSERT_GE(row, 0) << "command " << id << " is not listed";
        wxRect r;
        if (list->GetItemRect(row, r)) {
            wxUIActionSimulator mouse;
            mouse.MouseMove(list->ClientToScreen(wxPoint(r.x + r.width / 4, r.y + r.height / 2)));
            wxYield();
            mouse.MouseClick();
        }
        if (!pumpUntil([&] { return list->selected() && list->selected()->id == id; }, std::chrono::seconds(2)))
            list->select(id);  // no pointer without a window manager: select it as the keyboard would
        ASSERT_TRUE(pumpUntil(ready, std::chrono::seconds(10)));
    }

    std::string commandState(long long id) const {
        return text("select state from mdm_command where id = " + std::to_string(id));
    }

    gui::MainFrame* frame_ = nullptr;
};

TEST_F(MdmViews, PanelShowsWhatTheMdmSawAndTheDevicesCommands) {
    seedSnapshot();
    openConsole("agent");
    show("MV-1");
    const wxString facts = mdm().factsText();
    EXPECT_TRUE(facts.Contains("Last check-in")) << facts;
    EXPECT_TRUE(facts.Contains("3 days ago")) << facts;
    EXPECT_TRUE(facts.Contains("Android 14")) << facts;
    EXPECT_TRUE(facts.Contains("Compliant")) << facts;
    EXPECT_TRUE(facts.Contains("officer.one@met.example (Officer 1)")) << facts;
    EXPECT_TRUE(facts.Contains("mdm-mv-1")) << facts;
    EXPECT_EQ(mdm().commands()->GetItemCount(), 0);
    for (wxButton* b : {mdm().lockButton(), mdm().syncButton(), mdm().wipeButton(), mdm().retireButton()})
        EXPECT_TRUE(b->IsEnabled()) << b->GetLabel() << ": " << b->GetToolTipText();

    // Sync: straight to the outbox, shown in the device's commands with who asked.
    click(mdm().syncButton(), [&] { return !mdm().noticeText().empty(); });
    ASSERT_TRUE(pumpUntil([&] { return mdm().noticeText().Contains("queued as command"); })) << mdm().noticeText();
    ASSERT_TRUE(pumpUntil([&] { return mdm().commands()->GetItemCount() == 1 && !mdm().loading(); }));
    EXPECT_EQ(mdm().commands()->GetItemText(0, 0), "Sync");
    EXPECT_EQ(mdm().commands()->GetItemText(0, 1), "Queued");
    EXPECT_EQ(mdm().commands()->GetItemText(0, 2), "test_agent");
    EXPECT_EQ(text("select state || ' ' || requested_by from mdm_command where action = 'sync'"), "queued test_agent");

    // A device the last sync did not list: nothing the MDM could act on, but it can be retired.
    show("MV-3");
    EXPECT_TRUE(mdm().factsText().StartsWith("Not in the MDM")) << mdm().factsText();
    for (wxButton* b : {mdm().lockButton(), mdm().syncButton(), mdm().wipeButton()}) {
        EXPECT_FALSE(b->IsEnabled()) << b->GetLabel();
        EXPECT_TRUE(b->GetToolTipText().Contains("Not known to the MDM")) << b->GetToolTipText();
    }
    EXPECT_TRUE(mdm().retireButton()->IsEnabled());
}

TEST_F(MdmViews, PanelSaysWhenNoSyncHasFinished) {
    openConsole("agent");
    show("MV-1");
    EXPECT_TRUE(mdm().factsText().StartsWith("No MDM sync yet")) << mdm().factsText();
}

TEST_F(MdmViews, ViewersSeeTheMdmButMayNotSendCommands) {
    seedSnapshot();
    openConsole("viewer");
    show("MV-1");
    EXPECT_TRUE(mdm().factsText().Contains("mdm-mv-1")) << mdm().factsText();
    for (wxButton* b : {mdm().lockButton(), mdm().syncButton(), mdm().wipeButton(), mdm().retireButton()}) {
        EXPECT_FALSE(b->IsEnabled()) << b->GetLabel();
        EXPECT_TRUE(b->GetToolTipText().Contains("agent role")) << b->GetToolTipText();
    }
    wxMenuBar* bar = frame_->GetMenuBar();
    const int approvals = bar->FindMenuItem("Commands", wxString::FromUTF8("Wipe and retire requests\u2026"));
    const int queue = bar->FindMenuItem("Commands", wxString::FromUTF8("Command queue\u2026"));
    const int sync = bar->FindMenuItem("Commands", wxString::FromUTF8("Synchronise with the MDM\u2026"));
    const int drift = bar->FindMenuItem("Reports", wxString::FromUTF8("MDM drift\u2026"));
    ASSERT_NE(approvals, wxNOT_FOUND);
    EXPECT_FALSE(bar->IsEnabled(approvals));
    EXPECT_EQ(bar->GetHelpString(approvals), "Needs an approver or admin login.");
    EXPECT_TRUE(bar->IsEnabled(queue));
    EXPECT_TRUE(bar->IsEnabled(drift));
    // No MDM settings in the test's environment: nothing to synchronise with, and it says so.
    EXPECT_EQ(frame_->mdmWorker(), nullptr);
    EXPECT_FALSE(bar->IsEnabled(sync));
    EXPECT_EQ(bar->GetHelpString(sync), "No MDM configured (see the admin guide).");
}

TEST_F(MdmViews, WipeWaitsForTheExactAssetTagThenAwaitsADifferentApprover) {
    seedSnapshot();
    openConsole("agent");
    show("MV-1");
    bool checked = false;
    WhenModal wipe([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::ReasonDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        ASSERT_NE(dialog->confirmField(), nullptr);
        EXPECT_FALSE(dialog->okButton()->IsEnabled());
        typeInto(dialog->reasonField(), "Stolen from a patrol car; holder cannot be reached");
        EXPECT_FALSE(dialog->okButton()->IsEnabled()) << "no asset tag typed yet";
        EXPECT_TRUE(dialog->hintText().Contains("MV-1")) << dialog->hintText();
        for (const char* wrong : {"mv-1", "MV-", "MV-1 ", "MV-12"}) {
            typeInto(dialog->confirmField(), wrong);
            EXPECT_FALSE(dialog->okButton()->IsEnabled()) << "typed '" << wrong << "'";
        }
        typeInto(dialog->confirmField(), "MV-1");
        ASSERT_TRUE(dialog->okButton()->IsEnabled()) << dialog->hintText();
        checked = true;
        click(dialog->okButton(), [&] { return dialog->busy() || !dialog->IsModal(); });
        EXPECT_TRUE(pumpUntil([&] { return !dialog->IsModal(); }, std::chrono::seconds(20))) << dialog->refusalText();
    });
    click(mdm().wipeButton(), [&] { return wipe.shown(); });
    ASSERT_TRUE(pumpUntil([&] { return wipe.done(); }));
    EXPECT_TRUE(checked);
    ASSERT_TRUE(pumpUntil([&] { return !mdm().noticeText().empty(); }));
    EXPECT_TRUE(mdm().noticeText().Contains("needs a different approver")) << mdm().noticeText();
    EXPECT_EQ(text("select state || ' ' || requested_by || ' ' || reason from mdm_command where action = 'wipe'"),
              "awaiting_approval test_agent Stolen from a patrol car; holder cannot be reached");
    EXPECT_EQ(text("select status::text from device where asset_tag = 'MV-1'"), "in_stock");  // not until approved
    ASSERT_TRUE(pumpUntil([&] { return mdm().commands()->GetItemCount() == 1 && !mdm().loading(); }));
    EXPECT_EQ(mdm().commands()->GetItemText(0, 1), "Awaiting approval");
    // The request is on the device's timeline too.
    ASSERT_TRUE(pumpUntil([&] { return frame_->details()->timeline()->GetItemCount() > 0; }));
    EXPECT_EQ(frame_->details()->timeline()->GetItemText(0, 1), "Wipe requested");
}

TEST_F(MdmViews, ApproversApproveOthersRequestsAndTheRegisterRefusesTheirOwn) {
    seedSnapshot();
    const long long theirs = services::mdm::request(*session("agent"), "MV-1", "wipe", "Stolen from a patrol car");
    const long long mine = services::mdm::request(*session("approver"), "MV-2", "retire", "Screen and frame broken");
    openConsole("approver");
    auto* view = openView<gui::ApprovalsDialog>(gui::MainFrame::Dialog::Approvals, "Wipe and retire requests");
    ASSERT_NE(view, nullptr);
    ASSERT_EQ(view->list()->GetItemCount(), 2);
    EXPECT_EQ(view->list()->GetItemText(0, 1), "MV-1");
    EXPECT_EQ(view->list()->GetItemText(0, 2), "Wipe");
    EXPECT_EQ(view->list()->GetItemText(0, 4), "test_agent");
    EXPECT_EQ(view->list()->GetItemText(0, 6), "Stolen from a patrol car");
    EXPECT_FALSE(view->releaseButton()->IsEnabled());  // admins release held wipes

    // Another login's request: approved, queued for the MDM, and gone from the list.
    pick(view->list(), theirs, [&] { return view->approveButton()->IsEnabled(); });
    const long long before = view->refreshes();
    click(view->approveButton(), [&] { return !view->noticeText().empty(); });
    ASSERT_TRUE(pumpUntil([&] { return !view->noticeText().empty() && view->refreshes() > before; }));
    EXPECT_TRUE(view->noticeText().Contains("approved and queued")) << view->noticeText();
    EXPECT_EQ(commandState(theirs), "queued");
    EXPECT_EQ(text("select approved_by from mdm_command where id = " + std::to_string(theirs)), "test_approver");
    EXPECT_EQ(text("select status::text from device where asset_tag = 'MV-1'"), "pending_wipe");
    ASSERT_EQ(view->list()->GetItemCount(), 1);

    // Its own request: the database refuses, and its sentence is what the approver reads.
    pick(view->list(), mine, [&] { return view->approveButton()->IsEnabled(); });
    const long long again = view->refreshes();
    click(view->approveButton(), [&] { return view->busy() || view->refreshes() > again; });
    ASSERT_TRUE(pumpUntil([&] { return !view->busy() && view->refreshes() > again; }));
    EXPECT_TRUE(view->noticeText().Contains("requested command " + std::to_string(mine) + " and cannot approve it"))
        << view->noticeText();
    EXPECT_EQ(commandState(mine), "awaiting_approval");
    EXPECT_EQ(view->list()->GetItemCount(), 1);

    // Reject asks for the reason first; rejecting its own request is refused too, inside the
    // reason dialog, which keeps what was typed.
    WhenModal reject([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::ReasonDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        EXPECT_EQ(dialog->confirmField(), nullptr);
        typeInto(dialog->reasonField(), "Repair is cheaper");
        click(dialog->okButton(), [&] { return dialog->busy() || !dialog->refusalText().empty(); });
        ASSERT_TRUE(pumpUntil([&] { return !dialog->refusalText().empty(); }));
        EXPECT_TRUE(dialog->refusalText().Contains("cannot decide on it")) << dialog->refusalText();
        EXPECT_EQ(dialog->reasonField()->GetValue(), "Repair is cheaper");
        dialog->EndModal(wxID_CANCEL);
    });
    click(view->rejectButton(), [&] { return reject.shown(); });
    ASSERT_TRUE(pumpUntil([&] { return reject.done(); }));
    EXPECT_EQ(commandState(mine), "awaiting_approval");
}

TEST_F(MdmViews, CommandQueueFiltersByStateAndCancelsWithAReason) {
    seedSnapshot();
    const long long lock = services::mdm::request(*session("agent"), "MV-2", "remote_lock", "Left in a taxi");
    services::mdm::request(*session("agent"), "MV-1", "retire", "End of contract");
    openConsole("agent");
    auto* view = openView<gui::CommandsDialog>(gui::MainFrame::Dialog::Commands, "Command queue");
    ASSERT_NE(view, nullptr);
    EXPECT_EQ(view->list()->GetItemCount(), 2);
    const long long before = view->refreshes();
    view->showState("queued");
    ASSERT_TRUE(pumpUntil([&] { return view->refreshes() > before; }));
    ASSERT_EQ(view->list()->GetItemCount(), 1);
    EXPECT_EQ(view->list()->GetItemText(0, 2), "Remote lock");
    EXPECT_EQ(view->list()->GetItemText(0, 3), "Queued");

    pick(view->list(), lock, [&] { return view->cancelButton()->IsEnabled(); });
    WhenModal cancel([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::ReasonDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        typeInto(dialog->reasonField(), "Found in the lost property office");
        click(dialog->okButton(), [&] { return dialog->busy() || !dialog->IsModal(); });
        EXPECT_TRUE(pumpUntil([&] { return !dialog->IsModal(); }, std::chrono::seconds(20))) << dialog->refusalText();
    });
    const long long refreshed = view->refreshes();
    click(view->cancelButton(), [&] { return cancel.shown(); });
    ASSERT_TRUE(pumpUntil([&] { return cancel.done() && view->refreshes() > refreshed; }));
    EXPECT_TRUE(view->noticeText().Contains("cancelled")) << view->noticeText();
    EXPECT_EQ(commandState(lock), "cancelled");
    EXPECT_EQ(view->list()->GetItemCount(), 0);  // none queued any more
}

TEST_F(MdmViews, DriftListsWhatTheMdmHasAndTheRegisterDoesNot) {
    seedSnapshot();
    openConsole("viewer");
    auto* view = openView<gui::DriftDialog>(gui::MainFrame::Dialog::Drift, "MDM drift");
    ASSERT_NE(view, nullptr);
    EXPECT_TRUE(view->lastSyncText().StartsWith("The last MDM sync finished")) << view->lastSyncText();
    long row = -1;
    for (size_t i = 0; i < view->list()->rows().size(); ++i)
        if (view->list()->rows()[i].kind == "not_in_register") row = static_cast<long>(i);
    ASSERT_GE(row, 0);
    EXPECT_EQ(view->list()->GetItemText(row, 0), "In the MDM, not in the register");
    EXPECT_EQ(view->list()->GetItemText(row, 1), "");
    EXPECT_EQ(view->list()->GetItemText(row, 2), "mdm-stray-9");
    EXPECT_TRUE(view->list()->GetItemText(row, 3).Contains("SX9999")) << view->list()->GetItemText(row, 3);
    // An out-of-range number of days is the service's to refuse; the spin cannot go there.
    EXPECT_EQ(view->daysField()->GetMin(), 1);
}

// qm-mdm-sim beside the test binary (build/sim next to build/tests), when it was built.
std::string simulatorPath() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    const auto sim = self.parent_path().parent_path() / "sim" / "qm-mdm-sim";
    return std::filesystem::exists(sim) ? sim.string() : std::string();
}

TEST_F(MdmViews, SyncShowsItsProgressAndWhatItSaw) {
    const std::string sim = simulatorPath();
    if (sim.empty()) GTEST_SKIP() << "qm-mdm-sim is not built beside the tests";
    char pattern[] = "/tmp/qm-gui-sim-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    const std::string state = pattern;
    // The simulator's fleet is the register's four phones (one of them drifting) and no more.
    BackgroundProcess process({sim, "--state-dir", state, "--port", "0", "--from-register", as("owner"), "--devices", "0"});
    std::string url;
    ASSERT_TRUE(pumpUntil([&] {
        const std::string out = process.outSoFar();
        const auto at = out.find("listening on https://");
        if (at == std::string::npos || out.find('\n', at) == std::string::npos) return !process.running();
        const std::string line = out.substr(at, out.find('\n', at) - at);
        url = "https://localhost:" + line.substr(line.rfind(':') + 1);
        return true;
    }));
    ASSERT_FALSE(url.empty()) << process.errSoFar();
    const std::pair<const char*, std::string> env[] = {
        {"QM_MDM_TOKEN_URL", url + "/test-tenant/oauth2/v2.0/token"},
        {"QM_MDM_GRAPH_URL", url + "/v1.0"},
        {"QM_MDM_CA", state + "/ca.pem"},
        {"QM_MDM_CLIENT_ID", "quartermaster-demo"},
        {"QM_MDM_CLIENT_SECRET", "demo-secret"},
    };
    for (const auto& [name, value] : env) ::setenv(name, value.c_str(), 1);
    openConsole("agent");
    for (const auto& [name, value] : env) ::unsetenv(name);
    ASSERT_NE(frame_->mdmWorker(), nullptr) << frame_->mdmProblem();
    show("MV-1");
    EXPECT_TRUE(mdm().factsText().StartsWith("No MDM sync yet")) << mdm().factsText();

    wxString result;
    WhenModal syncing([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::SyncDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        EXPECT_TRUE(pumpUntil([&] { return !dialog->running(); }, std::chrono::seconds(60))) << dialog->progressText();
        result = dialog->resultText();
        EXPECT_EQ(dialog->cancelButton()->GetLabel(), "Close");
        dialog->EndModal(wxID_OK);
    });
    frame_->open(gui::MainFrame::Dialog::Sync);
    ASSERT_TRUE(pumpUntil([&] { return syncing.done(); }));
    EXPECT_TRUE(result.StartsWith("Done. In the MDM: ")) << result;
    // The device on show is read again: the sync matched it.
    ASSERT_TRUE(pumpUntil([&] { return mdm().factsText().Contains("Last check-in"); })) << mdm().factsText();
    process.stop(SIGTERM);
    std::filesystem::remove_all(state);
}

}  // namespace
}  // namespace qm::test
