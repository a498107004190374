// The console's MDM worker — the same dispatcher as `qmctl agent`, on a thread of its own with
// its own database session and MDM connection, started when the console has MDM settings. It
// dispatches the outbox every couple of seconds and runs an inventory sync when asked (the
// Sync button), reporting progress and honouring Cancel. Callbacks run on the worker's thread:
// the console passes them through its UiPort to reach the UI thread.
#pragma once

#include "model/mdm.hpp"
#include "services/mdm/settings.hpp"
#include "services/mdm/sync.hpp"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace qm::services::mdm {

class MdmWorker {
public:
    using Log = std::function<void(const std::string&)>;
    using Progress = std::function<void(const SyncProgress&)>;
    // summary is null when the sync failed or was cancelled; then error says why.
    using Finished = std::function<void(const SyncSummary* summary, const std::string& error)>;

    MdmWorker(std::string conninfo, MdmSettings settings, Log log = {});
    ~MdmWorker();  // finishes the command in hand, then joins
    MdmWorker(const MdmWorker&) = delete;
    MdmWorker& operator=(const MdmWorker&) = delete;

    // false when a sync is already running.
    bool startSync(Progress progress, Finished finished);
    void cancelSync() { cancelSync_ = true; }
    bool syncing() const { return syncing_; }
    // Look at the outbox now rather than at the next tick (after a request or an approval).
    void wake();

private:
    void run();

    std::string conninfo_;
    MdmSettings settings_;
    Log log_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool woken_ = false;
    Progress progress_;
    Finished finished_;
    bool syncRequested_ = false;
    std::atomic<bool> syncing_{false}, cancelSync_{false}, stop_{false};
    std::thread thread_;
};

}  // namespace qm::services::mdm
