// Search — the use case behind the Register's search bar and `qmctl search`: parse what was
// typed, answer a scanned identifier with its device, page through matches in any order, count
// them fast, and keep saved searches. Called on a worker thread by the console.
#pragma once

#include "model/search_query.hpp"
#include "model/search_results.hpp"
#include "services/session.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qm::services {

struct SearchPage {
    std::vector<search::ResultRow> rows;
    bool scanned = false;  // the query was a scanned asset tag, serial, IMEI or MDM id: one device
    bool more = false;     // there are rows after the last one
    search::Count count;   // how many match: filled for the first page (no `after`) only
};

// One page. With no `after`, a query that is exactly one device's asset tag, serial, IMEI or MDM
// id returns that device alone, marked `scanned`; other first pages come with their count.
SearchPage searchDevices(Session& session, const search::Query& query, search::Sort sort,
                         const std::optional<ListKey>& after, int limit, bool withCount = true);

search::Count countDevices(Session& session, const search::Query& query);

std::vector<search::SavedSearch> savedSearches(Session& session);
// The query of the saved search `name` (the login's own first, then a shared one).
// Throws Invalid naming the saved searches there are when there is none by that name.
std::string savedQuery(Session& session, const std::string& name);
// Checks the name and the query (it must parse) before saving.
void saveSearch(Session& session, const std::string& name, const std::string& query, bool shared);
void deleteSavedSearch(Session& session, const std::string& name);

// For completion in the search bar.
std::vector<std::string> modelNames(Session& session);
std::vector<std::string> unitNames(Session& session);

}  // namespace qm::services
