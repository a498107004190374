#include "db/search.hpp"

#include "model/text.hpp"

#include <algorithm>
#include <deque>
#include <string_view>

namespace qm::db {
namespace {

using search::Compare;
using search::Field;
using search::Node;
using search::SortField;
using search::Term;

// The device identifiers a free word matches, each a column of the multi-column trigram index
// device_words_trgm (migration 0010). A column is searched only when the value could occur in
// it: the register's CHECKs fix each column's characters, so "smith" never probes the IMEI or
// phone keys and "447700" skips none.
struct WordColumn {
    const char* column;
    const char* op;       // "ilike" for letters, "like" where only digits and '+' occur
    const char* allowed;  // the characters the column's CHECK allows (ASCII letters in upper case)
};
constexpr WordColumn kDeviceWords[] = {
    {"d.asset_tag", "ilike", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-"},
    {"d.serial", "ilike", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./-"},
    {"d.imei", "like", "0123456789"},
    {"d.imei2", "like", "0123456789"},
    {"d.phone", "like", "+0123456789"},
};
bool couldOccurIn(std::string_view value, const WordColumn& c) {
    return std::all_of(value.begin(), value.end(), [&](char ch) {
        const char up = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
        return up != '\0' && std::string_view(c.allowed).find(up) != std::string_view::npos;
    });
}
// ... and person_words_trgm's column (folded name and staff number).
constexpr const char* kPersonWords = "p2.search_words";
// Open custody records of the people a name matches. The people come first, through their
// trigram index, as an array: the planner then reads custody through custody_open_person_idx
// rather than hashing all of custody when it overestimates how many people match.
constexpr const char* kOpenCustodyOf =
    "select c2.device_id from custody c2 where c2.returned_at is null and c2.person_id = any(array("
    "select p2.id from person p2 where ";

constexpr const char* kIso = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

// SQL text plus the values bound to it. Values are always text; the SQL casts them.
class Sql {
public:
    std::string text;

    // A new parameter holding `value`: ":pN".
    std::string bind(std::string value) {
        values_.push_back(std::move(value));
        return ":p" + std::to_string(values_.size());
    }
    std::string contains(std::string_view value) { return bind("%" + search::escapeLike(value) + "%"); }
    const std::deque<std::string>& values() const { return values_; }
    std::vector<std::string> valueList() const { return {values_.begin(), values_.end()}; }

private:
    std::deque<std::string> values_;  // stable addresses for soci::use
};

std::string timeCompare(Sql& sql, const std::string& column, const Term& t, bool future) {
    if (t.days) {
        // A span counts back from now (lastseen>30d: last seen more than 30 days ago), or ahead
        // for warranty (warranty<90d: ends within 90 days).
        std::string edge = future ? "(current_date + " + sql.bind(std::to_string(*t.days)) + "::int)"
                                  : "(now() - make_interval(days => " + sql.bind(std::to_string(*t.days)) + "::int))";
        const bool older = !future;  // for past spans a bigger age is an earlier time
        switch (t.compare) {
        case Compare::Greater: return column + (older ? " < " : " > ") + edge;
        case Compare::GreaterOrEqual: return column + (older ? " <= " : " >= ") + edge;
        case Compare::Less: return column + (older ? " > " : " < ") + edge;
        case Compare::LessOrEqual: return column + (older ? " >= " : " <= ") + edge;
        case Compare::Has: break;
        }
        return "false";
    }
    const std::string day = sql.bind(t.date) + "::date";
    if (future) {  // a date column
        switch (t.compare) {
        case Compare::Has: return column + " = " + day;
        case Compare::Greater: return column + " > " + day;
        case Compare::GreaterOrEqual: return column + " >= " + day;
        case Compare::Less: return column + " < " + day;
        case Compare::LessOrEqual: return column + " <= " + day;
        }
        return "false";
    }
    // A timestamp column against whole days in the session's time zone.
    const std::string start = "(" + day + ")::timestamptz";
    const std::string next = "(" + day + " + 1)::timestamptz";
    switch (t.compare) {
    case Compare::Has: return column + " >= " + start + " and " + column + " < " + next;
    case Compare::Greater: return column + " >= " + next;
    case Compare::GreaterOrEqual: return column + " >= " + start;
    case Compare::Less: return column + " < " + start;
    case Compare::LessOrEqual: return column + " < " + next;
    }
    return "false";
}

// `value` inside any of `only` (names from kDeviceWords; empty: all of them), "false" when it
// can occur in none.
std::string deviceWords(Sql& sql, std::string_view value, std::initializer_list<std::string_view> only = {}) {
    std::string out;
    for (const auto& c : kDeviceWords) {
        if (only.size() && std::find(only.begin(), only.end(), c.column) == only.end()) continue;
        if (!couldOccurIn(value, c)) continue;
        out += (out.empty() ? "(" : " or ") + std::string(c.column) + " " + c.op + " " + sql.contains(value);
    }
    return out.empty() ? "false" : out + ")";
}

// Devices whose holder's folded name or staff number contains the value.
std::string holderIds(Sql& sql, std::string_view value) {
    return std::string(kOpenCustodyOf) + kPersonWords + " ilike qm_fold(" + sql.contains(value) + ")))";
}

std::string modelIds(Sql& sql, std::string_view column, std::string_view value) {
    return "select m2.id from device_model m2 where " + std::string(column) + " ilike " + sql.contains(value);
}

// A term as a condition on one device row `d`. Look-ups in other tables are uncorrelated
// IN (subquery): PostgreSQL runs each once and probes a hash per row, so the condition stays
// cheap whether the plan walks an ordered index or checks a set of candidates.
std::string termSql(Sql& sql, const Term& t) {
    const std::string mdm = "d.id in (select md2.device_id from mdm_device md2 where md2.device_id is not null and ";
    switch (t.field) {
    case Field::Text:
        return "(" + deviceWords(sql, t.value) + " or d.model_id in (" +
               modelIds(sql, "m2.manufacturer || ' ' || m2.model", t.value) + ") or d.id in (" + holderIds(sql, t.value) +
               "))";
    case Field::Status: return "d.status = " + sql.bind(t.value) + "::device_status";
    case Field::Model: return "d.model_id in (" + modelIds(sql, "m2.manufacturer || ' ' || m2.model", t.value) + ")";
    case Field::Maker: return "d.model_id in (" + modelIds(sql, "m2.manufacturer", t.value) + ")";
    case Field::Kind:
        return "d.model_id in (select m2.id from device_model m2 where m2.kind = " + sql.bind(t.value) + ")";
    case Field::Unit:
        return "d.unit_id in (select u2.id from command_unit u2 where u2.name ilike " + sql.contains(t.value) +
               " or u2.code = upper(" + sql.bind(t.value) + "))";
    case Field::Holder: return "d.id in (" + holderIds(sql, t.value) + ")";
    case Field::Staff:
        return std::string("d.id in (") + kOpenCustodyOf + kPersonWords + " ilike " + sql.contains(t.value) +
               " and p2.staff_no ilike " + sql.contains(t.value) + ")))";
    case Field::Imei: return deviceWords(sql, t.value, {"d.imei", "d.imei2"});
    case Field::Serial: return deviceWords(sql, t.value, {"d.serial"});
    case Field::Tag: return deviceWords(sql, t.value, {"d.asset_tag"});
    case Field::Phone: return deviceWords(sql, t.value, {"d.phone"});
    case Field::Os: return mdm + "md2.os ilike " + sql.contains(t.value) + ")";
    case Field::Compliance: return mdm + "lower(md2.compliance) = " + sql.bind(t.value) + ")";
    case Field::Hold: return t.value == "yes" ? "d.legal_hold" : "not d.legal_hold";
    case Field::LastSeen:
        if (t.never) return "d.id not in (" + mdm.substr(9) + "md2.last_sync_at is not null)";
        return mdm + timeCompare(sql, "md2.last_sync_at", t, false) + ")";
    case Field::Issued:
        return "d.id in (select c2.device_id from custody c2 where c2.returned_at is null and " +
               timeCompare(sql, "c2.issued_at", t, false) + ")";
    case Field::Warranty: return "(" + timeCompare(sql, "d.warranty_until", t, true) + ")";
    }
    return "false";
}

// The devices a selective term matches, as a set found through the trigram indexes: used to
// check a few thousand candidates instead of walking the register in order.
std::string termIdsSql(Sql& sql, const Term& t) {
    switch (t.field) {
    case Field::Text:
        return "select d.id from device d where " + deviceWords(sql, t.value) +
               " union all select d.id from device d where d.model_id in (" +
               modelIds(sql, "m2.manufacturer || ' ' || m2.model", t.value) + ") union all " + holderIds(sql, t.value);
    case Field::Holder: return holderIds(sql, t.value);
    default: return "select d.id from device d where " + termSql(sql, t);
    }
}

// The term that narrows the search most cheaply: a positive text term at the top level, the
// longest (longer text matches fewer devices).
const Term* driverTerm(const Node& root) {
    auto selective = [](const Node& n) {
        if (n.kind != Node::Kind::Term) return false;
        switch (n.term.field) {
        case Field::Text:
        case Field::Holder:
        case Field::Staff:
        case Field::Imei:
        case Field::Serial:
        case Field::Tag:
        case Field::Phone: return characterCount(n.term.value) >= 3;
        default: return false;
        }
    };
    const Term* best = nullptr;
    auto consider = [&](const Node& n) {
        if (selective(n) && (!best || n.term.value.size() > best->value.size())) best = &n.term;
    };
    if (root.kind == Node::Kind::All)
        for (const auto& child : root.children) consider(child);
    else consider(root);
    return best;
}

// `satisfied` is a term every row already matches (the candidates are exactly its matches).
std::string nodeSql(Sql& sql, const Node& node, const Term* satisfied = nullptr) {
    switch (node.kind) {
    case Node::Kind::Term: return &node.term == satisfied ? "true" : termSql(sql, node.term);
    case Node::Kind::Not:
        // NULL counts as "no match", so its negation is a match.
        return "not coalesce((" + nodeSql(sql, node.children.front(), satisfied) + "), false)";
    case Node::Kind::All:
    case Node::Kind::Any: {
        if (node.children.empty()) return "true";
        std::string out = "(";
        for (std::size_t i = 0; i < node.children.size(); ++i)
            out += (i ? (node.kind == Node::Kind::All ? " and " : " or ") : "") +
                   nodeSql(sql, node.children[i], satisfied);
        return out + ")";
    }
    }
    return "false";
}

struct SortSql {
    std::string key;       // text the keyset key holds
    std::string compare;   // the left side of the keyset comparison
    std::string keyCast;   // cast of the bound first key
    std::string orderBy;   // without direction
    bool unique = false;   // the key alone is unique (no tie-breaker needed)
};

SortSql sortSql(SortField field) {
    auto utc = [](const std::string& col) { return "coalesce(to_char(" + col + " at time zone 'UTC', " + kIso + "), '')"; };
    switch (field) {
    case SortField::Tag: return {"d.asset_tag", "d.asset_tag", "", "d.asset_tag", true};
    case SortField::Serial: return {"d.serial", "d.serial", "", "d.serial", true};
    case SortField::Imei: return {"coalesce(d.imei, '')", "coalesce(d.imei, '')", "", "coalesce(d.imei, '')"};
    case SortField::Status: return {"d.status::text", "d.status", "::device_status", "d.status"};
    case SortField::Model:
        return {"m.manufacturer || ' ' || m.model", "m.manufacturer || ' ' || m.model", "", "m.manufacturer || ' ' || m.model"};
    case SortField::Unit: return {"coalesce(u.name, '')", "coalesce(u.name, '')", "", "coalesce(u.name, '')"};
    case SortField::Holder: return {"coalesce(p.name, '')", "coalesce(p.name, '')", "", "coalesce(p.name, '')"};
    case SortField::LastSeen: {
        std::string k = utc("md.last_sync_at");
        return {k, k, "", k};
    }
    case SortField::Issued: {
        std::string k = utc("c.issued_at");
        return {k, k, "", k};
    }
    case SortField::Warranty: {
        std::string k = "coalesce(d.warranty_until::text, '')";
        return {k, k, "", k};
    }
    }
    return {"d.asset_tag", "d.asset_tag", "", "d.asset_tag", true};
}

// The columns of a result row, from `d` (a device row) and its model, unit, open custody,
// holder and MDM snapshot.
std::string selectSql(const std::string& key, const std::string& from = "device d") {
    return "select d.id, d.asset_tag, m.manufacturer || ' ' || m.model, m.kind, coalesce(d.imei, ''), d.serial,"
           " coalesce(d.phone, ''), d.status::text, coalesce(u.name, ''), d.legal_hold::int, coalesce(p.staff_no, ''),"
           " coalesce(p.name, ''), coalesce(to_char(c.issued_at at time zone 'UTC', " +
           std::string(kIso) + "), ''), coalesce(to_char(md.last_sync_at at time zone 'UTC', " + kIso +
           "), ''), coalesce(md.compliance, ''), coalesce(md.os, ''), coalesce(d.warranty_until::text, ''), " + key +
           " from " + from + " join device_model m on m.id = d.model_id"
           " left join command_unit u on u.id = d.unit_id"
           " left join custody c on c.device_id = d.id and c.returned_at is null"
           " left join person p on p.id = c.person_id"
           " left join mdm_device md on md.device_id = d.id";
}

search::ResultRow readRow(const soci::row& r) {
    search::ResultRow row;
    row.id = r.get<long long>(0);
    row.assetTag = r.get<std::string>(1);
    row.makeAndModel = r.get<std::string>(2);
    row.kind = r.get<std::string>(3);
    row.imei = r.get<std::string>(4);
    row.serial = r.get<std::string>(5);
    row.phone = r.get<std::string>(6);
    row.status = statusFromString(r.get<std::string>(7)).value_or(DeviceStatus::InStock);
    row.unit = r.get<std::string>(8);
    row.legalHold = r.get<int>(9) != 0;
    row.staffNo = r.get<std::string>(10);
    row.holder = r.get<std::string>(11);
    row.issuedAt = r.get<std::string>(12);
    row.lastSeen = r.get<std::string>(13);
    row.compliance = r.get<std::string>(14);
    row.os = r.get<std::string>(15);
    row.warrantyUntil = r.get<std::string>(16);
    row.key = {r.get<std::string>(17), row.assetTag};
    return row;
}

// Searches are planned with their values (Plan::EachCall) unless told otherwise: how many
// devices a term reaches decides the plan.
template <class OnRow>
void run(Database& db, const std::string& text, const std::deque<std::string>& values, OnRow onRow,
         Database::Plan plan = Database::Plan::EachCall) {
    Database::Bindings bindings;
    bindings.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) bindings.emplace_back("p" + std::to_string(i + 1), values[i]);
    db.eachRow(text, bindings, onRow, plan);
}

// The whole register, in some order: the console's list with an empty search bar.
bool everyDevice(const search::Query& query) {
    return query.root.kind == Node::Kind::All && query.root.children.empty();
}

// With a selective term that matches at most this many devices, only those are checked.
constexpr long long kCandidates = 10000;

long long countOf(Database& db, const Sql& sql) {
    long long n = 0;
    run(db, sql.text, sql.values(), [&](const soci::row& r) { n = r.get<long long>(0); });
    return n;
}

// When the most selective term of a query matches few devices (a name, part of a serial), those
// candidates are fetched first through the trigram indexes and the condition checks only them,
// by primary key; when it matches many ("apple"), walking the register in order finds the first
// page sooner. Choosing here rather than leaving it to the planner matters: it cannot estimate
// how many devices a holder's name or a model reaches.
struct Candidates {
    const Term* term = nullptr;  // the term whose matches they are
    bool used = false;   // the condition is restricted to `ids`
    bool many = false;   // a selective term matched more than kCandidates devices
    std::string ids;     // "{1,2,3}"
    long long count = 0; // how many distinct devices
};

Candidates findCandidates(Database& db, const search::Query& query) {
    Candidates c;
    const Term* driver = driverTerm(query.root);
    if (!driver) return c;
    Sql probe;
    probe.text = "select id from (" + termIdsSql(probe, *driver) + ") s (id) limit " + std::to_string(kCandidates + 1);
    std::vector<long long> ids;
    run(db, probe.text, probe.values(), [&](const soci::row& r) { ids.push_back(r.get<long long>(0)); });
    c.used = ids.size() <= static_cast<std::size_t>(kCandidates);
    c.many = !c.used;
    c.term = driver;
    // A device can match a free word twice (its serial and its holder's name).
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    c.count = static_cast<long long>(ids.size());
    c.ids = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) c.ids += (i ? "," : "") + std::to_string(ids[i]);
    c.ids += "}";
    return c;
}

std::string whereSql(Sql& sql, const search::Query& query, const Candidates& c) {
    if (!c.used) return nodeSql(sql, query.root);
    // The candidates are exactly the selective term's matches: the rest of the query is checked.
    std::string where = nodeSql(sql, query.root, c.term);
    where = "d.id = any(" + sql.bind(c.ids) + "::bigint[]) and " + where;
    return where;
}

search::Count countWith(Database& db, const search::Query& query, const Candidates& c, long long exactUpTo) {
    // A selective term with more candidates than that: counting them all would walk the register.
    if (c.many) return search::Count{exactUpTo, false, true};
    // The query is that one term: its candidates are the answer.
    if (c.used && query.root.kind == Node::Kind::Term && &query.root.term == c.term) return search::Count{c.count, false};
    Sql sql;
    const std::string where = whereSql(sql, query, c);
    sql.text = "select count(*) from (select 1 from device d where " + where + " limit " +
               std::to_string(exactUpTo + 1) + ") s";
    const long long n = countOf(db, sql);
    if (n <= exactUpTo) return search::Count{n, false};
    // More than that: ask the planner how many it expects rather than counting them all.
    Sql plan;
    plan.text = "explain (format json) select 1 from device d where " + whereSql(plan, query, c);
    std::string json;
    run(db, plan.text, plan.values(), [&](const soci::row& r) { json += r.get<std::string>(0); });
    long long estimate = n;
    auto at = json.find("\"Plan Rows\":");
    if (at != std::string::npos) estimate = std::max(n, std::atoll(json.c_str() + at + 12));
    return search::Count{estimate, true};
}

}  // namespace

std::string searchSqlForTests(const search::Query& query, std::vector<std::string>& params) {
    Sql sql;
    sql.text = "select d.id from device d where " + nodeSql(sql, query.root);
    params = sql.valueList();
    return sql.text;
}

std::vector<search::ResultRow> searchPage(Database& db, const search::Query& query, search::Sort sort,
                                          const std::optional<ListKey>& after, int limit, search::Count* count) {
    const SortSql s = sortSql(sort.field);
    return guarded(db, [&] {
    const Candidates candidates = findCandidates(db, query);
    if (count) *count = countWith(db, query, candidates, 10000);
    Sql sql;
    // Orders on the device's own columns pick the page first and join the rest to its rows only.
    const bool ownColumns = sort.field == SortField::Tag || sort.field == SortField::Serial ||
                            sort.field == SortField::Imei || sort.field == SortField::Status ||
                            sort.field == SortField::Warranty;
    sql.text = ownColumns ? "select d.* from device d" : selectSql(s.key);
    sql.text += " where " + whereSql(sql, query, candidates);
    const char* dir = sort.descending ? " desc" : "";
    if (after) {
        const char* op = sort.descending ? " < " : " > ";
        if (s.unique) sql.text += " and " + s.compare + op + sql.bind(after->first) + s.keyCast;
        else
            sql.text += " and (" + s.compare + ", d.asset_tag)" + op + "(" + sql.bind(after->first) + s.keyCast + ", " +
                        sql.bind(after->assetTag) + ")";
    }
    sql.text += " order by " + s.orderBy + dir;
    if (!s.unique) sql.text += std::string(", d.asset_tag") + dir;
    // The limit is written into the text, not bound: a plan kept for a bound limit cannot
    // know the page is small, so the server would plan every page again (a millisecond each).
    sql.text += " limit " + std::to_string(limit);
    if (ownColumns) {
        sql.text = selectSql(s.key, "(" + sql.text + ") d") + " order by " + s.orderBy + dir;
        if (!s.unique) sql.text += std::string(", d.asset_tag") + dir;
    }
    std::vector<search::ResultRow> rows;
    // A page of the whole register after a bookmark has one good plan whatever the bookmark.
    run(db, sql.text, sql.values(), [&](const soci::row& r) { rows.push_back(readRow(r)); },
        everyDevice(query) ? Database::Plan::Keep : Database::Plan::EachCall);
    return rows;
    });
}

search::Count searchCount(Database& db, const search::Query& query, long long exactUpTo) {
    return guarded(db, [&] { return countWith(db, query, findCandidates(db, query), exactUpTo); });
}

std::optional<search::ResultRow> scanLookup(Database& db, const std::string& scanned) {
    Sql sql;
    const std::string v = sql.bind(scanned), raw = sql.bind(scanned);
    sql.text = selectSql("d.asset_tag") + " where d.id = coalesce((select id from device where asset_tag = " + v +
               "), (select id from device where serial = " + sql.bind(scanned) +
               "), (select device_id from device_imei where imei = " + sql.bind(scanned) +
               "), (select id from device where mdm_id = lower(" + raw + ")))";
    return guarded(db, [&]() -> std::optional<search::ResultRow> {
        std::optional<search::ResultRow> found;
        // Look-ups by unique keys: one plan suits every scanned value.
        run(db, sql.text, sql.values(), [&](const soci::row& r) { found = readRow(r); }, Database::Plan::Keep);
        return found;
    });
}

std::vector<search::SavedSearch> savedSearches(Database& db) {
    return guarded(db, [&] {
        std::vector<search::SavedSearch> out;
        soci::rowset<soci::row> rows =
            db.sql().prepare << "select name, query, owner, shared::int, (owner = session_user)::int from saved_search"
                                " order by (owner = session_user) desc, lower(name), owner";
        for (const auto& r : rows)
            out.push_back({r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2), r.get<int>(3) != 0,
                           r.get<int>(4) != 0});
        return out;
    });
}

void saveSearch(Database& db, const std::string& name, const std::string& query, bool shared) {
    int share = shared ? 1 : 0;
    guarded(db, [&] {
        db.sql() << "insert into saved_search (name, query, shared) values (:n, :q, :s::int::boolean)"
                    " on conflict (owner, lower(name)) do update set name = excluded.name, query = excluded.query,"
                    " shared = excluded.shared",
            soci::use(name, "n"), soci::use(query, "q"), soci::use(share, "s");
    });
}

std::optional<std::string> savedQuery(Database& db, const std::string& name) {
    return guarded(db, [&]() -> std::optional<std::string> {
        std::string query;
        soci::indicator none = soci::i_ok;
        // The login's own first, then a shared one; names compare as the unique index does.
        db.sql() << "select query from saved_search where lower(name) = lower(:n)"
                    " order by (owner = session_user) desc limit 1",
            soci::use(name, "n"), soci::into(query, none);
        if (!db.sql().got_data() || none != soci::i_ok) return std::nullopt;
        return query;
    });
}

bool deleteSavedSearch(Database& db, const std::string& name) {
    return guarded(db, [&] {
        long long gone = 0;
        db.sql() << "with d as (delete from saved_search where owner = session_user and lower(name) = lower(:n)"
                    " returning 1) select count(*) from d",
            soci::use(name, "n"), soci::into(gone);
        return gone > 0;
    });
}

std::vector<std::string> modelNames(Database& db) {
    return guarded(db, [&] {
        std::vector<std::string> out;
        soci::rowset<std::string> rows =
            db.sql().prepare << "select manufacturer || ' ' || model from device_model order by 1";
        for (const auto& r : rows) out.push_back(r);
        return out;
    });
}

std::vector<std::string> unitNames(Database& db) {
    return guarded(db, [&] {
        std::vector<std::string> out;
        soci::rowset<std::string> rows = db.sql().prepare << "select name from command_unit order by 1";
        for (const auto& r : rows) out.push_back(r);
        return out;
    });
}

}  // namespace qm::db
