#include "services/search/search.hpp"

#include "db/search.hpp"
#include "model/error.hpp"
#include "model/identifiers.hpp"
#include "model/text.hpp"

#include <algorithm>

namespace qm::services {

SearchPage searchDevices(Session& session, const search::Query& query, search::Sort sort,
                         const std::optional<ListKey>& after, int limit, bool withCount) {
    if (limit < 1 || limit > 10000) throw invalid("limit", "The page size must be between 1 and 10,000.");
    SearchPage page;
    if (!after && !query.scan.empty()) {
        if (auto hit = db::scanLookup(session.db(), query.scan)) {
            page.rows.push_back(std::move(*hit));
            page.scanned = true;
            page.count = {1, false, false};
            return page;
        }
    }
    // One more row than asked says whether there is a next page.
    page.rows = db::searchPage(session.db(), query, sort, after, limit + 1, after || !withCount ? nullptr : &page.count);
    if (static_cast<int>(page.rows.size()) > limit) {
        page.rows.pop_back();
        page.more = true;
    }
    return page;
}

search::Count countDevices(Session& session, const search::Query& query) {
    return db::searchCount(session.db(), query);
}

std::vector<search::SavedSearch> savedSearches(Session& session) { return db::savedSearches(session.db()); }

std::string savedQuery(Session& session, const std::string& name) {
    if (auto query = db::savedQuery(session.db(), name)) return *query;
    std::string names;
    for (const auto& s : db::savedSearches(session.db())) names += (names.empty() ? "" : ", ") + s.name;
    throw invalid("saved", "There is no saved search called " + quoteInput(name) +
                               (names.empty() ? "; nothing has been saved yet." : "; the saved searches are " + names + "."));
}

void saveSearch(Session& session, const std::string& name, const std::string& query, bool shared) {
    if (trimmed(name).empty()) throw invalid("name", "A saved search needs a name.");
    requireCleanText("name", trimmed(name), TextRule{80, false, true});
    auto parsed = search::parse(query);
    if (parsed.error) throw invalid("query", parsed.error->message);
    db::saveSearch(session.db(), trimmed(name), query, shared);
}

void deleteSavedSearch(Session& session, const std::string& name) {
    if (!db::deleteSavedSearch(session.db(), name))
        throw invalid("saved", "You have no saved search called " + quoteInput(name) + ".");
}

std::vector<std::string> modelNames(Session& session) { return db::modelNames(session.db()); }
std::vector<std::string> unitNames(Session& session) { return db::unitNames(session.db()); }

}  // namespace qm::services
