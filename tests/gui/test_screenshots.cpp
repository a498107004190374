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
#include "gui/custody/custody_lists.hpp"
#include "gui/custody/issue_dialog.hpp"
#include "gui/custody/lost_dialog.hpp"
#include "gui/custody/return_dialog.hpp"
#include "gui/custody/swap_dialog.hpp"
#include "gui/main_frame.hpp"
#include "services/custody/custody.hpp"
#include "tests/gui/gui_drive.hpp"

#include <gtest/gtest.h>
#include <wx/checkbox.h>
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

// The whole screen, or the window's rectangle with its title bar.
void shoot(const std::string& name, wxWindow* window = nullptr) {
    wxUIActionSimulator().MouseMove(1399, 450);  // no tooltip over what is being shown
    settle();
    std::string crop;
    if (window) {
        wxRect r = window->GetScreenRect();
        r.Inflate(8, 8);
        r.y -= 28;  // xfwm4's title bar
        r.height += 28;
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

}  // namespace
}  // namespace qm::test
