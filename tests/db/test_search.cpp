// The search language of DESIGN.md §8 against a real register (schema 8): free words and every
// field on a small register built through the desk's own services, accents and case, negation
// over missing values, AND/OR/brackets, quoted phrases, LIKE metacharacters typed literally,
// keyset pages in every order, counts, the scan look-up, the trigram indexes, a hostile corpus
// that must never reach the database as SQL, and saved searches — through services:: and, for
// their row security, in raw SQL under every desk login as psql would send it.
#include "db/database.hpp"
#include "db/search.hpp"
#include "model/identifiers.hpp"
#include "model/search_query.hpp"
#include "model/search_results.hpp"
#include "model/report.hpp"
#include "services/custody/custody.hpp"
#include "services/reports.hpp"
#include "services/register/register.hpp"
#include "services/search/export.hpp"
#include "services/search/search.hpp"
#include "tests/support/raw_sql.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Tags = std::set<std::string>;

std::string imei(const std::string& first14) { return first14 + Imei::checkDigit(first14); }

const std::string kImeiA = imei("35693803564380");   // QM-0001
const std::string kImeiB = imei("35693803564381");   // QM-0002, first slot
const std::string kImeiB2 = imei("86753090000001");  // QM-0002, second slot
const std::string kImeiD = imei("49015420323751");   // QM-0004

const std::vector<std::string> kRoles = {"viewer", "agent", "manager", "approver", "admin"};

// The register every test starts from (13 devices):
//
//   tag       serial     model                       unit                 warranty    phone           holder
//   QM-0001   R58N00001  Samsung Galaxy A54 5G       Central West         2025-06-30  +447700900101   Zoë Łukasiewicz
//   QM-0002   R58N00002  Samsung Galaxy A54 5G       Central West         2026-06-30  +447700900102   Siân Jones
//   QM-0003   R58N00003  Samsung Galaxy A54 5G       North East           2027-01-31                  (legal hold)
//   QM-0004   F2LX00004  Apple iPhone 14             North East (by code) 2026-12-31  +447700900104   Ann O'Brien
//   QM-0005   F2LX00005  Apple iPhone 14             -                    -
//   QM-0006   F2LX00006  Apple iPhone 14             Central West         2028-03-31                  Bob Smith (2025-01-15)
//   QM-0007   R58N00007  Samsung Galaxy A54 5G       Roads and Transport  -
//   QM-0008   R58N00008  Samsung Galaxy A54 5G       North East           -                           (in repair)
//   QM-0009   R58N00009  Samsung Galaxy A54 5G       -                    -
//   QM-0010   F2LX00010  Apple iPhone 14             North East           -
//   TAB-0001  R52T00001  Samsung Galaxy Tab S9       Central West         2027-06-30
//   TAB-0002  DMPX00002  Apple iPad 10th generation  -                    -                           Zoë Łukasiewicz
//   TAB-0003  DMPX00003  Apple iPad 10th generation  North East           2026-01-31
const Tags kAll = {"QM-0001", "QM-0002", "QM-0003", "QM-0004", "QM-0005", "QM-0006", "QM-0007",
                   "QM-0008", "QM-0009", "QM-0010", "TAB-0001", "TAB-0002", "TAB-0003"};
const Tags kIssued = {"QM-0001", "QM-0002", "QM-0004", "QM-0006", "TAB-0002"};
const Tags kInStock = {"QM-0003", "QM-0005", "QM-0007", "QM-0009", "QM-0010", "TAB-0001", "TAB-0003"};
const Tags kCentralWest = {"QM-0001", "QM-0002", "QM-0006", "TAB-0001"};
const Tags kNorthEast = {"QM-0003", "QM-0004", "QM-0008", "QM-0010", "TAB-0003"};
const Tags kA54 = {"QM-0001", "QM-0002", "QM-0003", "QM-0007", "QM-0008", "QM-0009"};
const Tags kIphones = {"QM-0004", "QM-0005", "QM-0006", "QM-0010"};
const Tags kTablets = {"TAB-0001", "TAB-0002", "TAB-0003"};
const Tags kApple = {"QM-0004", "QM-0005", "QM-0006", "QM-0010", "TAB-0002", "TAB-0003"};
const Tags kGalaxy = {"QM-0001", "QM-0002", "QM-0003", "QM-0007", "QM-0008", "QM-0009", "TAB-0001"};
const Tags kWithWarranty = {"QM-0001", "QM-0002", "QM-0003", "QM-0004", "QM-0006", "TAB-0001", "TAB-0003"};
const Tags kZoe = {"QM-0001", "TAB-0002"};

Tags minus(const Tags& a, const Tags& b) {
    Tags out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
}

std::string show(const Tags& tags) {
    std::string out = "{";
    for (const auto& t : tags) out += (out.size() > 1 ? ", " : "") + t;
    return out + "}";
}

Error expectError(const std::function<void()>& fn, ErrorKind kind, const std::string& what) {
    try {
        fn();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << what << ": " << e.what();
        return e;
    }
    ADD_FAILURE() << what << ": no error";
    return Error(ErrorKind::Other, "");
}

// A single-quoted SQL literal.
std::string literal(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

class SearchDb : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        {
            // Units with codes (the desk's services make units without one).
            db::Database owner(as("owner"));
            owner.execScript("insert into command_unit (name, code) values ('Central West', 'AW'), ('North East', 'KN'),"
                             " ('Roads and Transport', null)");
        }
        manager_ = session("manager");
        agent_ = session("agent");
        viewer_ = session("viewer");

        // Issuing moves a device to its holder's unit, when the holder has one.
        person("210001", "Zoë Łukasiewicz", "");
        person("210002", "Siân Jones", "Central West");
        person("210003", "Ann O'Brien", "");
        person("210004", "Bob Smith", "Central West");
        person("MP77001", "Kamal Patel", "North East");  // holds nothing

        device("QM-0001", "r58n00001", kImeiA, "", "Samsung Galaxy A54 5G", "07700 900101", "Central West", "2025-06-30");
        device("QM-0002", "R58N00002", kImeiB, kImeiB2, "Samsung Galaxy A54 5G", "07700900102", "central west", "2026-06-30");
        device("QM-0003", "R58N00003", "", "", "Samsung Galaxy A54 5G", "", "North East", "2027-01-31");
        device("QM-0004", "F2LX00004", kImeiD, "", "Apple iPhone 14", "+447700900104", "KN", "2026-12-31");
        device("QM-0005", "F2LX00005", "", "", "Apple iPhone 14", "", "", "");
        device("QM-0006", "F2LX00006", "", "", "Apple iPhone 14", "", "Central West", "2028-03-31");
        device("QM-0007", "R58N00007", "", "", "Samsung Galaxy A54 5G", "", "Roads and Transport", "");
        device("QM-0008", "R58N00008", "", "", "Samsung Galaxy A54 5G", "", "North East", "");
        device("QM-0009", "R58N00009", "", "", "Samsung Galaxy A54 5G", "", "", "");
        device("QM-0010", "F2LX00010", "", "", "Apple iPhone 14", "", "North East", "");
        device("TAB-0001", "R52T00001", "", "", "Samsung Galaxy Tab S9", "", "Central West", "2027-06-30");
        device("TAB-0002", "DMPX00002", "", "", "Apple iPad 10th generation", "", "", "");
        device("TAB-0003", "DMPX00003", "", "", "Apple iPad 10th generation", "", "North East", "2026-01-31");

        issue("QM-0001", "210001");
        issue("TAB-0002", "210001");
        issue("QM-0002", "210002");
        issue("QM-0004", "210003");
        issue("QM-0006", "210004");
        services::placeHold(*manager_, "QM-0003", "Op Trident exhibit");
        services::sendToRepair(*agent_, "QM-0008", "cracked screen");
        // One hand-over long ago, for the issued: dates and spans.
        {
            db::Database owner(as("owner"));
            owner.execScript("update custody set issued_at = '2025-01-15 09:30:00+00'"
                             " where returned_at is null and device_id = (select id from device where asset_tag = 'QM-0006')");
        }
        ASSERT_EQ(scalar("select count(*) from device"), 13);
        ASSERT_EQ(scalar("select count(*) from custody where returned_at is null"), 5);
        ASSERT_EQ(scalar("select count(*) from mdm_device"), 0);
    }

    void person(const std::string& staffNo, const std::string& name, const std::string& unit) {
        services::PersonInput p;
        p.staffNo = staffNo;
        p.name = name;
        p.unit = unit;
        services::addPerson(*manager_, p);
    }

    void device(const std::string& tag, const std::string& serial, const std::string& imei1, const std::string& imei2,
                const std::string& model, const std::string& phone, const std::string& unit,
                const std::string& warranty) {
        services::DeviceInput in;
        in.assetTag = tag;
        in.serial = serial;
        in.imei = imei1;
        in.imei2 = imei2;
        in.model = model;
        in.phone = phone;
        in.unit = unit;
        in.warrantyUntil = warranty;
        services::addDevice(*manager_, in);
    }

    void issue(const std::string& tag, const std::string& staffNo) {
        services::IssueRequest r;
        r.device = tag;
        r.staffNo = staffNo;
        services::issueDevice(*agent_, r);
    }

    search::Query parsed(const std::string& text) {
        auto r = search::parse(text);
        if (r.error) {
            ADD_FAILURE() << "'" << text << "' did not parse: " << r.error->message;
            return search::Query{};
        }
        return *r.query;
    }

    // Every device the query finds (one page of up to 1000, as a viewer), each at most once.
    Tags tags(const std::string& text, services::Session* as = nullptr) {
        auto r = search::parse(text);
        if (r.error) {
            ADD_FAILURE() << "'" << text << "' did not parse: " << r.error->message;
            return {};
        }
        services::SearchPage page;
        try {
            page = services::searchDevices(as ? *as : *viewer_, *r.query, search::Sort{}, std::nullopt, 1000);
        } catch (const std::exception& e) {
            ADD_FAILURE() << "'" << text << "' failed: " << e.what();
            return {"<error>"};
        }
        EXPECT_FALSE(page.more) << text;
        Tags out;
        for (const auto& row : page.rows) EXPECT_TRUE(out.insert(row.assetTag).second) << text << ": " << row.assetTag << " twice";
        return out;
    }

    void expectFinds(const std::vector<std::pair<std::string, Tags>>& cases) {
        for (const auto& [query, want] : cases) {
            Tags got = tags(query);
            EXPECT_EQ(got, want) << "query: " << query << "\n  expected " << show(want) << "\n  got      " << show(got);
        }
    }

    std::unique_ptr<services::Session> manager_, agent_, viewer_;
};

TEST_F(SearchDb, FreeWordsMatchIdentifiersPhonesHoldersStaffNumbersAndModels) {
    expectFinds({
        {"M-000", minus(kAll, {"QM-0010", "TAB-0001", "TAB-0002", "TAB-0003"})},  // part of an asset tag
        {"tab-", kTablets},
        {"DMPX", {"TAB-0002", "TAB-0003"}},          // part of a serial
        {"r52t", {"TAB-0001"}},                      // typed in lower case
        {"64380", {"QM-0001"}},                      // part of the first IMEI
        {"42032375", {"QM-0004"}},
        {"75309000", {"QM-0002"}},                   // part of the second IMEI
        {"900104", {"QM-0004"}},                     // part of a phone number
        {"+4477009001", {"QM-0001", "QM-0002", "QM-0004"}},
        {"jones", {"QM-0002"}},                      // holder's name
        {"210003", {"QM-0004"}},                     // holder's staff number
        {"galaxy", kGalaxy},                         // make and model
        {"iPhone", kIphones},
        {"apple", kApple},
        {"samsung tab", {"TAB-0001"}},               // two words: both must match
        {"kamal", {}},                               // a person who holds nothing
        {"mp77001", {}},
        {"nothing-like-this", {}},
    });
}

TEST_F(SearchDb, HolderNamesMatchWhateverTheCaseAndAccents) {
    expectFinds({
        {"lukasiewicz", kZoe},
        {"ŁUKASIEWICZ", kZoe},
        {"Łukasiewicz", kZoe},
        {"LUKASIEWICZ", kZoe},
        {"zoe", kZoe},
        {"ZOË", kZoe},
        {"sian", {"QM-0002"}},
        {"SIÂN", {"QM-0002"}},
        {"siân", {"QM-0002"}},
        {"o'brien", {"QM-0004"}},
        {"holder:ŁUKASIEWICZ", kZoe},
        {"holder:sian", {"QM-0002"}},
    });
    // What a row shows for a held device.
    auto page = services::searchDevices(*viewer_, parsed("lukasiewicz kind:phone"), {}, std::nullopt, 10);
    ASSERT_EQ(page.rows.size(), 1u);
    const auto& row = page.rows.front();
    EXPECT_EQ(row.assetTag, "QM-0001");
    EXPECT_EQ(row.holder, "Zoë Łukasiewicz");
    EXPECT_EQ(row.staffNo, "210001");
    EXPECT_EQ(row.status, DeviceStatus::Issued);
    EXPECT_EQ(row.unit, "Central West");
    EXPECT_EQ(row.phone, "+447700900101");
    EXPECT_EQ(row.imei, kImeiA);
    EXPECT_EQ(row.serial, "R58N00001");
    EXPECT_EQ(row.makeAndModel, "Samsung Galaxy A54 5G");
    EXPECT_EQ(row.kind, "phone");
    EXPECT_EQ(row.warrantyUntil, "2025-06-30");
    EXPECT_FALSE(row.legalHold);
    EXPECT_THAT(row.issuedAt, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
    EXPECT_EQ(row.lastSeen, "");
}

TEST_F(SearchDb, EachFieldFindsItsDevices) {
    expectFinds({
        {"status:issued", kIssued},
        {"status:in_stock", kInStock},
        {"status:\"in repair\"", {"QM-0008"}},
        {"status:IN-REPAIR", {"QM-0008"}},
        {"status:lost", {}},
        {"model:a54", kA54},
        {"model:\"galaxy tab\"", {"TAB-0001"}},
        {"model:\"iphone 14\"", kIphones},
        {"model:apple", kApple},  // the model is "maker model"
        {"maker:apple", kApple},
        {"maker:SAMSUNG", kGalaxy},
        {"maker:iphone", {}},     // a model name is not a maker
        {"kind:tablet", kTablets},
        {"kind:phone", minus(kAll, kTablets)},
        {"unit:\"Central West\"", kCentralWest},
        {"unit:west", kCentralWest},
        {"unit:north", kNorthEast},
        {"unit:KN", kNorthEast},  // the unit's code
        {"unit:kn", kNorthEast},
        {"unit:aw", kCentralWest},
        {"unit:roads", {"QM-0007"}},
        {"holder:smith", {"QM-0006"}},
        {"holder:o'brien", {"QM-0004"}},
        {"holder:\"Ann O'Brien\"", {"QM-0004"}},
        {"holder:patel", {}},
        {"staff:210002", {"QM-0002"}},
        {"staff:2100", kIssued},
        {"staff:jones", {}},      // a name is not a staff number
        {"imei:3564380", {"QM-0001"}},
        {"imei:35693803564", {"QM-0001", "QM-0002"}},
        {"imei:8675309", {"QM-0002"}},  // the second slot
        {"imei:\"4901 5420\"", {"QM-0004"}},
        {"imei:7700", {}},        // a phone number is not an IMEI
        {"serial:f2lx", kIphones},
        {"serial:R52T", {"TAB-0001"}},
        {"serial:QM", {}},        // an asset tag is not a serial
        {"tag:tab", kTablets},
        {"tag:qm-001", {"QM-0010"}},
        {"tag:R58N", {}},
        {"phone:07700900104", {"QM-0004"}},  // national form of +447700900104
        {"phone:\"07700 900102\"", {"QM-0002"}},
        {"phone:+447700900101", {"QM-0001"}},
        {"phone:07700", {"QM-0001", "QM-0002", "QM-0004"}},
        {"phone:3564380", {}},    // an IMEI is not a phone number
        {"hold:yes", {"QM-0003"}},
        {"hold:no", minus(kAll, {"QM-0003"})},
        {"os:ios", {}},           // nothing known to the MDM
        {"compliance:compliant", {}},
        {"lastseen:never", kAll}, // no MDM snapshot at all: every device
        {"lastseen>30d", {}},
        {"lastseen<30d", {}},
    });
}

TEST_F(SearchDb, DatesAndSpans) {
    const Tags recent = minus(kIssued, {"QM-0006"});
    expectFinds({
        {"warranty<2026-07-01", {"QM-0001", "QM-0002", "TAB-0003"}},
        {"warranty<=2026-06-30", {"QM-0001", "QM-0002", "TAB-0003"}},
        {"warranty<2026-06-30", {"QM-0001", "TAB-0003"}},
        {"warranty>2027-01-31", {"QM-0006", "TAB-0001"}},
        {"warranty>=2027-01-31", {"QM-0003", "QM-0006", "TAB-0001"}},
        {"warranty:2026-12-31", {"QM-0004"}},
        {"warranty<36500d", kWithWarranty},  // ends within a hundred years
        {"warranty>36500d", {}},
        {"issued>2025-06-01", recent},
        {"issued<2025-06-01", {"QM-0006"}},
        {"issued:2025-01-15", {"QM-0006"}},
        {"issued<=2025-01-15", {"QM-0006"}},
        {"issued<2025-01-15", {}},
        {"issued>=2025-01-16", recent},
        {"issued<30d", recent},               // within the last 30 days
        {"issued>30d", {"QM-0006"}},          // more than 30 days ago
        {"issued>8w", {"QM-0006"}},
        {"issued<1y", recent},
    });
}

TEST_F(SearchDb, NegationIncludesDevicesWithoutTheValue) {
    expectFinds({
        {"-unit:\"Central West\"", minus(kAll, kCentralWest)},  // QM-0005, QM-0009, TAB-0002 have no unit
        {"-unit:kn", minus(kAll, kNorthEast)},
        {"-holder:zoe", minus(kAll, kZoe)},                   // devices held by nobody too
        {"-staff:210002", minus(kAll, {"QM-0002"})},
        {"-phone:07700", minus(kAll, {"QM-0001", "QM-0002", "QM-0004"})},
        {"-imei:3564380", minus(kAll, {"QM-0001"})},
        {"-warranty<2026-07-01", minus(kAll, {"QM-0001", "QM-0002", "TAB-0003"})},
        {"-issued<30d", minus(kAll, minus(kIssued, {"QM-0006"}))},
        {"-status:issued", minus(kAll, kIssued)},
        {"-hold:yes", minus(kAll, {"QM-0003"})},
        {"-lastseen:never", {}},
        {"-galaxy", minus(kAll, kGalaxy)},
        {"-lukasiewicz", minus(kAll, kZoe)},
    });
}

TEST_F(SearchDb, AndOrAndBrackets) {
    expectFinds({
        {"status:issued unit:\"Central West\"", {"QM-0001", "QM-0002", "QM-0006"}},
        {"kind:tablet OR hold:yes", {"TAB-0001", "TAB-0002", "TAB-0003", "QM-0003"}},
        {"holder:smith OR holder:jones OR staff:210003", {"QM-0002", "QM-0004", "QM-0006"}},
        {"maker:apple (status:issued OR unit:north)", {"QM-0004", "QM-0006", "QM-0010", "TAB-0002", "TAB-0003"}},
        {"-(maker:apple OR kind:tablet)", kA54},
        {"galaxy -status:issued", {"QM-0003", "QM-0007", "QM-0008", "QM-0009", "TAB-0001"}},
        {"(holder:smith OR staff:210002) warranty>2026-01-01", {"QM-0002", "QM-0006"}},
        {"(holder:smith OR staff:210002) warranty>2027-01-01", {"QM-0006"}},
        {"((kind:tablet) (unit:north OR -unit:west))", {"TAB-0002", "TAB-0003"}},
        {"status:issued status:in_stock", {}},
        {"lukasiewicz OR jones kind:phone", {"QM-0001", "QM-0002"}},  // OR binds tighter than side by side
    });
}

TEST_F(SearchDb, QuotedPhrases) {
    expectFinds({
        {"\"zoe lukasiewicz\"", kZoe},
        {"\"Zoë Łukasiewicz\"", kZoe},
        {"\"lukasiewicz zoe\"", {}},  // a phrase keeps its word order
        {"zoe jones", {}},            // two words: both must match one device
        {"\"galaxy a54\"", kA54},
        {"\"galaxy tab\"", {"TAB-0001"}},
        {"\"ann o'brien\"", {"QM-0004"}},
    });
}

TEST_F(SearchDb, LikeMetacharactersMatchThemselves) {
    expectFinds({
        {"%", {}},
        {"_", {}},
        {"%%", {}},
        {"R58N_0001", {}},   // '_' is not "any character": R58N00001 does not match
        {"QM%0004", {}},
        {"zo_", {}},         // nor in a holder's name
        {"tag:QM-000_", {}},
        {"serial:%", {}},
        {"unit:%", {}},
        {"holder:%", {}},
        {"model:_", {}},
        {"\\", {}},
        {"R58N\\00001", {}},
    });
    // The same words without the metacharacters do match: the test above can fail.
    expectFinds({{"R58N00001", {"QM-0001"}}, {"tag:QM-000", minus(kAll, {"QM-0010", "TAB-0001", "TAB-0002", "TAB-0003"})}});
}

TEST_F(SearchDb, KeysetPagesInEverySortMatchOneBigPage) {
    const std::vector<std::pair<std::string, Tags>> queries = {
        {"", kAll},
        {"-hold:yes", minus(kAll, {"QM-0003"})},
        {"galaxy", kGalaxy},                   // the candidate path (a selective free word)
        {"galaxy OR maker:apple", kAll},
        {"status:issued OR unit:north", {"QM-0001", "QM-0002", "QM-0003", "QM-0004", "QM-0006", "QM-0008", "QM-0010",
                                         "TAB-0002", "TAB-0003"}},
    };
    ASSERT_EQ(search::sortNames().size(), 10u);
    for (const auto& [text, want] : queries) {
        const search::Query query = parsed(text);
        std::map<std::string, std::vector<std::string>> bigPages;
        for (const auto& name : search::sortNames()) {
            for (const std::string& spelled : {name, "-" + name}) {
                SCOPED_TRACE("query '" + text + "' sorted by " + spelled);
                auto sort = search::parseSort(spelled);
                ASSERT_TRUE(sort) << spelled;
                EXPECT_EQ(search::sortName(*sort), spelled);
                auto big = services::searchDevices(*viewer_, query, *sort, std::nullopt, 1000);
                EXPECT_FALSE(big.more);
                EXPECT_FALSE(big.scanned);
                std::vector<std::string> all;
                for (const auto& r : big.rows) all.push_back(r.assetTag);
                EXPECT_EQ(Tags(all.begin(), all.end()), want);
                EXPECT_EQ(all.size(), want.size()) << "a device appears twice in one page";

                std::vector<std::string> paged;
                std::optional<ListKey> after;
                int pages = 0;
                for (;;) {
                    auto page = services::searchDevices(*viewer_, query, *sort, after, 3);
                    ++pages;
                    ASSERT_LE(page.rows.size(), 3u);
                    EXPECT_FALSE(page.scanned);
                    for (const auto& r : page.rows) paged.push_back(r.assetTag);
                    if (!page.more) break;
                    ASSERT_EQ(page.rows.size(), 3u) << "a page with more after it must be full";
                    after = page.rows.back().key;
                    ASSERT_LE(pages, 20) << "paging does not end";
                }
                EXPECT_EQ(paged, all) << "the pages put together differ from one big page";
                EXPECT_EQ(pages, std::max<int>(1, static_cast<int>((want.size() + 2) / 3)));
                bigPages[spelled] = all;
            }
            // Descending is ascending reversed: every order ends on the unique asset tag.
            std::vector<std::string> up = bigPages[name], down = bigPages["-" + name];
            std::reverse(down.begin(), down.end());
            EXPECT_EQ(up, down) << "query '" << text << "': -" << name << " is not " << name << " reversed";
        }
        // Orders that must put devices in a known order.
        EXPECT_EQ(bigPages["tag"].front(), *want.begin()) << text;
    }
    // A few orders checked outright on the whole register.
    auto order = [&](const std::string& sort) {
        std::vector<std::string> out;
        for (const auto& r : services::searchDevices(*viewer_, search::Query{}, *search::parseSort(sort), std::nullopt, 100).rows)
            out.push_back(r.assetTag);
        return out;
    };
    EXPECT_EQ(order("warranty"),
              (std::vector<std::string>{"QM-0005", "QM-0007", "QM-0008", "QM-0009", "QM-0010", "TAB-0002", "QM-0001",
                                        "TAB-0003", "QM-0002", "QM-0004", "QM-0003", "TAB-0001", "QM-0006"}));
    auto issued = order("issued");
    ASSERT_EQ(issued.size(), 13u);
    // The eight not issued first (no hand-over), then the oldest hand-over, then the four of today.
    EXPECT_EQ(Tags(issued.begin(), issued.begin() + 8), minus(kAll, kIssued));
    EXPECT_EQ(issued[8], "QM-0006");
    EXPECT_EQ(Tags(issued.begin() + 9, issued.end()), minus(kIssued, {"QM-0006"}));
    auto holder = order("holder");
    EXPECT_EQ(std::vector<std::string>(holder.end() - 5, holder.end()),
              (std::vector<std::string>{"QM-0004", "QM-0006", "QM-0002", "QM-0001", "TAB-0002"}));  // Ann, Bob, Siân, Zoë
}

TEST_F(SearchDb, ExportWritesEveryMatchOrNothing) {
    const auto dir = std::filesystem::temp_directory_path() / ("qm-search-export-" + database_);
    std::filesystem::create_directories(dir);
    services::ExportRequest request{parsed("galaxy -status:issued"), {}, {"asset_tag", "holder", "phone"}, false, true, 0};
    std::ostringstream streamed;
    EXPECT_EQ(services::writeSearchResults(*viewer_, request, streamed), 5);
    EXPECT_EQ(streamed.str().substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_THAT(streamed.str(), HasSubstr("asset_tag,holder,phone\r\n"));
    EXPECT_THAT(streamed.str(), HasSubstr("TAB-0001"));

    const auto file = dir / "galaxy.csv";
    EXPECT_EQ(services::exportSearchResults(*viewer_, request, file.string()), 5);
    std::ifstream in(file, std::ios::binary);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()), streamed.str());
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".part"));

    // Cancelled after the first page: no file at all, and none beside it.
    const auto cancelled = dir / "cancelled.json";
    request.json = true;
    Error e = expectError([&] { services::exportSearchResults(*viewer_, request, cancelled.string(), [](long long) { return false; }); },
                          ErrorKind::Other, "cancelled export");
    EXPECT_THAT(e.what(), HasSubstr("cancelled"));
    EXPECT_FALSE(std::filesystem::exists(cancelled));
    EXPECT_FALSE(std::filesystem::exists(cancelled.string() + ".part"));
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

TEST_F(SearchDb, CountsAreExactForSmallResults) {
    const std::vector<std::pair<std::string, long long>> cases = {
        {"", 13},          {"status:issued", 5}, {"galaxy", 7},     {"lukasiewicz", 2},
        {"kamal", 0},      {"-unit:\"Central West\"", 9},          {"kind:tablet OR hold:yes", 4},
        {"%", 0},          {"lastseen:never", 13},                 {"issued>30d", 1},
    };
    for (const auto& [text, n] : cases) {
        auto count = services::countDevices(*viewer_, parsed(text));
        EXPECT_EQ(count.rows, n) << text;
        EXPECT_FALSE(count.estimated) << text;
        EXPECT_FALSE(count.moreThan) << text;
        // The first page carries the same count (a page of 2 of them).
        auto page = services::searchDevices(*viewer_, parsed(text), {}, std::nullopt, 2);
        EXPECT_EQ(page.count.rows, n) << text;
        EXPECT_FALSE(page.count.estimated) << text;
        EXPECT_EQ(page.more, n > 2) << text;
    }
    auto scanned = services::searchDevices(*viewer_, parsed("QM-0004"), {}, std::nullopt, 2);
    EXPECT_TRUE(scanned.scanned);
    EXPECT_EQ(scanned.count.rows, 1);
}

TEST_F(SearchDb, ScannedIdentifierReturnsThatDeviceAlone) {
    const std::vector<std::pair<std::string, std::string>> scans = {
        {"QM-0004", "QM-0004"},  {"qm-0004", "QM-0004"},  {"F2LX00005", "QM-0005"}, {"f2lx00005", "QM-0005"},
        {kImeiA, "QM-0001"},     {kImeiB, "QM-0002"},     {kImeiB2, "QM-0002"},    // the second slot
        {kImeiD, "QM-0004"},     {"r52t00001", "TAB-0001"}, {"TAB-0002", "TAB-0002"},
        {"QM-0001", "QM-0001"},  // also part of nothing else, but exact either way
    };
    for (const auto& [text, tag] : scans) {
        const search::Query q = parsed(text);
        EXPECT_FALSE(q.scan.empty()) << text;
        auto page = services::searchDevices(*viewer_, q, {}, std::nullopt, 50);
        EXPECT_TRUE(page.scanned) << text;
        EXPECT_FALSE(page.more) << text;
        ASSERT_EQ(page.rows.size(), 1u) << text;
        EXPECT_EQ(page.rows.front().assetTag, tag) << text;
    }
    // Part of an identifier is a search, not a scan.
    auto part = services::searchDevices(*viewer_, parsed("QM-000"), {}, std::nullopt, 50);
    EXPECT_FALSE(part.scanned);
    EXPECT_EQ(part.rows.size(), 9u);
    auto serialPart = services::searchDevices(*viewer_, parsed("F2LX0000"), {}, std::nullopt, 50);
    EXPECT_FALSE(serialPart.scanned);
    EXPECT_EQ(serialPart.rows.size(), 3u);  // F2LX00004..6 (F2LX00010 has "F2LX0001")
    // A scan-shaped word with something else is not a scan.
    auto withField = services::searchDevices(*viewer_, parsed("QM-0004 status:issued"), {}, std::nullopt, 50);
    EXPECT_FALSE(withField.scanned);
    ASSERT_EQ(withField.rows.size(), 1u);
    EXPECT_EQ(withField.rows.front().assetTag, "QM-0004");
}

TEST_F(SearchDb, TrigramIndexesServeTheWordExpressions) {
    // Enough rows that a sequential scan is not the obvious plan, and fresh statistics.
    addPhonesAndPeople("BULK", 9999, 9999);  // (the helper pads numbers to four digits)
    {
        // As autovacuum leaves a register: statistics, and the GIN indexes' pending lists merged.
        db::Database owner(as("owner"));
        owner.execScript("vacuum analyze device");
        owner.execScript("vacuum analyze person");
    }
    // The columns db/search.cpp searches (kDeviceWords, kPersonWords), as the indexes have them,
    // each only where the word could occur: letters never probe the IMEI and phone indexes.
    const std::string personWords = "p2.search_words";
    std::vector<std::string> params;
    const std::string sql = db::searchSqlForTests(parsed("lukasiewicz"), params);
    EXPECT_THAT(sql, HasSubstr("(d.asset_tag ilike :p"));
    EXPECT_THAT(sql, HasSubstr(" or d.serial ilike :p"));
    EXPECT_THAT(sql, Not(HasSubstr("d.imei")));
    EXPECT_THAT(sql, Not(HasSubstr("d.phone")));
    EXPECT_THAT(sql, HasSubstr(personWords + " ilike qm_fold(:p"));
    EXPECT_THAT(params, ::testing::Contains("%lukasiewicz%"));
    params.clear();
    const std::string digits = db::searchSqlForTests(parsed("447700"), params);
    for (const char* column : {"d.asset_tag ilike", "d.serial ilike", "d.imei like", "d.imei2 like", "d.phone like"})
        EXPECT_THAT(digits, HasSubstr(column));
    // The stored folded words are what folding the name gives, accented or not.
    EXPECT_EQ(scalar("select count(*) from person where search_words is distinct from qm_fold(name) || ' ' || lower(staff_no)"), 0);
    EXPECT_EQ(text("select search_words from person where staff_no = '210001'"), "zoe lukasiewicz 210001");

    RawSession viewer(as("viewer"));
    auto plan = viewer.run("explain (format json) select id from device d where d.asset_tag ilike '%abc%' or "
                           "d.serial ilike '%abc%' or d.imei like '%123%' or d.imei2 like '%123%' or d.phone like '%123%'");
    ASSERT_TRUE(plan.ok) << plan.message;
    // One multi-column index, probed once per column (a BitmapOr), never a scan of the table.
    EXPECT_THAT(plan.value, HasSubstr("device_words_trgm")) << plan.value;
    EXPECT_THAT(plan.value, HasSubstr("BitmapOr")) << plan.value;
    EXPECT_THAT(plan.value, Not(HasSubstr("Seq Scan"))) << plan.value;
    plan = viewer.run("explain (format json) select id from person p2 where " + personWords + " ilike '%abc%'");
    ASSERT_TRUE(plan.ok) << plan.message;
    EXPECT_THAT(plan.value, HasSubstr("person_words_trgm")) << plan.value;
    // The bulk rows do not disturb the answers.
    expectFinds({{"lukasiewicz", kZoe}, {"64380", {"QM-0001"}}});
    EXPECT_EQ(tags("BULK-1999").size(), 1u);
}

// The over-policy report counts a person's phones as their open custody records less their
// tablets (only tablets are joined to their models). Checked here against the plain
// per-kind count, for a person over on phones, one over on tablets and people within it.
TEST_F(SearchDb, OverPolicyReportFindsEachKindHeldOverTheLimit) {
    auto second = [&](const std::string& tag, const std::string& staffNo) {
        services::IssueRequest r;
        r.device = tag;
        r.staffNo = staffNo;
        r.overrideReason = "Operational cover";
        services::issueDevice(*manager_, r);
    };
    second("QM-0005", "210001");  // a second phone beside QM-0001 (and one tablet, TAB-0002)
    issue("TAB-0001", "210002");
    second("TAB-0003", "210002");  // a second tablet beside TAB-0001 (and one phone, QM-0002)

    auto rows = [&](int max) {
        report::Options o;
        o.max = max;
        report::Table t = services::runReport(*viewer_, "over-policy", o);
        std::vector<std::string> out;
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            std::string line;
            for (const auto& cell : t.rows[i]) line += cell + "|";
            out.push_back(line + t.searches[i]);
        }
        return out;
    };
    EXPECT_EQ(rows(1), (std::vector<std::string>{"210001|Zoë Łukasiewicz||phone|2|QM-0001 QM-0005|staff:210001",
                                                 "210002|Siân Jones|Central West|tablet|2|TAB-0001 TAB-0003|staff:210002"}));
    EXPECT_TRUE(rows(2).empty());
    EXPECT_EQ(rows(0), rows(1));  // 0 asks for the default policy, one of a kind

    // The same people and counts as counting each kind directly, at every limit.
    for (int max : {1, 2, 3}) {
        std::vector<std::string> expected;
        soci::rowset<soci::row> direct = (viewer_->db().sql().prepare <<
            "select p.staff_no || '|' || m.kind || '|' || count(*) from custody c join device d on d.id = c.device_id"
            " join device_model m on m.id = d.model_id join person p on p.id = c.person_id where c.returned_at is null"
            " group by p.staff_no, m.kind having count(*) > " + std::to_string(max) + " order by count(*) desc, 1");
        for (const auto& r : direct) expected.push_back(r.get<std::string>(0));
        std::vector<std::string> got;
        for (const auto& line : rows(max)) {
            std::vector<std::string> cells;
            std::stringstream in(line);
            for (std::string cell; std::getline(in, cell, '|');) cells.push_back(cell);
            got.push_back(cells[0] + "|" + cells[3] + "|" + cells[4]);
        }
        EXPECT_EQ(got, expected) << "max " << max;
    }
}

TEST_F(SearchDb, CheckinReportPutsEachDeviceInServiceInOneBucket) {
    // Devices the MDM knows, at every age; one it knows but has never seen; retired ones (known
    // and unknown) that the report leaves out; the rest the MDM does not know at all.
    db::Database owner(as("owner"));
    owner.execScript(
        "insert into device (asset_tag, serial, model_id, status) select 'OLD-' || n, 'SERR000' || n,"
        " (select id from device_model where kind = 'phone' limit 1), 'retired' from generate_series(1, 2) n;"
        "insert into mdm_sync (state, finished_at, seen, new_devices, changed, unmatched, gone)"
        " values ('done', now(), 9, 9, 0, 0, 0);"
        "update device set mdm_id = 'mdm-' || lower(asset_tag) where asset_tag in"
        " ('QM-0001', 'QM-0002', 'QM-0003', 'QM-0004', 'QM-0005', 'QM-0006', 'QM-0007', 'QM-0008', 'OLD-1');"
        "insert into mdm_device (mdm_id, device_id, serial, last_sync_at, sync_id)"
        " select d.mdm_id, d.id, d.serial, now() - case d.asset_tag when 'QM-0001' then interval '2 hours'"
        "   when 'QM-0002' then interval '3 days' when 'QM-0003' then interval '10 days'"
        "   when 'QM-0004' then interval '20 days' when 'QM-0005' then interval '45 days'"
        "   when 'QM-0006' then interval '75 days' when 'QM-0007' then interval '200 days'"
        "   when 'OLD-1' then interval '1 day' end, (select max(id) from mdm_sync)"
        " from device d where d.mdm_id is not null and d.asset_tag <> 'QM-0008';"
        "insert into mdm_device (mdm_id, device_id, serial, last_sync_at, sync_id)"
        " select d.mdm_id, d.id, d.serial, null, (select max(id) from mdm_sync) from device d"
        " where d.asset_tag = 'QM-0008'");
    report::Table t = services::runReport(*viewer_, "checkin", {});
    std::vector<std::string> got;
    for (std::size_t i = 0; i < t.rows.size(); ++i) got.push_back(t.rows[i][0] + "=" + t.rows[i][1] + " " + t.searches[i]);
    const long long inService = scalar("select count(*) from device where status <> 'retired'");
    ASSERT_EQ(inService, 13);
    // 13 in service: six seen at one age each, QM-0007 long ago, QM-0008 never, five unknown.
    EXPECT_EQ(got, (std::vector<std::string>{"under 1 day=1 lastseen<1d -status:retired",
                                             "1 to 7 days=1 lastseen>=1d lastseen<7d -status:retired",
                                             "7 to 14 days=1 lastseen>=7d lastseen<14d -status:retired",
                                             "14 to 30 days=1 lastseen>=14d lastseen<30d -status:retired",
                                             "30 to 60 days=1 lastseen>=30d lastseen<60d -status:retired",
                                             "60 to 90 days=1 lastseen>=60d lastseen<90d -status:retired",
                                             "90 days or more=1 lastseen>=90d -status:retired",
                                             "never=6 lastseen:never -status:retired"}));
    // Each bucket's search finds exactly the devices it counts.
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const search::Count count = services::countDevices(*viewer_, parsed(t.searches[i]));
        EXPECT_FALSE(count.estimated);
        EXPECT_EQ(std::to_string(count.rows), t.rows[i][1]) << t.searches[i];
    }
}

TEST_F(SearchDb, HostileQueriesNeverReachTheDatabaseAsSql) {
    std::vector<std::string> corpus = {
        "'; drop table device; --",
        "\" OR 1=1 --",
        "status:issued'; delete from custody; --",
        "unit:\"x' or '1'='1\"",
        "holder:\"'); delete from saved_search; --\"",
        "x') or ('1'='1",
        "1; select pg_sleep(5)",
        "$$; drop table person; $$",
        "E'\\x27' OR 1=1",
        "tag:QM-0001' OR 'a'='a",
        "imei:3548' or 1=1",
        "phone:'07700'",
        "unit:\"",
        "\"unclosed",
        "(status:issued",
        "status:issued)",
        "((((((((((galaxy))))))))))",
        "()",
        std::string(10 * 1024, 'a'),
        std::string(999, 'x') + " OR",
        "galaxy\x01",
        std::string("gal\0axy", 7),
        "galaxy\x1b[31m",
        "galaxy\x7f",
        "galaxy \xc2\x85",
        "\xff\xfe",
        "colour:red",
        "status:broken",
        "warranty<2026-02-30",
        "issued>yesterday",
        "lastseen>never",
        "warranty<99999999d",
        "issued>99999y",      // spans reaching back (or ahead) past the calendar's ends
        "issued<99999y",
        "lastseen>99999y",
        "warranty>99999y",
        "warranty<99999y",
        "issued>0001-01-01",
        "-",
        "OR",
        "galaxy OR",
        "OR galaxy",
        "galaxy OR OR apple",
        "- galaxy",
        "--galaxy",
        "-(",
        "kind:laptop",
        "hold:maybe",
        "imei:abc",
        "phone:hello",
        "status:",
        "\xe2\x80\xae" "galaxy",  // a right-to-left override
        "\t",
        "",
        "   ",
        "\\",
        "%' or '%'='",
    };
    std::string manyTerms;
    for (int i = 0; i < 60; ++i) manyTerms += "galaxy ";
    corpus.push_back(manyTerms);
    corpus.push_back(std::string(20, '(') + "galaxy" + std::string(20, ')'));

    const long long devices = scalar("select count(*) from device");
    const long long custody = scalar("select count(*) from custody");
    int refused = 0, ran = 0;
    for (const auto& text : corpus) {
        SCOPED_TRACE("query: " + text.substr(0, 80));
        search::ParseResult r;
        EXPECT_NO_THROW(r = search::parse(text));
        EXPECT_NE(r.query.has_value(), r.error.has_value());
        if (r.error) {
            ++refused;
            EXPECT_FALSE(r.error->message.empty());
            EXPECT_GE(r.error->position, 1u);
            EXPECT_GE(r.error->length, 1u);
            if (text.size() > search::kMaxQueryCharacters)
                EXPECT_THAT(r.error->message, HasSubstr("1000"));  // too long: the limit, not a token
            else
                EXPECT_THAT(r.error->message, HasSubstr("position " + std::to_string(r.error->position)));
            EXPECT_THROW(search::parseOrThrow(text), Error);
            continue;
        }
        ++ran;
        // Nothing typed is SQL text: the statement holds only placeholders.
        std::vector<std::string> params;
        const std::string sql = db::searchSqlForTests(*r.query, params);
        for (const char* bad : {";", "drop ", "delete ", "1=1", "'1'='1", "pg_sleep", "$$", "'a'"})
            EXPECT_EQ(sql.find(bad), std::string::npos) << bad << " reached the SQL: " << sql;
        try {
            auto page = services::searchDevices(*viewer_, *r.query, {}, std::nullopt, 50);
            EXPECT_LE(page.rows.size(), 13u);
            services::countDevices(*viewer_, *r.query);
        } catch (const std::exception& e) {
            ADD_FAILURE() << "the search failed: " << e.what();
        }
    }
    EXPECT_GT(refused, 30);
    EXPECT_GT(ran, 10);
    // The known refusals, with the position of the bad token.
    auto errorOf = [](const std::string& text) {
        auto r = search::parse(text);
        return r.error ? *r.error : search::QueryError{"(parsed)", 0, 0};
    };
    EXPECT_EQ(errorOf("galaxy colour:red").position, 8u);
    EXPECT_EQ(errorOf("holder:\"smith").position, 8u);
    EXPECT_EQ(errorOf("warranty<2026-02-30").position, 10u);
    EXPECT_EQ(errorOf("Zoë \x01").position, 5u);  // characters, not bytes
    EXPECT_EQ(errorOf("galaxy -").position, 8u);
    EXPECT_EQ(errorOf("OR").position, 1u);
    EXPECT_THAT(errorOf(manyTerms).message, HasSubstr("too many terms"));
    EXPECT_THAT(errorOf(std::string(20, '(') + "galaxy" + std::string(20, ')')).message, HasSubstr("nested too deeply"));

    // The register is as it was, and the session still works.
    EXPECT_EQ(scalar("select count(*) from device"), devices);
    EXPECT_EQ(scalar("select count(*) from custody"), custody);
    EXPECT_EQ(scalar("select count(*) from person"), 5);
    EXPECT_EQ(tags("galaxy"), kGalaxy);
}

TEST_F(SearchDb, SavedSearchesPersonalSharedReplacedAndRefused) {
    // Personal: the agent's own.
    services::saveSearch(*agent_, "My issued", "status:issued", false);
    EXPECT_EQ(services::savedQuery(*agent_, "my issued"), "status:issued");
    auto agentList = services::savedSearches(*agent_);
    ASSERT_EQ(agentList.size(), 1u);
    EXPECT_EQ(agentList[0].name, "My issued");
    EXPECT_EQ(agentList[0].owner, "test_agent");
    EXPECT_TRUE(agentList[0].mine);
    EXPECT_FALSE(agentList[0].shared);
    // ... which the manager cannot see or use.
    EXPECT_TRUE(services::savedSearches(*manager_).empty());
    Error e = expectError([&] { services::savedQuery(*manager_, "My issued"); }, ErrorKind::Invalid, "another's personal");
    EXPECT_THAT(e.what(), HasSubstr("My issued"));
    expectError([&] { services::deleteSavedSearch(*manager_, "My issued"); }, ErrorKind::Invalid, "delete another's");
    EXPECT_EQ(services::savedQuery(*agent_, "My issued"), "status:issued");

    // Shared: seen by everyone, changed only by its owner.
    services::saveSearch(*agent_, "Central tablets", "kind:tablet unit:\"Central West\"", true);
    auto managerList = services::savedSearches(*manager_);
    ASSERT_EQ(managerList.size(), 1u);
    EXPECT_EQ(managerList[0].name, "Central tablets");
    EXPECT_EQ(managerList[0].owner, "test_agent");
    EXPECT_TRUE(managerList[0].shared);
    EXPECT_FALSE(managerList[0].mine);
    const std::string shared = services::savedQuery(*viewer_, "central tablets");
    EXPECT_EQ(shared, "kind:tablet unit:\"Central West\"");
    EXPECT_EQ(tags(shared), Tags{"TAB-0001"});
    expectError([&] { services::deleteSavedSearch(*manager_, "Central tablets"); }, ErrorKind::Invalid,
                "delete another's shared");
    // A shared name is one search for everybody: another owner cannot share one by that name.
    expectError([&] { services::saveSearch(*manager_, "CENTRAL TABLETS", "galaxy", true); }, ErrorKind::Conflict,
                "shared name clash");
    EXPECT_EQ(services::savedQuery(*viewer_, "Central tablets"), "kind:tablet unit:\"Central West\"");
    // ... but may keep a personal one, which comes first for them.
    services::saveSearch(*manager_, "central tablets", "galaxy", false);
    EXPECT_EQ(services::savedQuery(*manager_, "Central tablets"), "galaxy");
    EXPECT_EQ(services::savedQuery(*viewer_, "Central tablets"), "kind:tablet unit:\"Central West\"");

    // Saving the same name again replaces it.
    services::saveSearch(*agent_, "MY ISSUED", "status:issued kind:phone", false);
    agentList = services::savedSearches(*agent_);
    ASSERT_EQ(agentList.size(), 2u);
    EXPECT_EQ(services::savedQuery(*agent_, "my issued"), "status:issued kind:phone");
    EXPECT_EQ(scalar("select count(*) from saved_search where owner = 'test_agent' and lower(name) = 'my issued'"), 1);

    // Bad queries and names are refused, naming where.
    e = expectError([&] { services::saveSearch(*agent_, "Broken", "galaxy colour:red", false); }, ErrorKind::Invalid,
                    "bad query");
    EXPECT_THAT(e.what(), HasSubstr("position 8"));
    e = expectError([&] { services::saveSearch(*agent_, "Broken", "holder:\"smith", false); }, ErrorKind::Invalid,
                    "unclosed quote");
    EXPECT_THAT(e.what(), HasSubstr("position 8"));
    expectError([&] { services::saveSearch(*agent_, "   ", "galaxy", false); }, ErrorKind::Invalid, "empty name");
    expectError([&] { services::saveSearch(*agent_, "bad\x07name", "galaxy", false); }, ErrorKind::Invalid,
                "control character in the name");
    expectError([&] { services::saveSearch(*agent_, std::string(81, 'n'), "galaxy", false); }, ErrorKind::Invalid,
                "long name");
    expectError([&] { services::saveSearch(*agent_, "Hidden", "\xe2\x80\xae" "galaxy", false); }, ErrorKind::Invalid,
                "direction override in the query");
    EXPECT_EQ(scalar("select count(*) from saved_search where owner = 'test_agent'"), 2);

    // Deleting: only one's own, and then it is gone.
    services::deleteSavedSearch(*agent_, "my issued");
    expectError([&] { services::savedQuery(*agent_, "My issued"); }, ErrorKind::Invalid, "deleted");
    expectError([&] { services::deleteSavedSearch(*agent_, "My issued"); }, ErrorKind::Invalid, "deleted twice");
    EXPECT_EQ(scalar("select count(*) from saved_search"), 2);

    // Names match without regard to case, accented capitals included: the register keeps one
    // search per name as lower() sees it, and finding it by name must agree.
    auto query = [&](const std::string& name) {
        try {
            return services::savedQuery(*agent_, name);
        } catch (const Error& e) {
            return "<" + std::string(e.what()) + ">";
        }
    };
    services::saveSearch(*agent_, "Équipe Nord", "unit:north", false);
    services::saveSearch(*agent_, "ÉQUIPE NORD", "unit:north kind:phone", false);  // the same name: replaced
    EXPECT_EQ(scalar("select count(*) from saved_search where owner = 'test_agent' and lower(name) = 'équipe nord'"), 1);
    EXPECT_EQ(query("ÉQUIPE NORD"), "unit:north kind:phone");
    EXPECT_EQ(query("équipe nord"), "unit:north kind:phone");
    EXPECT_EQ(query("Équipe Nord"), "unit:north kind:phone");
    services::deleteSavedSearch(*agent_, "équipe NORD");
    EXPECT_EQ(scalar("select count(*) from saved_search where owner = 'test_agent'"), 1);
}

TEST_F(SearchDb, SavedSearchRowSecurityInRawSqlForEveryRole) {
    std::map<std::string, std::unique_ptr<RawSession>> desks;
    for (const auto& role : kRoles) desks[role] = std::make_unique<RawSession>(as(role));
    auto run = [&](const std::string& role, const std::string& sql) { return desks[role]->run(sql); };
    auto ok = [&](const std::string& role, const std::string& sql) {
        auto r = run(role, sql);
        EXPECT_TRUE(r.ok) << role << ": " << sql << ": " << r.sqlstate << " " << r.message;
        return r.value;
    };
    for (const auto& role : kRoles) {
        ok(role, "insert into saved_search (name, query) values ('Private " + role + "', 'status:issued')");
        ok(role, "insert into saved_search (name, query, shared) values ('Shared " + role + "', 'galaxy', true)");
    }
    const std::string fingerprint =
        "select md5(string_agg(id || owner || name || query || shared::text, '|' order by id))"
        " from saved_search";
    const std::string before = text(fingerprint);

    for (const auto& role : kRoles) {
        SCOPED_TRACE(role);
        const std::string me = "test_" + role;
        // Its own two and the others' shared ones; no one else's personal search.
        EXPECT_EQ(ok(role, "select count(*) from saved_search"), "6");
        EXPECT_EQ(ok(role, "select count(*) from saved_search where owner <> session_user and not shared"), "0");
        EXPECT_EQ(ok(role, "select count(*) from saved_search where name like 'Private %'"), "1");
        for (const auto& other : kRoles) {
            if (other == role) continue;
            const std::string them = literal("test_" + other);
            EXPECT_EQ(ok(role, "select count(*) from saved_search where owner = " + them + " and not shared"), "0");
            EXPECT_EQ(ok(role, "with x as (update saved_search set query = 'hacked' where owner = " + them +
                                   " returning 1) select count(*) from x"),
                      "0")
                << "updated " << other << "'s search";
            EXPECT_EQ(ok(role, "with x as (update saved_search set shared = true, name = 'Mine now' where name = " +
                                   literal("Private " + other) + " returning 1) select count(*) from x"),
                      "0");
            EXPECT_EQ(ok(role, "with x as (delete from saved_search where owner = " + them +
                                   " returning 1) select count(*) from x"),
                      "0")
                << "deleted " << other << "'s search";
        }
        // Sweeping statements touch its own rows only (and change nothing here: same values).
        EXPECT_EQ(ok(role, "with x as (update saved_search set query = query returning owner)"
                           " select count(*) from x where owner <> session_user"),
                  "0");
        // The owner and id are not the client's to write.
        auto r = run(role, "update saved_search set owner = 'test_admin' where owner = session_user");
        EXPECT_FALSE(r.ok);
        EXPECT_EQ(r.sqlstate, "42501") << r.message;
        r = run(role, "update saved_search set id = id + 1000 where owner = session_user");
        EXPECT_FALSE(r.ok);
        // (An identity column refuses any value but DEFAULT before rights are checked.)
        EXPECT_TRUE(r.sqlstate == "42501" || r.sqlstate == "428C9") << r.sqlstate << " " << r.message;
        r = run(role, "update saved_search set id = default where owner = session_user");
        EXPECT_FALSE(r.ok);
        EXPECT_EQ(r.sqlstate, "42501") << r.message;
        r = run(role, "update saved_search set created_at = now() - interval '1 year'");
        EXPECT_FALSE(r.ok);
        EXPECT_EQ(r.sqlstate, "42501") << r.message;
        r = run(role, "truncate saved_search");
        EXPECT_FALSE(r.ok);
        EXPECT_EQ(r.sqlstate, "42501") << r.message;
        r = run(role, "truncate saved_search cascade");
        EXPECT_FALSE(r.ok);
        // Clean text only.
        for (const std::string& bad : {std::string("E'bad\\u0007name'"), std::string("E'two\\nlines'"),
                                       std::string("E'\\u202Egalaxy'"), std::string("' padded '"), std::string("''"),
                                       std::string("E'\\u200B'")}) {
            r = run(role, "insert into saved_search (name, query) values (" + bad + ", 'galaxy')");
            EXPECT_FALSE(r.ok) << bad;
            EXPECT_EQ(r.sqlstate, "23514") << bad << ": " << r.message;
        }
        r = run(role, "insert into saved_search (name, query) values ('Bad query', E'galaxy\\u0001')");
        EXPECT_EQ(r.sqlstate, "23514") << r.message;
        r = run(role, "insert into saved_search (name, query) values ('Long query', repeat('a', 1001))");
        EXPECT_EQ(r.sqlstate, "23514") << r.message;
    }
    EXPECT_EQ(text(fingerprint), before) << "somebody changed a search that was not theirs";
    EXPECT_EQ(scalar("select count(*) from saved_search"), 10);

    // An insert that names another owner belongs to the one who made it.
    for (const auto& role : kRoles) {
        const std::string victim = role == "admin" ? "test_viewer" : "test_admin";
        auto r = run(role, "insert into saved_search (owner, name, query, shared, created_at) values (" + literal(victim) +
                               ", " + literal("Forged by " + role) + ", 'galaxy', false, '2000-01-01')");
        EXPECT_TRUE(r.ok) << role << ": " << r.sqlstate << " " << r.message;
        EXPECT_EQ(text("select owner from saved_search where name = " + literal("Forged by " + role)), "test_" + role);
        EXPECT_EQ(scalar("select count(*) from saved_search where name = " + literal("Forged by " + role) +
                         " and created_at < now() - interval '1 day'"),
                  0);
        // ... and is invisible to the one it named.
        const std::string victimRole = victim.substr(5);
        EXPECT_EQ(ok(victimRole, "select count(*) from saved_search where name = " + literal("Forged by " + role)), "0");
        // An upsert cannot reach another login's row through the conflict either.
        r = run(role, "insert into saved_search (owner, name, query) values (" + literal(victim) + ", " +
                          literal("Private " + victimRole) + ", 'hijacked') on conflict (owner, lower(name))"
                          " do update set query = excluded.query");
        EXPECT_TRUE(r.ok) << r.message;
    }
    for (const auto& role : kRoles)
        EXPECT_EQ(text("select query from saved_search where owner = 'test_" + role + "' and name = 'Private " + role + "'"),
                  "status:issued")
            << role << "'s personal search was overwritten";
    // The desk logins hold no more than they were given.
    EXPECT_EQ(ok("admin", "select has_table_privilege('saved_search', 'TRUNCATE')::text"), "false");
    EXPECT_EQ(ok("admin", "select has_column_privilege('saved_search', 'owner', 'UPDATE')::text"), "false");
}

}  // namespace
}  // namespace qm::test
