// DeviceListPresenter — the brain of the console's register list, free of wxWidgets.
//
//   wxListCtrl (virtual) --asks row i--> presenter --page fetch--> Background (worker thread)
//        ^                                   |                            |
//        '----- rowsArrived(first,last) -----'<------ UiPort::callAfter ---'
//
// The list never holds the register: the presenter keeps a bounded cache of keyset pages and
// asks the worker for the page a visible row falls in. Page k starts after the key of row
// k*kPageSize-1; that key comes from the page before (scrolling) or from bookmarks fetched once
// per order (jumping). Testable without a display: give it any UiPort.
//
// With a search (setSearch), the list shows only the matches. Their count comes with the first
// page: exact up to 10,000, else an estimate, and then the list grows a page at a time as it
// is scrolled (pages follow each other by key; there are no bookmarks for a search).
#pragma once

#include "model/search_query.hpp"
#include "services/background.hpp"
#include "services/device_list.hpp"
#include "services/search/search.hpp"

#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace qm::gui {

class DeviceListPresenter : public std::enable_shared_from_this<DeviceListPresenter> {
public:
    static constexpr int kPageSize = 200;
    static constexpr std::size_t kMaxCachedPages = 64;

    struct Listener {
        std::function<void(long long count)> countChanged;
        std::function<void(long long first, long long last)> rowsArrived;
        std::function<void(const std::string& sentence)> failed;
        // A search's first page arrived (its count, and whether it was a scanned identifier).
        std::function<void(const services::SearchPage& first)> searched;
    };

    static std::shared_ptr<DeviceListPresenter> create(services::Background& worker, Listener listener);

    // Re-counts the register and forgets cached rows (F5, after an import).
    void refresh();
    void setOrder(services::DeviceOrder order);
    services::DeviceOrder order() const { return order_; }
    // Shows the matches of `query`, or the whole register again with nullopt (or an empty query).
    void setSearch(std::optional<search::Query> query);
    const std::optional<search::Query>& search() const { return query_; }
    search::Sort sort() const;

    long long rowCount() const { return count_; }
    // The row if it is cached; otherwise nullptr, and its page is requested.
    const search::ResultRow* row(long long index);
    bool bookmarksReady() const { return bookmarksReady_; }

private:
    DeviceListPresenter(services::Background& worker, Listener listener);
    void requestPage(long long page);
    void requestBookmarks();
    void pageArrived(unsigned generation, long long page, std::vector<search::ResultRow> rows, bool more);
    void refreshSearch();
    void touch(long long page);

    services::Background& worker_;
    Listener listener_;
    services::DeviceOrder order_ = services::DeviceOrder::AssetTag;
    unsigned generation_ = 0;  // bumps on refresh/sort; late answers for an old one are dropped
    long long count_ = 0;
    std::optional<search::Query> query_;
    bool growing_ = false;  // a search whose count is not known: the list grows as pages arrive
    std::map<long long, std::vector<search::ResultRow>> pages_;
    std::list<long long> recent_;  // most recently used page first
    std::set<long long> inFlight_;  // asked of the worker
    std::set<long long> waiting_;   // need a key we do not have yet (bookmarks or previous page)
    std::vector<services::ListKey> bookmarks_;
    bool bookmarksReady_ = false;
    bool bookmarksInFlight_ = false;
};

}  // namespace qm::gui
