// QueueUi — a UiPort for tests without a display: the test itself plays the UI thread and runs
// the queued callbacks when it chooses, so presenters and the worker can be tested headless.
#pragma once

#include "services/ui_port.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace qm::test {

// A UiPort whose "UI thread" is the test itself: callbacks queue up until the test runs them.
class QueueUi : public services::UiPort {
public:
    void callAfter(std::function<void()> fn) override {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(fn));
        ready_.notify_all();
    }
    // Runs queued callbacks until `done` holds (bounded so a broken test cannot hang CI).
    bool runUntil(const std::function<bool()>& done) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!done()) {
            std::unique_lock lock(mutex_);
            if (!ready_.wait_until(lock, deadline, [&] { return !queue_.empty(); })) return done();
            auto fn = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            fn();
        }
        return true;
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> queue_;
};

}  // namespace qm::test
