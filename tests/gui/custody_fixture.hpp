// The fixture of the custody GUI tests: a seeded register (services::seedDemo as owner), the
// console's main window signed in as an agent, and register facts picked by SQL: devices in
// stock, an issued device with its holder, and an active person who holds nothing.
#pragma once

#include "gui/custody/custody_dialog.hpp"
#include "gui/custody/custody_lists.hpp"
#include "gui/main_frame.hpp"
#include "services/seed/demo_seed.hpp"
#include "tests/gui/gui_drive.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>
#include <wx/statusbr.h>

#include <string>

namespace qm::test {

class CustodyDesk : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        auto owner = session("owner");
        services::SeedOptions options;
        options.devices = 800;
        options.people = 600;
        services::seedDemo(*owner, options);
        auto& sql = owner->db().sql();
        sql << "select d.asset_tag from device d join device_model m on m.id = d.model_id"
               " where d.status = 'in_stock' and not d.legal_hold and m.kind = 'phone' order by d.asset_tag limit 1",
            soci::into(inStock_);
        sql << "select d.asset_tag from device d join device_model m on m.id = d.model_id"
               " where d.status = 'in_stock' and not d.legal_hold and m.kind = 'phone' order by d.asset_tag desc limit 1",
            soci::into(inStock2_);
        // A phone, like the in-stock ones: a swap keeps the kind, so the one-phone rule stays out of it.
        sql << "select d.asset_tag, d.serial, p.staff_no, p.name from custody c join device d on d.id = c.device_id"
               " join device_model m on m.id = d.model_id join person p on p.id = c.person_id"
               " where c.returned_at is null and p.active and not d.legal_hold and m.kind = 'phone'"
               " order by d.asset_tag limit 1",
            soci::into(issued_), soci::into(issuedSerial_), soci::into(holderStaff_), soci::into(holderName_);
        sql << "select staff_no, name from person p where active and not exists"
               " (select 1 from custody c where c.person_id = p.id and c.returned_at is null) order by staff_no limit 1",
            soci::into(freeStaff_), soci::into(freeName_);
        ASSERT_FALSE(inStock_.empty() || inStock2_.empty() || issued_.empty() || freeStaff_.empty());
        ASSERT_NE(inStock_, inStock2_);
        frame_ = new gui::MainFrame(as("agent"));
        frame_->Show();
        ASSERT_TRUE(pumpUntil([&] { return frame_->GetStatusBar()->GetStatusText(0).Contains("test_agent@"); }));
    }
    void TearDown() override {
        frame_->Destroy();
        wxTheApp->ProcessPendingEvents();
        wxYield();
    }

    gui::DeskPanel& desk() { return *frame_->desk(); }
    static wxString w(const std::string& s) { return wxString::FromUTF8(s); }

    // Scans code into the desk's scan box with keystrokes and Enter, and waits for the answer.
    void scan(const std::string& code) {
        const wxString before = desk().promptText();
        typeInto(desk().scanBox(), w(code));
        pressEnter(desk().scanBox(), [&] { return desk().scanBox()->IsEmpty(); });
        ASSERT_TRUE(pumpUntil([&] { return desk().presenter().pending() == 0 && desk().promptText() != before; }))
            << "no answer to scanning " << code;
    }

    // One value from the register, as the superuser sees it.
    std::string query(const std::string& sql, const std::string& param) {
        auto owner = session("owner");
        std::string value;
        soci::indicator ind = soci::i_ok;
        owner->db().sql() << sql, soci::use(param), soci::into(value, ind);
        return ind == soci::i_ok ? value : std::string();
    }
    std::string statusOf(const std::string& tag) {
        return query("select status::text from device where asset_tag = :t", tag);
    }
    std::string holderOf(const std::string& tag) {
        return query("select p.staff_no from custody c join person p on p.id = c.person_id join device d"
                     " on d.id = c.device_id where d.asset_tag = :t and c.returned_at is null",
                     tag);
    }

    // Presses the dialog's OK as a user would, and waits for the operation's answer.
    static void pressOk(gui::CustodyDialog* dialog) {
        auto answered = [dialog] { return dialog->busy() || dialog->succeeded() || !dialog->refusalText().empty(); };
        click(dialog->okButton(), answered);
        ASSERT_TRUE(pumpUntil([dialog] {
            return !dialog->busy() && (dialog->succeeded() || !dialog->refusalText().empty());
        }));
    }

    gui::MainFrame* frame_ = nullptr;
    std::string inStock_, inStock2_, issued_, issuedSerial_, holderStaff_, holderName_, freeStaff_, freeName_;
};

}  // namespace qm::test
