#include "gui/register/device_list_presenter.hpp"

#include <algorithm>

namespace qm::gui {

std::shared_ptr<DeviceListPresenter> DeviceListPresenter::create(services::Background& worker, Listener listener) {
    return std::shared_ptr<DeviceListPresenter>(new DeviceListPresenter(worker, std::move(listener)));
}

DeviceListPresenter::DeviceListPresenter(services::Background& worker, Listener listener)
    : worker_(worker), listener_(std::move(listener)) {}

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
    std::weak_ptr<DeviceListPresenter> self = shared_from_this();
    const unsigned generation = generation_;
    const auto order = order_;
    auto failed = [self, generation](const Error& e) {
        auto p = self.lock();
        if (p && p->generation_ == generation && p->listener_.failed) p->listener_.failed(e.what());
    };
    // The count and the first page first, so the list shows at once; bookmarks after.
    worker_.post(
        [self, generation, order, ui = &worker_.ui()](services::Session& session) {
            long long count = services::deviceCount(session);
            auto first = services::devicePage(session, order, std::nullopt, kPageSize);
            ui->callAfter([self, generation, count, first = std::move(first)]() mutable {
                auto p = self.lock();
                if (!p || p->generation_ != generation) return;
                p->count_ = count;
                if (p->listener_.countChanged) p->listener_.countChanged(count);
                p->pageArrived(generation, 0, std::move(first));
            });
        },
        failed);
    requestBookmarks();
}

void DeviceListPresenter::requestBookmarks() {
    std::weak_ptr<DeviceListPresenter> self = shared_from_this();
    const unsigned generation = generation_;
    const auto order = order_;
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

const DeviceListRow* DeviceListPresenter::row(long long index) {
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
            after = keyOf(prev->second.back(), order_);
        } else if (bookmarksReady_ && static_cast<std::size_t>(page - 1) < bookmarks_.size()) {
            after = bookmarks_[static_cast<std::size_t>(page - 1)];
        } else {
            waiting_.insert(page);  // asked again once bookmarks or the page before arrive
            if (!bookmarksReady_ && !bookmarksInFlight_) requestBookmarks();
            return;
        }
    }
    inFlight_.insert(page);
    std::weak_ptr<DeviceListPresenter> self = shared_from_this();
    const unsigned generation = generation_;
    const auto order = order_;
    worker_.post(
        [self, generation, order, after, page, ui = &worker_.ui()](services::Session& session) {
            auto rows = services::devicePage(session, order, after, kPageSize);
            ui->callAfter([self, generation, page, rows = std::move(rows)]() mutable {
                if (auto p = self.lock()) p->pageArrived(generation, page, std::move(rows));
            });
        },
        [self, generation, page](const Error& e) {
            auto p = self.lock();
            if (!p || p->generation_ != generation) return;
            p->inFlight_.erase(page);  // may be asked again when the connection is back
            if (p->listener_.failed) p->listener_.failed(e.what());
        });
}

void DeviceListPresenter::pageArrived(unsigned generation, long long page, std::vector<DeviceListRow> rows) {
    if (generation != generation_) return;
    inFlight_.erase(page);
    waiting_.erase(page);
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
