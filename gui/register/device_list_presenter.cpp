#include "gui/register/device_list_presenter.hpp"

#include <algorithm>

namespace qm::gui {

std::shared_ptr<DeviceListPresenter> DeviceListPresenter::create(services::Background& worker, Listener listener) {
    return std::shared_ptr<DeviceListPresenter>(new DeviceListPresenter(worker, std::move(listener)));
}

DeviceListPresenter::DeviceListPresenter(services::Background& worker, Listener listener)
    : worker_(worker), listener_(std::move(listener)) {}

search::Sort DeviceListPresenter::sort() const { return search::sortOf(order_); }

void DeviceListPresenter::setSearch(std::optional<search::Query> query) {
    if (query && query->empty()) query.reset();
    query_ = std::move(query);
    refresh();
}

void DeviceListPresenter::refresh() {
    ++generation_;
    // No worker_.cancelPending() here: the worker is shared with the desk, whose queued hand-overs
    // must not be dropped. Late pages of the old generation are discarded when they arrive.
    pages_.clear();
    recent_.clear();
    inFlight_.clear();
    waiting_.clear();
    bookmarks_.clear();
    bookmarksReady_ = false;
    growing_ = false;
    if (query_) return refreshSearch();
    std::weak_ptr<DeviceListPresenter> self = shared_from_this();
    const unsigned generation = generation_;
    const auto sort = this->sort();
    auto failed = [self, generation](const Error& e) {
        auto p = self.lock();
        if (p && p->generation_ == generation && p->listener_.failed) p->listener_.failed(e.what());
    };
    // The count and the first page first, so the list shows at once; bookmarks after.
    worker_.post(
        [self, generation, sort, ui = &worker_.ui()](services::Session& session) {
            long long count = services::deviceCount(session);
            auto first = services::searchDevices(session, search::Query{}, sort, std::nullopt, kPageSize, false);
            ui->callAfter([self, generation, count, first = std::move(first)]() mutable {
                auto p = self.lock();
                if (!p || p->generation_ != generation) return;
                p->count_ = count;
                if (p->listener_.countChanged) p->listener_.countChanged(count);
                p->pageArrived(generation, 0, std::move(first.rows), first.more);
            });
        },
        failed);
    requestBookmarks();
}

void DeviceListPresenter::refreshSearch() {
    std::weak_ptr<DeviceListPresenter> self = shared_from_this();
    const unsigned generation = generation_;
    bookmarksReady_ = true;  // none: a search's pages follow each other by key
    worker_.post(
        [self, generation, query = *query_, sort = sort(), ui = &worker_.ui()](services::Session& session) {
            auto first = services::searchDevices(session, query, sort, std::nullopt, kPageSize);
            ui->callAfter([self, generation, first = std::move(first)]() mutable {
                auto p = self.lock();
                if (!p || p->generation_ != generation) return;
                const bool exact = !first.count.estimated && !first.count.moreThan;
                p->growing_ = !exact && first.more;
                p->count_ = exact ? first.count.rows
                                  : static_cast<long long>(first.rows.size()) + (first.more ? kPageSize : 0);
                if (p->listener_.countChanged) p->listener_.countChanged(p->count_);
                if (p->listener_.searched) p->listener_.searched(first);
                p->pageArrived(generation, 0, std::move(first.rows), first.more);
            });
        },
        [self, generation](const Error& e) {
            auto p = self.lock();
            if (!p || p->generation_ != generation) return;
            p->count_ = 0;
            if (p->listener_.countChanged) p->listener_.countChanged(0);
            if (p->listener_.failed) p->listener_.failed(e.what());
        });
}

void DeviceListPresenter::requestBookmarks() {
    std::weak_ptr<DeviceListPresenter> self = shared_from_this();
    const unsigned generation = generation_;
    const auto order = order_;
    if (query_) return;  // a search has no bookmarks
    bookmarksInFlight_ = true;
    worker_.post(
        [self, generation, order, ui = &worker_.ui()](services::Session& session) {
            auto keys = services::deviceBookmarks(session, order, kPageSize);
            ui->callAfter([self, generation, keys = std::move(keys)]() mutable {
                auto p = self.lock();
                if (!p || p->generation_ != generation) return;
                p->bookmarksInFlight_ = false;
                p->bookmarks_ = std::move(keys);
                p->bookmarksReady_ = true;
                // Rows asked for while we waited: fetch their pages now.
                std::set<long long> waiting;
                waiting.swap(p->waiting_);
                for (long long page : waiting) p->requestPage(page);
            });
        },
        [self, generation](const Error& e) {
            auto p = self.lock();
            if (!p || p->generation_ != generation) return;
            // Asked again by the next row that needs them (e.g. once the connection is back).
            p->bookmarksInFlight_ = false;
            if (p->listener_.failed) p->listener_.failed(e.what());
        });
}

void DeviceListPresenter::setOrder(services::DeviceOrder order) {
    if (order == order_) return;
    order_ = order;
    refresh();
}

const search::ResultRow* DeviceListPresenter::row(long long index) {
    if (index < 0 || index >= count_) return nullptr;
    long long page = index / kPageSize;
    auto it = pages_.find(page);
    if (it == pages_.end()) {
        requestPage(page);
        return nullptr;
    }
    touch(page);
    std::size_t offset = static_cast<std::size_t>(index % kPageSize);
    return offset < it->second.size() ? &it->second[offset] : nullptr;
}

void DeviceListPresenter::touch(long long page) {
    if (!recent_.empty() && recent_.front() == page) return;
    recent_.remove(page);
    recent_.push_front(page);
}

void DeviceListPresenter::requestPage(long long page) {
    if (pages_.count(page) || inFlight_.count(page)) return;
    std::optional<services::ListKey> after;
    if (page > 0) {
        if (auto prev = pages_.find(page - 1);
            prev != pages_.end() && prev->second.size() == static_cast<std::size_t>(kPageSize)) {
            after = prev->second.back().key;
        } else if (!query_ && bookmarksReady_ && static_cast<std::size_t>(page - 1) < bookmarks_.size()) {
            after = bookmarks_[static_cast<std::size_t>(page - 1)];
        } else if (query_) {
            waiting_.insert(page);  // asked again when the page before it arrives
            requestPage(page - 1);
            return;
        } else {
            waiting_.insert(page);  // asked again once bookmarks or the page before arrive
            if (!bookmarksReady_ && !bookmarksInFlight_) requestBookmarks();
            return;
        }
    }
    inFlight_.insert(page);
    std::weak_ptr<DeviceListPresenter> self = shared_from_this();
    const unsigned generation = generation_;
    worker_.post(
        [self, generation, query = query_.value_or(search::Query{}), sort = sort(), after, page,
         ui = &worker_.ui()](services::Session& session) {
            auto rows = services::searchDevices(session, query, sort, after, kPageSize, false);
            ui->callAfter([self, generation, page, rows = std::move(rows)]() mutable {
                if (auto p = self.lock()) p->pageArrived(generation, page, std::move(rows.rows), rows.more);
            });
        },
        [self, generation, page](const Error& e) {
            auto p = self.lock();
            if (!p || p->generation_ != generation) return;
            p->inFlight_.erase(page);  // may be asked again when the connection is back
            if (p->listener_.failed) p->listener_.failed(e.what());
        });
}

void DeviceListPresenter::pageArrived(unsigned generation, long long page, std::vector<search::ResultRow> rows,
                                      bool more) {
    if (generation != generation_) return;
    inFlight_.erase(page);
    waiting_.erase(page);
    if (growing_) {
        // The list reaches one page past what has arrived, until the last page comes.
        const long long end = page * kPageSize + static_cast<long long>(rows.size());
        const long long shown = more ? end + kPageSize : end;
        if (!more) growing_ = false;
        if (shown != count_ && (shown > count_ || !more)) {
            count_ = shown;
            if (listener_.countChanged) listener_.countChanged(count_);
        }
    }
    pages_[page] = std::move(rows);
    touch(page);
    while (recent_.size() > kMaxCachedPages) {
        pages_.erase(recent_.back());
        recent_.pop_back();
    }
    // The next page's key is now known: pages waiting on it can go.
    if (waiting_.erase(page + 1)) requestPage(page + 1);
    if (listener_.rowsArrived) {
        long long first = page * kPageSize;
        long long last = std::min(count_, first + kPageSize) - 1;
        if (last >= first) listener_.rowsArrived(first, last);
    }
}

}  // namespace qm::gui
