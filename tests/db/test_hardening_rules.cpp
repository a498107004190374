// Issue 6, defects 4, 5 and 7: temporary objects cannot stand in for the register's tables, the
// lifecycle has no way round the desk's operations, and text is bounded and clean at the
// database (with sentences that name the field from the services).
#include "db/database.hpp"
#include "model/text.hpp"
#include "services/custody/custody.hpp"
#include "services/mdm/commands.hpp"
#include "services/register/register.hpp"
#include "tests/support/raw_sql.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

namespace qm::test {
namespace {

using ::testing::HasSubstr;

std::string toHexString(const std::string& bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

class RegisterRules : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        owner_ = std::make_unique<db::Database>(as("owner"));
        addPhonesAndPeople("RR", 9, 2);
    }
    std::string status(const std::string& tag) {
        return text("select status::text from device where asset_tag = '" + tag + "'");
    }
    static void expectRefused(const PgResult& r, const std::string& what, const std::string& mentions = {}) {
        EXPECT_FALSE(r.ok) << what << " was allowed";
        if (!mentions.empty()) {
            EXPECT_THAT(r.message, HasSubstr(mentions)) << what;
        }
    }

    std::unique_ptr<db::Database> owner_;
};

// Defect 4: functions pinned no search_path, so a manager's temporary status_transition filled
// with every pair let `UPDATE device SET status = 'stolen'` through the guard.
TEST_F(RegisterRules, EveryFunctionPinsItsSearchPath) {
    EXPECT_EQ(scalar("select count(*) from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prokind <> 'a'"
                    " and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')"
                    " and not coalesce('search_path=pg_catalog, public, pg_temp' = any(p.proconfig), false)"),
              0);
    EXPECT_EQ(scalar("select count(*) from pg_proc p where p.pronamespace = 'public'::regnamespace"
                    " and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')"
                    " and (p.proacl is null or p.proacl::text like '%{=X%' or p.proacl::text like '%,=X%')"),
              0)
        << "a function executable by PUBLIC";
}

TEST_F(RegisterRules, TheGuardReadsTheRealLifecycleWhateverTheSessionShadows) {
    // Even a superuser's own session (whose search_path looks in pg_temp first for tables): the
    // guard reads public.status_transition, not the temporary one that allows everything.
    RawSession superuser(as("owner"));
    ASSERT_TRUE(superuser.run("create temp table status_transition as select f as from_status, t as to_status,"
                              " 'x'::text as action from unnest(enum_range(null::device_status)) f,"
                              " unnest(enum_range(null::device_status)) t where f <> t")
                    .ok);
    expectRefused(superuser.run("update device set status = 'stolen' where asset_tag = 'RR-1'"), "in stock to stolen",
                  "cannot go from in stock to stolen");
    EXPECT_EQ(status("RR-1"), "in_stock");
}

TEST_F(RegisterRules, DeskFunctionsUseTheRegisterWhateverTheAgentShadows) {
    RawSession agent(as("agent"));
    // A temporary table for every table of the register, named the same; the lifecycle one
    // allows every move, the device one holds a decoy, the model one says every device is a tablet.
    std::vector<std::string> tables;
    {
        soci::rowset<std::string> rows = (owner_->sql().prepare << "select relname::text from pg_class where"
                                                                   " relnamespace = 'public'::regnamespace and relkind = 'r'");
        for (const auto& t : rows) tables.push_back(t);
    }
    ASSERT_GT(tables.size(), 10u);
    for (const auto& t : tables) {
        std::string ddl = "create temp table " + t + " (id bigint, asset_tag text, kind text, status text)";
        if (t == "status_transition")
            ddl = "create temp table status_transition as select f as from_status, t as to_status, 'x'::text as action"
                  " from unnest(enum_range(null::device_status)) f, unnest(enum_range(null::device_status)) t";
        ASSERT_TRUE(agent.run(ddl).ok) << t;
    }
    ASSERT_TRUE(agent.run("insert into device values (1, 'RR-1', 'tablet', 'in_stock'); insert into device_model"
                          " values (1, null, 'tablet', null)")
                    .ok);
    // The desk's operations work on the register.
    PgResult issued = agent.run("select desk_issue('RR-2', 'RR0001', '{charger}', 'shadowed')");
    ASSERT_TRUE(issued.ok) << issued.message;
    EXPECT_EQ(status("RR-2"), "issued");
    EXPECT_EQ(text("select p.staff_no from custody c join person p on p.id = c.person_id join device d on d.id = c.device_id"
                   " where d.asset_tag = 'RR-2' and c.returned_at is null"),
              "RR0001");
    // The one-phone rule still sees the real model (a phone), not the decoy (a tablet).
    expectRefused(agent.run("select desk_issue('RR-3', 'RR0001')"), "a second phone", "already holds a phone");
    // The lifecycle still refuses what the decoy allows.
    owner_->execScript("update device set status = 'pending_wipe' where asset_tag = 'RR-4'");
    expectRefused(agent.run("select desk_move('RR-4', 'in_repair', 'x')"), "pending wipe to repair",
                  "cannot go from pending wipe to in repair");
    PgResult lost = agent.run("select desk_report_lost('RR-2', true, 'INC-42')");
    ASSERT_TRUE(lost.ok) << lost.message;
    EXPECT_EQ(status("RR-2"), "stolen");
    // Nothing went into the decoys.
    PgResult decoys = agent.run("select (select count(*) from custody) + (select count(*) from device_event)"
                                " + (select count(*) from mdm_command)");
    EXPECT_EQ(decoys.value, "0");
    EXPECT_EQ(scalar("select count(*) from device_event"), 2);
    EXPECT_EQ(scalar("select count(*) from mdm_command where action = 'remote_lock'"), 1);
}

// The guard stands behind the column rights: were a DBA to grant a manager UPDATE on status by
// mistake, the guard still refuses a status or a hold changed outside the desk's functions.
TEST_F(RegisterRules, TheGuardHoldsEvenIfAManagerIsGrantedTheStatusColumn) {
    owner_->execScript("grant update (status, legal_hold, hold_reason) on device to qm_manager");
    RawSession manager(as("manager"));
    expectRefused(manager.run("update device set status = 'retired' where asset_tag = 'RR-1'"), "retire",
                  "change only through the desk's operations");
    expectRefused(manager.run("update device set legal_hold = true, hold_reason = 'x' where asset_tag = 'RR-1'"), "hold",
                  "change only through the desk's operations");
    EXPECT_EQ(status("RR-1"), "in_stock");
    owner_->execScript("revoke update (status, legal_hold, hold_reason) on device from qm_manager");
}

// Defect 5: pending wipe -> repair -> restock -> issue put a device back in service without
// its wipe.
TEST_F(RegisterRules, APendingWipeCannotBeDodgedThroughRepair) {
    owner_->execScript("update device set status = 'pending_wipe' where asset_tag = 'RR-5'");
    auto agent = session("agent");
    auto manager = session("manager");
    for (auto& s : {agent.get(), manager.get()}) {
        EXPECT_THROW(services::sendToRepair(*s, "RR-5", "screen"), Error);
        EXPECT_THROW(services::restock(*s, "RR-5", ""), Error);
        services::IssueRequest r;
        r.device = "RR-5";
        r.staffNo = "RR0002";
        EXPECT_THROW(services::issueDevice(*s, r), Error);
    }
    EXPECT_EQ(status("RR-5"), "pending_wipe");
    // Retiring it is still possible (with a reason, and a second person).
    const long long id = services::mdm::request(*manager, "RR-5", "retire", "beyond economic repair");
    EXPECT_EQ(services::mdm::approve(*session("approver"), id), "done");
    EXPECT_EQ(status("RR-5"), "retired");
}

TEST_F(RegisterRules, NewDevicesAreAddedInStockOrInRepairOnly) {
    auto manager = session("manager");
    services::DeviceInput in;
    in.assetTag = "RR-NEW-1";
    in.serial = "SRRN0001";
    in.model = "Samsung Galaxy A54 5G";
    in.status = "in repair";
    EXPECT_EQ(services::addDevice(*manager, in).device.status, DeviceStatus::InRepair);
    for (const std::string s : {"lost", "stolen", "retired", "wiped", "pending wipe", "issued"}) {
        in.assetTag = "RR-NEW-2";
        in.serial = "SRRN0002";
        in.status = s;
        try {
            services::addDevice(*manager, in);
            ADD_FAILURE() << s << " was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Invalid) << s;
            EXPECT_EQ(e.field(), "status") << s;
        }
    }
    // Through SQL the database says the same; and holds come only through the desk.
    RawSession raw(as("manager"));
    expectRefused(raw.run("insert into device (asset_tag, serial, model_id, status) select 'RR-NEW-3', 'SRRN0003', id,"
                          " 'retired' from device_model limit 1"),
                  "insert retired", "in stock or in repair");
    expectRefused(raw.run("copy device (asset_tag, serial, model_id, status) from stdin",
                          "RR-NEW-4\tSRRN0004\t" + text("select min(id)::text from device_model") + "\tlost\n"),
                  "COPY lost", "in stock or in repair");
    EXPECT_EQ(scalar("select count(*) from device where asset_tag like 'RR-NEW-%'"), 1);
}

// Defect 7: ESC sequences, direction overrides and unbounded text reached the register (a 30 MB
// custody note and 200,000 accessories through desk_issue).
TEST_F(RegisterRules, TheDatabaseRefusesControlCharactersOverridesAndEndlessText) {
    RawSession manager(as("manager")), agent(as("agent"));
    for (const std::string bad : {"E'Ann\\x1b[31m'", "E'Ann\\u202Egnp.exe'", "E'\\u200B\\u200B'", "E'Ann\\nExample'",
                                  "E'Ann\\u0085'"}) {
        SCOPED_TRACE(bad);
        expectRefused(manager.run("insert into person (staff_no, name) values ('RRX1', " + bad + ")"), "bad name",
                      "person_name_text");
    }
    expectRefused(manager.run("insert into person (staff_no, name) values ('RRX1', repeat('a', 201))"), "long name",
                  "person_name");
    // Names in any script, with their accents, are text like any other.
    const std::vector<std::string> names = {"Zoë Ní Bhriain", "Siân Llŷr", "Łukasz Wiśniewski", "李小龍",
                                            "محمد عبد الله", "O'Brien-Smythe"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        PgResult r = manager.run("insert into person (staff_no, name) values ('RRN" + std::to_string(i) + "', '" +
                                 (names[i] == "O'Brien-Smythe" ? std::string("O''Brien-Smythe") : names[i]) + "')");
        ASSERT_TRUE(r.ok) << names[i] << ": " << r.message;
        EXPECT_EQ(text("select name from person where staff_no = 'RRN" + std::to_string(i) + "'"), names[i]);
    }
    // Notes may run over several lines, never carry a lone CR, never grow past 4,000 characters.
    EXPECT_TRUE(manager.run("update device set notes = E'line one\\nline two\\tindented' where asset_tag = 'RR-6'").ok);
    expectRefused(manager.run("update device set notes = E'one\\rtwo' where asset_tag = 'RR-6'"), "CR in notes");
    expectRefused(manager.run("update device set notes = repeat('n', 4001) where asset_tag = 'RR-6'"), "long notes");
    // The desk's functions say which field, in words.
    expectRefused(agent.run("select desk_issue('RR-7', 'RR0002', '{}', repeat('x', 30000000))"), "30 MB note",
                  "Note is longer than 1,000 characters");
    expectRefused(agent.run("select desk_issue('RR-7', 'RR0002', array_fill('charger'::text, array[200000]))"),
                  "200,000 accessories", "at most 20 accessories");
    expectRefused(agent.run("select desk_issue('RR-7', 'RR0002', array[E'charger\\ncable'])"), "accessory over lines",
                  "control character");
    expectRefused(agent.run("select desk_issue('RR-7', 'RR0002', '{}', '', 'not needed')"), "override not needed",
                  "no override is needed");
    ASSERT_TRUE(agent.run("select desk_issue('RR-7', 'RR0002', '{charger}')").ok);
    expectRefused(agent.run("select desk_report_lost('RR-7', false, E'INC-1\\x1b]0;pwned\\x07')"), "ESC in reference",
                  "Incident reference holds a control character");
    expectRefused(agent.run("select desk_report_lost('RR-7', false, repeat('9', 101))"), "long reference",
                  "Incident reference is longer than 100 characters");
    EXPECT_EQ(status("RR-7"), "issued");
    // And the last line: the owner itself cannot store what the rules refuse.
    expectRefused(runSql(as("owner"), "update custody set accessories = array_fill('x'::text, array[21])"),
                  "owner's 21 accessories", "custody_accessories_text");
}

// The program checks text before it reaches the database (to name the field); both must refuse
// exactly the same characters, as the lifecycle test keeps the two lifecycles in step.
TEST_F(RegisterRules, TheProgramAndTheDatabaseAgreeOnWhatTextIsClean) {
    auto utf8 = [](char32_t cp) {
        std::string out;
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        return out;
    };
    std::vector<char32_t> probes;
    for (char32_t cp = 1; cp < 0x30; ++cp) probes.push_back(cp);
    for (char32_t cp = 0x7E; cp <= 0xA1; ++cp) probes.push_back(cp);
    for (char32_t cp = 0x2000; cp <= 0x2070; ++cp) probes.push_back(cp);
    for (char32_t cp : {0xADu, 0x34Fu, 0x61Cu, 0x115Fu, 0x1160u, 0x17B4u, 0x180Eu, 0x3000u, 0x3164u, 0xFE0Fu, 0xFEFFu,
                        0xFFA0u, 0xE9u, 0x674Eu, 0x645u})
        probes.push_back(cp);
    RawSession db(as("owner"));
    int compared = 0;
    for (char32_t cp : probes) {
        const std::string inner = "a" + utf8(cp) + "b", alone = utf8(cp) + utf8(cp);
        for (bool lines : {false, true}) {
            PgResult r = db.run("select require_clean_text('x', convert_from(decode('" + toHexString(inner) +
                                "', 'hex'), 'UTF8'), 200, " + (lines ? "true" : "false") + ")");
            const bool programSays = textProblem(inner, TextRule{200, lines}).empty();
            EXPECT_EQ(r.ok, programSays) << "U+" << std::hex << static_cast<unsigned>(cp) << (lines ? " (lines)" : "");
            ++compared;
        }
        // The CHECK constraints, made from the same classes: one line (a rank), several (notes).
        for (bool lines : {false, true}) {
            ASSERT_TRUE(db.run("begin").ok);
            PgResult r = db.run(std::string(lines ? "update device set notes" : "update person set rank") +
                                " = convert_from(decode('" + toHexString(inner) + "', 'hex'), 'UTF8') where " +
                                (lines ? "asset_tag = 'RR-9'" : "staff_no = 'RR0001'"));
            ASSERT_TRUE(db.run("rollback").ok);
            EXPECT_EQ(r.ok, textProblem(inner, TextRule{200, lines}).empty())
                << "CHECK on U+" << std::hex << static_cast<unsigned>(cp) << (lines ? " (lines)" : "") << ": " << r.message;
            ++compared;
        }
        // Names must show something: the database's visible-character rule against the program's.
        ASSERT_TRUE(db.run("begin").ok);
        PgResult name = db.run("insert into person (staff_no, name) values ('PROBE', convert_from(decode('" +
                               toHexString(alone) + "', 'hex'), 'UTF8'))");
        ASSERT_TRUE(db.run("rollback").ok);
        const bool programSays = textProblem(alone, TextRule{200, false, true}).empty();
        EXPECT_EQ(name.ok, programSays) << "name of U+" << std::hex << static_cast<unsigned>(cp) << " twice: "
                                        << name.message;
        ++compared;
    }
    std::cout << compared << " verdicts compared\n";
}

// A limit: a length, a bounded pattern, a list of values, a count (the accessories), or the IMEI
// check (15 digits).
TEST_F(RegisterRules, EveryTextColumnHasALimit) {
    EXPECT_EQ(text("select coalesce(string_agg(n.nspname || '.' || c.relname || '.' || a.attname, ', '), '')"
                   " from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace"
                   " where n.nspname in ('public', 'qm_logins', 'qm_internal')"
                   " and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped"
                   " and a.atttypid in ('text'::regtype, 'varchar'::regtype, 'text[]'::regtype)"
                   " and not exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'c'"
                   "                 and a.attnum = any(k.conkey)"
                   "                 and pg_get_constraintdef(k.oid) ~ ('length\\(' || a.attname || '\\)'"
                   "                     || '|\\{[0-9]+(,[0-9]+)?\\}\\$|= ANY \\(ARRAY\\[|cardinality\\(|imei_is_valid\\('))"),
              "");
}

TEST_F(RegisterRules, TheServicesNameTheFieldAndTheReason) {
    auto agent = session("agent");
    auto refusal = [&](const std::function<void()>& fn) -> Error {
        try {
            fn();
        } catch (const Error& e) {
            return e;
        }
        ADD_FAILURE() << "accepted";
        return Error(ErrorKind::Other, "");
    };
    services::IssueRequest r;
    r.device = "RR-8";
    r.staffNo = "RR0002";
    r.note = "fine \xff\xfe";
    Error e = refusal([&] { services::issueDevice(*agent, r); });
    EXPECT_EQ(e.kind(), ErrorKind::Invalid);
    EXPECT_EQ(e.field(), "note");
    EXPECT_THAT(std::string(e.what()), HasSubstr("Note is not valid UTF-8 text"));
    r.note = "";
    r.accessories.assign(21, "charger");
    e = refusal([&] { services::issueDevice(*agent, r); });
    EXPECT_EQ(e.field(), "accessory");
    r.accessories = {"charger\x1b[2J"};
    e = refusal([&] { services::issueDevice(*agent, r); });
    EXPECT_THAT(std::string(e.what()), HasSubstr("Accessory holds a control character (U+001B)"));
    e = refusal([&] { services::reportLost(*agent, "RR-8", false, "INC\xe2\x80\xae" "1"); });
    EXPECT_EQ(e.field(), "reference");
    EXPECT_THAT(std::string(e.what()), HasSubstr("direction override (U+202E)"));
    auto manager = session("manager");
    services::PersonInput p;
    p.staffNo = "RRZ1";
    p.name = "\xe2\x80\x8b\xe2\x80\x8b";  // two zero-width spaces
    e = refusal([&] { services::addPerson(*manager, p); });
    EXPECT_EQ(e.field(), "name");
    EXPECT_THAT(std::string(e.what()), HasSubstr("no visible character"));
    EXPECT_EQ(status("RR-8"), "in_stock");
}

}  // namespace
}  // namespace qm::test
