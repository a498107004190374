// The register's invariants (DESIGN.md §4) are enforced by PostgreSQL itself, so they hold for
// anyone with psql — here even the database owner, writing raw SQL that no service checked.
#include "db/database.hpp"
#include "model/identifiers.hpp"
#include "model/lifecycle.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

namespace qm::test {
namespace {

// A valid IMEI from 14 digits (the check digit appended).
std::string imei(const std::string& first14) { return first14 + Imei::checkDigit(first14); }
// The same IMEI with its check digit off by one: 15 digits that fail Luhn.
std::string badLuhn(const std::string& first14) {
    char c = Imei::checkDigit(first14);
    return first14 + static_cast<char>('0' + (c - '0' + 1) % 10);
}

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

TEST_F(RegisterConstraints, TrigramExtensionIsInstalled) {
    EXPECT_EQ(count("select count(*) from pg_extension where extname = 'pg_trgm'"), 1);
    EXPECT_NO_THROW(exec("select similarity('galaxy', 'galaxxy')"));
}

}  // namespace
}  // namespace qm::test
