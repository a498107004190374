// The search language of DESIGN.md §8 — what an asset manager types into the Register's search
// bar or `qmctl search`, parsed into a small tree of terms.
//
//   galaxy status:issued unit:"Central West" lastseen>30d -hold:yes (holder:smith OR staff:21)
//
// Free words match asset tag, serial, IMEI, phone, make and model, holder name and staff
// number. Terms side by side must all match; OR between two terms wants either; a leading '-'
// negates; brackets group. Pure: db/search.cpp turns the tree into SQL built only from bound
// parameters and its own whitelist of columns, so nothing typed here reaches SQL as text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qm::search {

enum class Field {
    Text,  // a free word or "quoted phrase"
    Status, Model, Maker, Kind, Unit, Holder, Staff, Imei, Serial, Tag, Phone, Os, Compliance, Hold,
    LastSeen, Issued, Warranty,
};

enum class Compare { Has, Less, LessOrEqual, Greater, GreaterOrEqual };

// One term, its value already checked and normalised for its field.
struct Term {
    Field field = Field::Text;
    Compare compare = Compare::Has;
    std::string value;        // the text to look for: upper-case for tags and serials, digits for IMEIs
    std::optional<int> days;  // date fields: a span such as "30d" (days back, or ahead for warranty)
    std::string date;         // date fields: an ISO day "2026-01-01"
    bool never = false;       // lastseen:never (not known to the MDM, or never checked in)
    std::size_t position = 1; // 1-based character position in the query, for messages
};

struct Node {
    enum class Kind { Term, All, Any, Not };
    Kind kind = Kind::All;    // All with no children matches every device
    Term term;
    std::vector<Node> children;
};

// A parse error that points at the bad token: position and length in characters (1-based).
struct QueryError {
    std::string message;
    std::size_t position = 1;
    std::size_t length = 1;
};

struct Query {
    Node root;
    std::string text;  // as typed
    // A single bare word that could be a scanned asset tag, serial or IMEI: the device that has
    // it exactly is the answer. Upper-cased; empty when the query is anything else.
    std::string scan;
    bool empty() const { return root.kind == Node::Kind::All && root.children.empty(); }
};

struct ParseResult {
    std::optional<Query> query;
    std::optional<QueryError> error;
};

// Never throws: a bad query comes back as an error for the search bar to show as you type.
ParseResult parse(std::string_view text);
// The same, throwing qm::invalid("query", "<message>") — what qmctl and the services use.
Query parseOrThrow(std::string_view text);

// The field names in the order the help and completion list them ("status", "model", ...).
const std::vector<std::string>& fieldNames();
// Words a field takes, for completion (status:, kind:, compliance:, hold:); empty for free text.
std::vector<std::string> fieldValues(Field field);
std::string_view fieldName(Field field);

// Limits that keep a query cheap to parse and to plan.
inline constexpr std::size_t kMaxQueryCharacters = 1000;
inline constexpr std::size_t kMaxTerms = 40;
inline constexpr std::size_t kMaxDepth = 8;

// The text a LIKE pattern needs so that %, _ and \ in what was typed match themselves.
std::string escapeLike(std::string_view text);

}  // namespace qm::search
