// Unit tests for the search language's parser (model/search_query): the tree it builds, the
// values it normalises, the errors that point at the bad token, and the hostile corpus.
#include "model/search_query.hpp"
#include "model/error.hpp"
#include "model/search_results.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace qm::search;

Query ok(const std::string& text) {
    ParseResult r = parse(text);
    EXPECT_FALSE(r.error) << text << ": " << (r.error ? r.error->message : "");
    return r.query ? *r.query : Query{};
}

QueryError bad(const std::string& text) {
    ParseResult r = parse(text);
    EXPECT_TRUE(r.error) << text << " parsed";
    EXPECT_FALSE(r.query);
    return r.error ? *r.error : QueryError{};
}

// A compact picture of the tree: and(...), or(...), not(...), field<op>value.
std::string shape(const Node& n) {
    switch (n.kind) {
    case Node::Kind::Term: {
        const Term& t = n.term;
        std::string op = t.compare == Compare::Has ? ":" : t.compare == Compare::Less ? "<"
                       : t.compare == Compare::LessOrEqual ? "<=" : t.compare == Compare::Greater ? ">" : ">=";
        std::string v = t.never ? "never" : t.days ? std::to_string(*t.days) + "d" : !t.date.empty() ? t.date : t.value;
        return std::string(fieldName(t.field)) + op + v;
    }
    case Node::Kind::Not: return "not(" + shape(n.children[0]) + ")";
    case Node::Kind::All:
    case Node::Kind::Any: {
        std::string out = n.kind == Node::Kind::All ? "and(" : "or(";
        for (std::size_t i = 0; i < n.children.size(); ++i) out += (i ? " " : "") + shape(n.children[i]);
        return out + ")";
    }
    }
    return "?";
}

TEST(SearchQuery, TheDesignExampleParsesIntoItsTerms) {
    Query q = ok("galaxy status:issued unit:\"Central West\" model:a52 lastseen>30d imei:3548 holder:smith");
    EXPECT_EQ(shape(q.root), "and(text:galaxy status:issued unit:Central West model:a52 lastseen>30d imei:3548 holder:smith)");
    EXPECT_TRUE(q.scan.empty());
}

TEST(SearchQuery, OrBindsTighterThanSideBySideAndMinusNegates) {
    EXPECT_EQ(shape(ok("a b OR c -d").root), "and(text:a or(text:b text:c) not(text:d))");
    EXPECT_EQ(shape(ok("-(holder:smith OR staff:21) kind:tablet").root),
              "and(not(or(holder:smith staff:21)) kind:tablet)");
    EXPECT_EQ(shape(ok("(a (b OR c))").root), "and(text:a or(text:b text:c))");
    // Lower-case "or" and a quoted "OR" are words.
    EXPECT_EQ(shape(ok("a or b").root), "and(text:a text:or text:b)");
    EXPECT_EQ(shape(ok("a \"OR\" b").root), "and(text:a text:OR text:b)");
}

TEST(SearchQuery, EmptyQueryMatchesEverything) {
    EXPECT_TRUE(ok("").empty());
    EXPECT_TRUE(ok("   \t ").empty());
    EXPECT_FALSE(ok("x").empty());
}

TEST(SearchQuery, ValuesAreNormalisedForTheirField) {
    EXPECT_EQ(shape(ok("status:\"in stock\"").root), "status:in_stock");
    EXPECT_EQ(shape(ok("STATUS:Pending-Wipe").root), "status:pending_wipe");
    EXPECT_EQ(shape(ok("kind:Tablet").root), "kind:tablet");
    EXPECT_EQ(shape(ok("compliance:non-compliant").root), "compliance:noncompliant");
    EXPECT_EQ(shape(ok("compliance:inGracePeriod").root), "compliance:ingraceperiod");
    EXPECT_EQ(shape(ok("hold:true").root), "hold:yes");
    EXPECT_EQ(shape(ok("imei:3548-0512").root), "imei:35480512");
    EXPECT_EQ(shape(ok("phone:\"07700 900123\"").root), "phone:7700900123");  // national form
    EXPECT_EQ(shape(ok("phone:+44 7700").root), "and(phone:+44 text:7700)");
    EXPECT_EQ(shape(ok("phone:\"+44 7700\"").root), "phone:+447700");
    EXPECT_EQ(shape(ok("tag:mps-01 serial:r58m staff:ab12").root), "and(tag:MPS-01 serial:R58M staff:AB12)");
}

TEST(SearchQuery, DatesSpansAndNever) {
    EXPECT_EQ(shape(ok("lastseen>30d").root), "lastseen>30d");
    EXPECT_EQ(shape(ok("lastseen<2w").root), "lastseen<14d");
    EXPECT_EQ(shape(ok("issued>=6m").root), "issued>=180d");
    EXPECT_EQ(shape(ok("warranty<1y").root), "warranty<365d");
    EXPECT_EQ(shape(ok("issued>2026-01-01").root), "issued>2026-01-01");
    EXPECT_EQ(shape(ok("warranty<=30/06/2027").root), "warranty<=2027-06-30");  // the UK way
    EXPECT_EQ(shape(ok("issued:2026-03-01").root), "issued:2026-03-01");
    EXPECT_EQ(shape(ok("lastseen:never").root), "lastseen:never");
}

TEST(SearchQuery, ErrorsNameTheTokenAndItsPosition) {
    QueryError e = bad("galaxy colour:red");
    EXPECT_EQ(e.position, 8u);
    EXPECT_EQ(e.message.rfind("Unknown field 'colour' at position 8; the fields are status, model,", 0), 0u)
        << e.message;
    EXPECT_NE(e.message.find("warranty"), std::string::npos);

    e = bad("status:borrowed");
    EXPECT_EQ(e.position, 8u);
    EXPECT_NE(e.message.find("Unknown status 'borrowed' at position 8; the statuses are in_stock, issued"),
              std::string::npos) << e.message;

    e = bad("a \"open phrase");
    EXPECT_EQ(e.position, 3u);
    EXPECT_NE(e.message.find("not closed"), std::string::npos);

    e = bad("warranty<2026-02-30");
    EXPECT_EQ(e.position, 10u);
    EXPECT_NE(e.message.find("'2026-02-30' at position 10 is not a date"), std::string::npos) << e.message;

    EXPECT_NE(bad("a - b").message.find("'-' at position 3"), std::string::npos);
    EXPECT_NE(bad("a OR").message.find("OR at position 3 needs a term on both sides"), std::string::npos);
    EXPECT_NE(bad("OR a").message.find("OR at position 1"), std::string::npos);
    EXPECT_NE(bad("a OR OR b").message.find("OR at position 3"), std::string::npos);
    EXPECT_NE(bad("(a b").message.find("bracket at position 1 is not closed"), std::string::npos);
    EXPECT_NE(bad("a b)").message.find("bracket at position 4 closes nothing"), std::string::npos);
    EXPECT_NE(bad("a ()").message.find("brackets at position 3 hold no term"), std::string::npos);
    EXPECT_NE(bad("model>a52").message.find("compares with ':' only"), std::string::npos);
    EXPECT_NE(bad("lastseen:30d").message.find("needs < or >"), std::string::npos);
    EXPECT_NE(bad("issued:never").message.find("only as lastseen:never"), std::string::npos);
    EXPECT_NE(bad("imei:35x8").message.find("takes digits"), std::string::npos);
    EXPECT_NE(bad("issued>99999y").message.find("longer than 100 years"), std::string::npos);
    EXPECT_NE(bad("lastseen>1234567d").message.find("longer than 100 years"), std::string::npos);
    EXPECT_NE(bad("status:").message.find("needs a value"), std::string::npos);
    EXPECT_NE(bad("\"\"").message.find("empty"), std::string::npos);
}

TEST(SearchQuery, PositionsCountCharactersNotBytes) {
    QueryError e = bad("Łukasiewicz Zoë colour:x");
    EXPECT_EQ(e.position, 17u);
    EXPECT_EQ(e.length, 7u);  // "colour:"
}

TEST(SearchQuery, ControlCharactersAndOversizeQueriesAreRefused) {
    EXPECT_NE(bad(std::string("abc\x1b[2Jdef")).message.find("control character at position 4"), std::string::npos);
    EXPECT_NE(bad(std::string("a\0b", 3)).message.find("control character"), std::string::npos);
    EXPECT_NE(bad("a\xc2\x85" "b").message.find("control character"), std::string::npos);  // C1 NEL
    EXPECT_NE(bad("\xff\xfe").message.find("not valid UTF-8"), std::string::npos);
    QueryError e = bad(std::string(10240, 'a'));
    EXPECT_NE(e.message.find("10240 characters long; the most it may be is 1000"), std::string::npos) << e.message;
    EXPECT_NE(bad(std::string(kMaxDepth + 1, '(') + "a" + std::string(kMaxDepth + 1, ')')).message.find("nested too deeply"),
              std::string::npos);
    std::string many;
    for (std::size_t i = 0; i <= kMaxTerms; ++i) many += "t" + std::to_string(i) + " ";
    EXPECT_NE(bad(many).message.find("too many terms"), std::string::npos);
    ok("a\tb");  // a pasted tab separates words
}

TEST(SearchQuery, HostileTextIsJustTextToLookFor) {
    // Nothing here is SQL: the words are values, bound as parameters by db/search.
    EXPECT_EQ(shape(ok("'; drop table device; --").root), "and(text:'; text:drop text:table text:device; not(text:-))");
    EXPECT_EQ(shape(ok("\"' OR 1=1 --\"").root), "text:' OR 1=1 --");
    EXPECT_EQ(shape(ok("unit:\"x' or '1'='1\"").root), "unit:x' or '1'='1");
    EXPECT_EQ(escapeLike("100%_\\x"), "100\\%\\_\\\\x");
}

TEST(SearchQuery, AScanIsOneBareIdentifierShapedWord) {
    EXPECT_EQ(ok("mps-0000640").scan, "MPS-0000640");
    EXPECT_EQ(ok("353918050000013").scan, "353918050000013");
    EXPECT_EQ(ok(" R58N1A2B3C4 ").scan, "R58N1A2B3C4");
    EXPECT_TRUE(ok("abc").scan.empty());            // too short to be a tag
    EXPECT_EQ(ok("\"MPS-1234\"").scan, "MPS-1234");  // a quoted identifier is still a scan
    EXPECT_TRUE(ok("-MPS-1234").scan.empty());      // negated
    EXPECT_TRUE(ok("tag:MPS-1234").scan.empty());   // a field
    EXPECT_TRUE(ok("MPS-1234 x").scan.empty());     // two terms
    EXPECT_TRUE(ok("Zoë").scan.empty());
}

TEST(SearchQuery, ParseOrThrowGivesAnInvalidQueryError) {
    try {
        parseOrThrow("colour:red");
        FAIL() << "no error";
    } catch (const qm::Error& e) {
        EXPECT_EQ(e.kind(), qm::ErrorKind::Invalid);
        EXPECT_EQ(e.field(), "query");
    }
}

TEST(SearchSort, NamesRoundTripAndMinusReverses) {
    for (const auto& name : sortNames()) {
        auto s = parseSort(name);
        ASSERT_TRUE(s) << name;
        EXPECT_FALSE(s->descending);
        EXPECT_EQ(sortName(*s), name);
        auto d = parseSort("-" + name);
        ASSERT_TRUE(d);
        EXPECT_TRUE(d->descending);
        EXPECT_EQ(sortName(*d), "-" + name);
    }
    EXPECT_FALSE(parseSort("colour"));
    EXPECT_FALSE(parseSort(""));
}

TEST(SearchColumns, EveryColumnHasACell) {
    ResultRow row;
    row.assetTag = "T";
    row.makeAndModel = "M";
    row.kind = "phone";
    row.imei = "1";
    row.serial = "S";
    row.phone = "+44";
    row.status = qm::DeviceStatus::Issued;
    row.unit = "U";
    row.legalHold = true;
    row.staffNo = "21";
    row.holder = "H";
    row.issuedAt = "I";
    row.lastSeen = "L";
    row.compliance = "C";
    row.os = "O";
    row.warrantyUntil = "W";
    for (const auto& c : resultColumns()) EXPECT_FALSE(cell(row, c.name).empty()) << c.name;
    EXPECT_EQ(cell(row, "status"), "issued");
    EXPECT_EQ(cell(row, "legal_hold"), "yes");
    EXPECT_EQ(cell(row, "nonsense"), "");
}

}  // namespace
