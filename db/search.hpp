// Search queries — the parsed search language (model/search_query) turned into SQL against the
// register: keyset pages in any order, fast counts, the exact scan look-up, saved searches and
// the values the search bar completes.
//
// Every condition comes from a fixed table of SQL fragments in search.cpp; what the user typed
// only ever arrives as a bound parameter (LIKE patterns escaped), never as SQL text.
#pragma once

#include "db/database.hpp"
#include "model/search_query.hpp"
#include "model/search_results.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qm::db {

// Up to `limit` matching devices after `after` in `sort` order; with `count`, also how many
// match (as searchCount), sharing the work of finding candidates.
std::vector<search::ResultRow> searchPage(Database& db, const search::Query& query, search::Sort sort,
                                          const std::optional<ListKey>& after, int limit,
                                          search::Count* count = nullptr);

// Exact count up to `exactUpTo`; beyond it the planner's estimate, marked as such.
search::Count searchCount(Database& db, const search::Query& query, long long exactUpTo = 10000);

// The device whose asset tag, serial, IMEI (either slot) or MDM id is exactly `scanned`.
std::optional<search::ResultRow> scanLookup(Database& db, const std::string& scanned);

// Saved searches the login may see: its own, then shared ones, by name.
std::vector<search::SavedSearch> savedSearches(Database& db);
// Saves (or replaces) the login's own search `name`.
void saveSearch(Database& db, const std::string& name, const std::string& query, bool shared);
// The query of the saved search `name` (the login's own first, then a shared one), matched as
// the database compares names (case folded for every script).
std::optional<std::string> savedQuery(Database& db, const std::string& name);
// Deletes the login's own search `name`; false when it has none by that name.
bool deleteSavedSearch(Database& db, const std::string& name);

// Completion values: model names ("Samsung Galaxy A52") and command unit names.
std::vector<std::string> modelNames(Database& db);
std::vector<std::string> unitNames(Database& db);

// The SQL a query becomes, for tests that check the plan uses the trigram indexes.
std::string searchSqlForTests(const search::Query& query, std::vector<std::string>& params);

}  // namespace qm::db
