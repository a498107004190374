// Issue 6, defect 8: with the triggers off, the owner (here a superuser) changed an event's actor
// and recomputed every later hash with the schema's own functions, and `audit verify` said
// intact; deleting the newest events was undetectable. Anchors — the chain's head written down
// outside the database — catch both; a key the database never holds makes the anchors
// themselves unforgeable.
#include "db/database.hpp"
#include "services/audit/audit.hpp"
#include "services/custody/custody.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace qm::test {
namespace {

using ::testing::HasSubstr;

// Rewrites every event from `from` on with the register's own recipe, as an owner covering its
// tracks would (the append-only triggers are off in replica mode).
constexpr const char* kRecomputeFrom = R"sql(
DO $$
DECLARE
    previous bytea;
    e record;
BEGIN
    SELECT hash INTO previous FROM audit_event WHERE id = %FROM% - 1;
    previous := coalesce(previous, '\x00'::bytea);
    FOR e IN SELECT * FROM audit_event WHERE id >= %FROM% ORDER BY id LOOP
        UPDATE audit_event
           SET prev_hash = previous,
               hash = sha256(previous || audit_event_content(e.id, e.at, e.actor, e.action, e.entity, e.entity_id,
                                                             e.before, e.after))
         WHERE id = e.id
        RETURNING hash INTO previous;
    END LOOP;
    UPDATE qm_internal.audit_head SET last_id = (SELECT max(id) FROM audit_event),
                          last_hash = (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1);
END
$$)sql";

class AuditAnchors : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        owner_ = std::make_unique<db::Database>(as("owner"));
        addPhonesAndPeople("AA", 6, 1);
        agent_ = session("agent");
        viewer_ = session("viewer");
    }
    void handOver(const std::string& tag) {
        services::IssueRequest r;
        r.device = tag;
        r.staffNo = "AA0001";
        services::issueDevice(*agent_, r);
        services::ReturnRequest back;
        back.device = tag;
        services::returnDevice(*agent_, back);
    }
    void asOwnerWithTriggersOff(const std::string& sql) {
        owner_->execScript("begin; set local session_replication_role = replica; " + sql + "; commit");
    }

    std::unique_ptr<db::Database> owner_;
    std::unique_ptr<services::Session> agent_, viewer_;
};

TEST_F(AuditAnchors, ARewrittenChainPassesAloneButNotAgainstAnAnchor) {
    handOver("AA-1");
    const services::Anchor early = services::takeAnchor(*viewer_, "");
    handOver("AA-2");
    const services::Anchor late = services::takeAnchor(*viewer_, "");
    ASSERT_GT(late.events, early.events);
    auto verdict = services::verifyAudit(*viewer_, {early, late});
    ASSERT_TRUE(verdict.intact) << verdict.sentence;
    EXPECT_EQ(verdict.anchorsChecked, 2u);

    // The owner makes event 3 someone else's and recomputes every hash after it.
    asOwnerWithTriggersOff("update audit_event set actor = 'somebody_else' where id = 3");
    std::string recompute = kRecomputeFrom;
    for (auto at = recompute.find("%FROM%"); at != std::string::npos; at = recompute.find("%FROM%"))
        recompute.replace(at, 6, "3");
    asOwnerWithTriggersOff(recompute);
    // On its own the chain still verifies: that is what anchors are for.
    EXPECT_TRUE(services::verifyAudit(*viewer_).intact);
    verdict = services::verifyAudit(*viewer_, {early, late});
    EXPECT_FALSE(verdict.intact);
    EXPECT_EQ(verdict.brokenAt, early.events);
    EXPECT_THAT(verdict.sentence, HasSubstr("rewritten"));
}

TEST_F(AuditAnchors, DeletingTheNewestEventsIsCaughtByAnAnchorTakenBefore) {
    handOver("AA-3");
    handOver("AA-4");
    const services::Anchor anchor = services::takeAnchor(*viewer_, "");
    asOwnerWithTriggersOff("delete from audit_event where id > " + std::to_string(anchor.events - 4) +
                           "; update qm_internal.audit_head set last_id = (select max(id) from audit_event),"
                           " last_hash = (select hash from audit_event order by id desc limit 1)");
    EXPECT_TRUE(services::verifyAudit(*viewer_).intact) << "alone, a shorter chain looks whole";
    auto verdict = services::verifyAudit(*viewer_, {anchor});
    EXPECT_FALSE(verdict.intact);
    EXPECT_THAT(verdict.sentence, HasSubstr("cut short"));
    EXPECT_THAT(verdict.sentence, HasSubstr(std::to_string(anchor.events)));
}

TEST_F(AuditAnchors, AnchorsCarryTheirOwnSignatureAndSurviveASyslogExport) {
    handOver("AA-5");
    const std::string key = "a key the database never sees, 32+ bytes";
    const services::Anchor anchor = services::takeAnchor(*viewer_, key);
    ASSERT_FALSE(anchor.macHex.empty());
    const std::string line = services::anchorLine(anchor);
    // As journald or syslog would keep it: a prefix of their own, and other lines around it.
    std::istringstream file("Nov 28 10:00:00 desk1 quartermaster-audit[42]: " + line +
                            "\nNov 28 10:00:01 desk1 systemd[1]: something else\n");
    auto anchors = services::readAnchors(file, "journal");
    ASSERT_EQ(anchors.size(), 1u);
    auto verdict = services::verifyAudit(*viewer_, anchors, key);
    EXPECT_TRUE(verdict.intact) << verdict.sentence;
    EXPECT_THAT(verdict.sentence, HasSubstr("signed with the key"));

    // Whoever edits the anchors file to match a rewritten chain cannot sign it.
    std::string forged = line;
    forged.replace(forged.find("events=") + 7, std::to_string(anchor.events).size(), std::to_string(anchor.events - 1));
    std::istringstream forgedFile(forged + "\n");
    auto forgedAnchors = services::readAnchors(forgedFile, "anchors");
    verdict = services::verifyAudit(*viewer_, forgedAnchors, key);
    EXPECT_FALSE(verdict.intact);
    EXPECT_THAT(verdict.sentence, HasSubstr("not signed with the anchor key"));
    // Nor can a field be appended after the signature to override a signed one.
    for (const std::string& tail : std::vector<std::string>{" head=" + std::string(64, 'a'), " events=0", " x"}) {
        std::istringstream appended(line + tail + "\n");
        try {
            services::readAnchors(appended, "anchors");
            ADD_FAILURE() << "accepted an anchor with '" << tail << "' after its signature";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Invalid) << e.what();
        }
    }
    // Nor with the wrong key.
    EXPECT_FALSE(services::verifyAudit(*viewer_, anchors, "some other key of enough length").intact);

    // A malformed anchor is named by its line.
    std::istringstream broken("QM-AUDIT-ANCHOR v1 database=x events=abc head=00 head-at=- taken=now\n");
    try {
        services::readAnchors(broken, "anchors.txt");
        ADD_FAILURE() << "a malformed anchor was read";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Invalid);
        EXPECT_THAT(std::string(e.what()), HasSubstr("Line 1 of anchors.txt"));
    }
}

TEST_F(AuditAnchors, VerificationDoesNotTrustTheSchemasOwnFunctions) {
    handOver("AA-6");
    // The owner redefines the recipe so that any content "hashes" to what is stored...
    asOwnerWithTriggersOff("update audit_event set after = '{\"forged\": true}' where id = 2");
    owner_->execScript("create or replace function audit_event_content(id bigint, at timestamptz, actor text,"
                       " action text, entity text, entity_id bigint, before jsonb, after jsonb) returns bytea"
                       " language sql immutable as $$ select ''::bytea $$");
    // ...but the chain is checked in C++ from the stored fields.
    auto verdict = services::verifyAudit(*viewer_);
    EXPECT_FALSE(verdict.intact);
    EXPECT_EQ(verdict.brokenAt, 2);
    EXPECT_THAT(verdict.sentence, HasSubstr("edited"));
}

}  // namespace
}  // namespace qm::test
