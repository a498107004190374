// The register's invariants (DESIGN.md §4) are enforced by PostgreSQL itself, so they hold for
// anyone with psql — here even the database owner, writing raw SQL that no service checked.
#include "db/database.hpp"
#include "model/identifiers.hpp"
#include "model/lifecycle.hpp"
#include "tests/support/register_checks.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace qm::test {
namespace {

const std::string kImeiA = imei("35693803564380");
const std::string kImeiB = imei("35693803564381");
const std::string kImeiC = imei("35693803564382");
const std::string kImeiD = imei("35693803564383");

// Runs fn, which must throw qm::Error of `kind` whose message holds every one of `words`.
void expectRefused(const std::function<void()>& fn, ErrorKind kind, std::initializer_list<std::string> words = {},
                   const std::string& field = "*") {
    try {
        fn();
        ADD_FAILURE() << "the database accepted it";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        for (const auto& w : words) EXPECT_NE(std::string(e.what()).find(w), std::string::npos) << e.what();
        if (field != "*") {
            EXPECT_EQ(e.field(), field) << e.what();
        }
    }
}

class RegisterConstraints : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        owner_ = std::make_unique<db::Database>(as("owner"));
        owner_->execScript("insert into device_model (manufacturer, model) values ('Samsung', 'Galaxy A54 5G');"
                           "insert into person (staff_no, name) values ('210001', 'Ann O''Brien')");
    }

    // An issued device has an open custody record (checked at commit), so moves into and out
    // of "issued" open or close one in the same transaction, as the desk's operations do.
    void custodyFor(const std::string& tag, const std::string& to) {
        owner_->execScript("update custody set returned_at = now(), returned_by = session_user, closed_as = 'returned'"
                           " where returned_at is null and device_id = (select id from device where asset_tag = '" +
                           tag + "')");
        if (to == "issued")
            owner_->execScript("insert into custody (device_id, person_id, issue_receipt)"
                               " select d.id, (select min(id) from person), 'T-' || d.asset_tag || '-' || d.version"
                               " from device d where asset_tag = '" + tag + "'");
    }

    // Inserts a device by raw SQL; `extra` adds "column = literal" pairs.
    void insert(const std::string& tag, const std::string& serial, const std::string& extraColumns = "",
                const std::string& extraValues = "") {
        db::Transaction tx(*owner_);
        owner_->execScript("insert into device (asset_tag, serial, model_id" + extraColumns + ") values ('" + tag +
                           "', '" + serial + "', (select min(id) from device_model)" + extraValues + ")");
        if (extraValues.find("'issued'") != std::string::npos) custodyFor(tag, "issued");
        tx.commit();
    }
    // Moves a device's status by raw UPDATE (keeping custody in step, as above).
    void move(const std::string& tag, const std::string& to, const std::string& alsoSet = "") {
        db::Transaction tx(*owner_);
        custodyFor(tag, to);
        owner_->execScript("update device set " + alsoSet + "status = '" + to + "' where asset_tag = '" + tag + "'");
        tx.commit();
    }
    void exec(const std::string& sql) { owner_->execScript(sql); }

    std::string status(const std::string& tag) {
        std::string s;
        owner_->sql() << "select status::text from device where asset_tag = :t", soci::use(tag), soci::into(s);
        return s;
    }
    int version(const std::string& tag) {
        int v = 0;
        owner_->sql() << "select version from device where asset_tag = :t", soci::use(tag), soci::into(v);
        return v;
    }
    long long count(const std::string& sql) {
        long long n = -1;
        owner_->sql() << sql, soci::into(n);
        return n;
    }

    std::unique_ptr<db::Database> owner_;
};

TEST_F(RegisterConstraints, ImeiFailingLuhnOrTooShortIsRefused) {
    expectRefused([&] { insert("MPS-1", "SER0001", ", imei", ", '" + badLuhn("35693803564380") + "'"); },
                  ErrorKind::Invalid, {"IMEI"}, "imei");
    expectRefused([&] { insert("MPS-2", "SER0002", ", imei", ", '35693803564'"); }, ErrorKind::Invalid, {"IMEI"},
                  "imei");
    expectRefused([&] { insert("MPS-3", "SER0003", ", imei, imei2", ", '" + kImeiA + "', '" + badLuhn("35693803564381") + "'"); },
                  ErrorKind::Invalid, {}, "imei2");
    EXPECT_EQ(count("select count(*) from device"), 0);
    // The same row with a good IMEI goes in: the refusal was about the IMEI, nothing else.
    EXPECT_NO_THROW(insert("MPS-1", "SER0001", ", imei", ", '" + kImeiA + "'"));
}

TEST_F(RegisterConstraints, DuplicateKeysAreConflictsNamingFieldAndValue) {
    insert("MPS-1", "SER0001", ", imei, imei2", ", '" + kImeiA + "', '" + kImeiB + "'");
    expectRefused([&] { insert("MPS-1", "SER0099"); }, ErrorKind::Conflict, {"Asset tag", "MPS-1"}, "asset_tag");
    expectRefused([&] { insert("MPS-2", "SER0001"); }, ErrorKind::Conflict, {"Serial number", "SER0001"}, "serial");
    expectRefused([&] { insert("MPS-3", "SER0003", ", imei", ", '" + kImeiA + "'"); }, ErrorKind::Conflict,
                  {"IMEI", kImeiA}, "imei");
    expectRefused([&] { insert("MPS-4", "SER0004", ", imei, imei2", ", '" + kImeiC + "', '" + kImeiB + "'"); },
                  ErrorKind::Conflict, {kImeiB});
    EXPECT_EQ(count("select count(*) from device"), 1);
}

TEST_F(RegisterConstraints, ImeiIsUniqueAcrossBothSimSlots) {
    insert("MPS-1", "SER0001", ", imei, imei2", ", '" + kImeiA + "', '" + kImeiB + "'");
    // Another device's first IMEI equal to this one's second, and the reverse.
    expectRefused([&] { insert("MPS-2", "SER0002", ", imei", ", '" + kImeiB + "'"); }, ErrorKind::Conflict, {kImeiB});
    expectRefused([&] { insert("MPS-3", "SER0003", ", imei, imei2", ", '" + kImeiC + "', '" + kImeiA + "'"); },
                  ErrorKind::Conflict, {kImeiA});
    // Also by UPDATE, not only INSERT.
    insert("MPS-4", "SER0004", ", imei", ", '" + kImeiC + "'");
    expectRefused([&] { exec("update device set imei = '" + kImeiB + "' where asset_tag = 'MPS-4'"); },
                  ErrorKind::Conflict, {kImeiB});
    // One device cannot carry the same IMEI in both slots.
    expectRefused([&] { insert("MPS-5", "SER0005", ", imei, imei2", ", '" + kImeiD + "', '" + kImeiD + "'"); },
                  ErrorKind::Invalid);
    EXPECT_EQ(count("select count(*) from device"), 2);
}

TEST_F(RegisterConstraints, BadDatesStatusesAndTagsAreRefused) {
    expectRefused([&] { insert("MPS-1", "SER0001", ", purchased_on, warranty_until", ", '2024-05-01', '2024-04-30'"); },
                  ErrorKind::Invalid, {"Warranty"}, "warranty_until");
    expectRefused([&] { insert("MPS-2", "SER0002", ", status", ", 'broken'"); }, ErrorKind::Invalid, {"broken"});
    expectRefused([&] { insert("mps-3", "SER0003"); }, ErrorKind::Invalid, {"Asset tag"}, "asset_tag");
    expectRefused([&] { insert("MPS-4", "ser0004"); }, ErrorKind::Invalid, {"Serial"}, "serial");
    expectRefused([&] { insert("MPS-5", "SER0005", ", legal_hold", ", true"); }, ErrorKind::Invalid, {}, "hold_reason");
    EXPECT_EQ(count("select count(*) from device"), 0);

    insert("MPS-6", "SER0006", ", purchased_on, warranty_until", ", '2024-05-01', '2026-05-01'");
    expectRefused([&] { exec("update device set status = 'broken' where asset_tag = 'MPS-6'"); }, ErrorKind::Invalid);
    expectRefused([&] { exec("update device set warranty_until = '2023-01-01' where asset_tag = 'MPS-6'"); },
                  ErrorKind::Invalid, {}, "warranty_until");
    EXPECT_EQ(status("MPS-6"), "in_stock");
}

TEST_F(RegisterConstraints, ForbiddenTransitionsAreConflicts) {
    insert("MPS-1", "SER0001");
    expectRefused([&] { exec("update device set status = 'lost' where asset_tag = 'MPS-1'"); }, ErrorKind::Conflict,
                  {"MPS-1", "in stock", "lost"});
    EXPECT_EQ(status("MPS-1"), "in_stock");

    insert("MPS-2", "SER0002", ", status", ", 'retired'");
    expectRefused([&] { exec("update device set status = 'in_stock' where asset_tag = 'MPS-2'"); },
                  ErrorKind::Conflict, {"MPS-2", "retired"});
    EXPECT_EQ(status("MPS-2"), "retired");

    // A wipe cannot be skipped on the way back to stock.
    insert("MPS-3", "SER0003", ", status", ", 'pending_wipe'");
    expectRefused([&] { exec("update device set status = 'in_stock' where asset_tag = 'MPS-3'"); },
                  ErrorKind::Conflict, {"MPS-3"});
}

TEST_F(RegisterConstraints, EveryStatusPairFollowsTheModelLifecycle) {
    // All 56 moves: the database allows exactly those the model allows.
    int n = 0;
    for (DeviceStatus from : allStatuses()) {
        for (DeviceStatus to : allStatuses()) {
            if (from == to) continue;
            std::string tag = "T-" + std::to_string(++n), serial = "SER" + std::to_string(1000 + n);
            insert(tag, serial, ", status", ", '" + std::string(toString(from)) + "'");
            const std::string target(toString(to));
            SCOPED_TRACE(std::string(toString(from)) + " -> " + target);
            if (isAllowedTransition(from, to)) {
                EXPECT_NO_THROW(move(tag, target));
                EXPECT_EQ(status(tag), toString(to));
            } else {
                expectRefused([&] { move(tag, target); }, ErrorKind::Conflict);
                EXPECT_EQ(status(tag), toString(from));
            }
        }
    }
}

TEST_F(RegisterConstraints, VersionGoesUpByOneOnEveryUpdateWhateverTheClientWrites) {
    insert("MPS-1", "SER0001");
    EXPECT_EQ(version("MPS-1"), 1);
    move("MPS-1", "issued");
    EXPECT_EQ(version("MPS-1"), 2);
    exec("update device set notes = 'Screen cracked' where asset_tag = 'MPS-1'");
    EXPECT_EQ(version("MPS-1"), 3);
    move("MPS-1", "in_stock");
    EXPECT_EQ(version("MPS-1"), 4);
    // A client cannot forge the version (it would defeat optimistic locking) ...
    exec("update device set version = 100 where asset_tag = 'MPS-1'");
    EXPECT_EQ(version("MPS-1"), 5);
    // ... nor rewrite when the device was created.
    exec("update device set created_at = '2000-01-01' where asset_tag = 'MPS-1'");
    EXPECT_EQ(count("select count(*) from device where created_at > '2001-01-01'"), 1);
    // A refused update leaves the version alone.
    expectRefused([&] { exec("update device set status = 'lost' where asset_tag = 'MPS-1'"); }, ErrorKind::Conflict);
    EXPECT_EQ(version("MPS-1"), 6);
}

TEST_F(RegisterConstraints, LegalHoldBlocksIssueWipeAndRetire) {
    insert("MPS-1", "SER0001", ", legal_hold, hold_reason", ", true, 'Evidence in operation X'");
    for (const char* to : {"issued", "pending_wipe", "retired"}) {
        SCOPED_TRACE(to);
        expectRefused([&] { move("MPS-1", to); }, ErrorKind::Conflict, {"MPS-1", "legal hold"});
        EXPECT_EQ(status("MPS-1"), "in_stock");
    }
    // Repair is still allowed under hold; once released the device can be issued.
    EXPECT_NO_THROW(exec("update device set status = 'in_repair' where asset_tag = 'MPS-1'"));
    exec("update device set status = 'in_stock' where asset_tag = 'MPS-1'");
    exec("update device set legal_hold = false, hold_reason = null where asset_tag = 'MPS-1'");
    EXPECT_NO_THROW(move("MPS-1", "issued"));
    // Placing a hold and issuing in the same statement is refused too.
    insert("MPS-2", "SER0002");
    expectRefused([&] { move("MPS-2", "issued", "legal_hold = true, hold_reason = 'Evidence', "); },
                  ErrorKind::Conflict, {"legal hold"});
}

TEST_F(RegisterConstraints, StatusTransitionTableMatchesTheModelExactly) {
    std::set<std::pair<std::string, std::string>> inDb, inModel;
    std::set<std::tuple<std::string, std::string, std::string>> actionsInDb, actionsInModel;
    soci::rowset<soci::row> rows =
        (owner_->sql().prepare << "select from_status::text, to_status::text, action from status_transition");
    for (const auto& r : rows) {
        inDb.emplace(r.get<std::string>(0), r.get<std::string>(1));
        actionsInDb.emplace(r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2));
    }
    for (const auto& t : allowedTransitions()) {
        inModel.emplace(std::string(toString(t.from)), std::string(toString(t.to)));
        actionsInModel.emplace(std::string(toString(t.from)), std::string(toString(t.to)), std::string(t.action));
    }
    EXPECT_EQ(inDb, inModel);
    EXPECT_EQ(actionsInDb, actionsInModel);  // the GUI shows these verbs; they must agree too
    EXPECT_EQ(inDb.size(), allowedTransitions().size());
}

TEST_F(RegisterConstraints, EveryForeignKeyHasAnIndexLedByItsColumns) {
    // A foreign key without an index makes deletes/updates of the parent scan the child table
    // and a join by that column slow at a million rows.
    auto unindexed = [&] {
        std::string out;
        soci::rowset<soci::row> rows = (owner_->sql().prepare <<
            "select c.conrelid::regclass::text || '.' || c.conname"
            "  from pg_constraint c"
            " where c.contype = 'f' and c.connamespace = 'public'::regnamespace"
            "   and not exists (select 1 from pg_index i"
            "                    where i.indrelid = c.conrelid"
            "                      and c.conkey <@ (select array_agg(k) from unnest(i.indkey::int2[])"
            "                                        with ordinality u(k, n) where n <= cardinality(c.conkey)))"
            " order by 1");
        for (const auto& r : rows) out += r.get<std::string>(0) + " ";
        return out;
    };
    EXPECT_EQ(unindexed(), "");
    EXPECT_GE(count("select count(*) from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace"), 3);
    // The query does catch an unindexed key (and an index led by another column does not count).
    exec("create table probe_child (a bigint, unit_id bigint references command_unit (id));"
         "create index probe_child_a_unit on probe_child (a, unit_id)");
    EXPECT_EQ(unindexed(), "probe_child.probe_child_unit_id_fkey ");
}

// Schema version 9 rewrote the format CHECKs without bounded repetitions (ten times cheaper per
// row). Each rule must accept exactly what its pattern describes: the constraint's own
// expression, read back from the catalogue, is evaluated against the pattern it replaced for
// values at and around every edge (lengths, case, spaces, line breaks, non-ASCII look-alikes).
TEST_F(RegisterConstraints, FormatRulesAcceptExactlyWhatTheirPatternsSay) {
    struct Rule {
        std::string table, constraint, column, pattern;  // pattern: the rule before version 9
        bool luhn = false;
        std::vector<std::string> values;
        std::string otherColumns = {};  // further columns the expression reads, as "select" items
    };
    const std::string pass32(32, 'A'), pass40(40, 'Z'), good = kImeiA;
    std::vector<Rule> rules = {
        {"device", "device_asset_tag_check", "asset_tag", "^[A-Z0-9/-]{2,32}$", false,
         {"", "A", "AB", "MPS-0000001", "QM/01-2", pass32, pass32 + "A", "mps-1", "MPS 1", "MPS-1\n", "\nMPS-1",
          "MPS_1", "MPS.1", "ÄBC", "ＡＢ", "１２", "-/"}},
        {"device", "device_serial_check", "serial", "^[A-Z0-9./-]{4,40}$", false,
         {"", "ABC", "ABCD", "R58N1A2B3C4", "F2L.X-00/8", pass40, pass40 + "Z", "r58n1a2b", "R58N 1A2", "R58N1\n",
          "R58N1A2\r", "ÉCRAN", "ABC\t", "...."}},
        {"device", "device_phone_check", "phone", "^\\+[1-9][0-9]{7,14}$", false,
         {"+4478", "+4478097", "+44780971", "+447809712928", "+123456789012345", "+1234567890123456", "447809712928",
          "+047809712928", "++44780971", "+44780971\n", "+44 7809712928", "+٤٤٧٨٠٩٧١٢", "+44780971a"}},
        {"person", "person_staff_no_check", "staff_no", "^[A-Z0-9]{3,12}$", false,
         {"", "21", "210", "210001", "MP123456", "ABCDEFGHIJKL", "ABCDEFGHIJKLM", "mp1234", "MP 1234", "MP-1234",
          "MP1234\n", "ÅB12"}},
        {"device_imei", "device_imei_imei_text", "imei", "^[0-9]{15}$", false,
         {"", good.substr(0, 14), good, good + "0", badLuhn("35693803564380"), good.substr(0, 14) + "a",
          good.substr(0, 14) + "\n", " " + good.substr(1), "٣٥٦٩٣٨٠٣٥٦٤٣٨٠٣"}},
        {"device", "device_imei_check", "imei", "^[0-9]{15}$", true,
         {"", good.substr(0, 14), good, kImeiB, good + "0", badLuhn("35693803564380"), good.substr(0, 14) + "a",
          good.substr(0, 14) + "\n", "000000000000000", "000000000000001", "٣٥٦٩٣٨٠٣٥٦٤٣٨٠٣"}},
        {"device", "device_imei2_check", "imei2", "^[0-9]{15}$", true,
         {"", good.substr(0, 14), kImeiB, kImeiC + "0", badLuhn("35693803564381"), kImeiB.substr(0, 14) + "x",
          "999999999999994", "999999999999995"},
         ", '" + kImeiD + "'::text as imei"},
    };
    // The Luhn sum over 15 ASCII digits, as pre-9 rule and model/identifiers.hpp both define it.
    auto luhn = [](const std::string& v) {
        int sum = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
            int d = v[i] - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    };
    for (const auto& rule : rules) {
        std::string expr;
        owner_->sql() << "select pg_get_expr(conbin, conrelid) from pg_constraint where conname = :n and conrelid = :t::regclass",
            soci::use(rule.constraint), soci::use(rule.table), soci::into(expr);
        ASSERT_FALSE(expr.empty()) << rule.constraint;
        EXPECT_FALSE(std::regex_search(expr, std::regex(R"(\{[0-9]+(,[0-9]*)?\})")))
            << rule.constraint << " uses a bounded repetition again: " << expr;
        // PostgreSQL reads a table's CHECKs back from their stored node text on every INSERT or
        // UPDATE statement: the Luhn table as ARRAY[...] of 100 constants made 120 kB of it.
        int stored = 0;
        owner_->sql() << "select length(conbin::text) from pg_constraint where conname = :n and conrelid = :t::regclass",
            soci::use(rule.constraint), soci::use(rule.table), soci::into(stored);
        EXPECT_LT(stored, 24000) << rule.constraint << " is " << stored << " characters of node text";
        for (const auto& value : rule.values) {
            int accepted = -1, patterned = -1;
            // The expression reads its own column (and imei2's also the first IMEI).
            owner_->sql() << "select (" + expr + ")::int, (v ~ :p)::int from (select :v::text as " + rule.column +
                                 ", :v2::text as v" + rule.otherColumns + ") s",
                soci::use(rule.pattern, "p"), soci::use(value, "v"), soci::use(value, "v2"), soci::into(accepted),
                soci::into(patterned);
            bool expected = patterned == 1 && (!rule.luhn || luhn(value));
            EXPECT_EQ(accepted == 1, expected) << rule.constraint << " on '" << value << "'";
        }
    }
}

TEST_F(RegisterConstraints, TrigramExtensionIsInstalled) {
    EXPECT_EQ(count("select count(*) from pg_extension where extname = 'pg_trgm'"), 1);
    EXPECT_NO_THROW(exec("select similarity('galaxy', 'galaxxy')"));
}

}  // namespace
}  // namespace qm::test
