#include "services/mdm/worker.hpp"

#include "services/mdm/dispatch.hpp"
#include "services/mdm/graph.hpp"
#include "services/session.hpp"

#include <memory>

namespace qm::services::mdm {

MdmWorker::MdmWorker(std::string conninfo, MdmSettings settings, Log log)
    : conninfo_(std::move(conninfo)), settings_(std::move(settings)), log_(std::move(log)) {
    thread_ = std::thread([this] { run(); });
}

MdmWorker::~MdmWorker() {
    stop_ = true;
    cancelSync_ = true;
    wake();
    if (thread_.joinable()) thread_.join();
}

bool MdmWorker::startSync(Progress progress, Finished finished) {
    std::lock_guard lock(mutex_);
    if (syncing_ || syncRequested_) return false;
    progress_ = std::move(progress);
    finished_ = std::move(finished);
    syncRequested_ = true;
    syncing_ = true;
    cancelSync_ = false;
    woken_ = true;
    wake_.notify_all();
    return true;
}

void MdmWorker::wake() {
    std::lock_guard lock(mutex_);
    woken_ = true;
    wake_.notify_all();
}

void MdmWorker::run() {
    std::unique_ptr<Session> session;
    std::unique_ptr<GraphGateway> gateway;
    DispatchOptions options;
    options.worker = "console";
    options.leaseSeconds = options.graceSeconds = 2 * settings_.timeoutSeconds + 15;
    options.log = log_;
    auto say = [&](const std::string& line) {
        if (log_) log_(line);
    };
    while (!stop_) {
        bool doSync = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, std::chrono::seconds(2), [&] { return woken_ || stop_; });
            woken_ = false;
            doSync = syncRequested_;
            syncRequested_ = false;
        }
        if (stop_ && !doSync) break;
        bool reported = false;
        try {
            if (!session || !session->db().connected()) {
                session.reset();
                session = std::make_unique<Session>(conninfo_, Access::Desk);
            }
            if (!gateway) gateway = std::make_unique<GraphGateway>(settings_, log_);
            if (doSync) {
                Progress progress;
                Finished finished;
                {
                    std::lock_guard lock(mutex_);
                    progress = progress_;
                    finished = finished_;
                }
                try {
                    const SyncSummary s = sync(*session, *gateway, progress, [&] { return cancelSync_.load(); });
                    syncing_ = false;
                    reported = true;
                    if (finished) finished(&s, "");
                } catch (const Error& e) {
                    syncing_ = false;
                    reported = true;
                    if (finished) finished(nullptr, e.what());
                }
            }
            if (!stop_ && session->can(DeskRole::Agent)) dispatchUntilIdle(*session, *gateway, options, &stop_);
        } catch (const Error& e) {
            if (doSync && !reported) {
                syncing_ = false;
                Finished finished;
                {
                    std::lock_guard lock(mutex_);
                    finished = finished_;
                }
                if (finished) finished(nullptr, e.what());
            }
            say(std::string("MDM worker: ") + e.what());
            if (session && !session->db().connected()) session.reset();
        }
    }
}

}  // namespace qm::services::mdm
