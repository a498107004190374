#include "services/agent.hpp"

#include "platform/system_log.hpp"
#include "services/audit/audit.hpp"
#include "services/mdm/dispatch.hpp"
#include "services/mdm/graph.hpp"
#include "services/mdm/sync.hpp"
#include "services/session.hpp"

#include <memory>
#include <thread>

namespace qm::services {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

void runAgent(const AgentOptions& options, const std::atomic<bool>& stop) {
    std::unique_ptr<Session> session;
    std::unique_ptr<mdm::GraphGateway> gateway;
    // When each scheduled job is next due.
    Clock::time_point anchor = Clock::now(), sync = anchor, dispatch = anchor;
    auto say = [&](platform::LogLevel level, const std::string& line) {
        if (level != platform::LogLevel::Info) platform::systemLog(level, "quartermaster-agent", line);
        if (options.log) options.log(line);
    };
    // Runs `work` when `job` is due; on a database error reconnects next time, on an MDM error
    // tries again after retryAfter.
    auto run = [&](Clock::time_point& next, std::chrono::milliseconds every, const std::string& what, const auto& work) {
        if (stop || Clock::now() < next) return;
        try {
            if (!session || !session->db().connected()) {
                session.reset();
                session = std::make_unique<Session>(options.conninfo, Access::Desk);
            }
            work();
            next = Clock::now() + every;
        } catch (const Error& e) {
            if (!session || !session->db().connected()) session.reset();
            say(platform::LogLevel::Warning, "could not " + what + ": " + e.what());
            next = Clock::now() + std::min<std::chrono::milliseconds>(options.retryAfter, every * 10);
        }
    };
    if (options.mdm) gateway = std::make_unique<mdm::GraphGateway>(*options.mdm, [&](const std::string& line) {
        if (options.log) options.log(line);
    });
    mdm::DispatchOptions dispatchOptions;
    dispatchOptions.worker = options.worker;
    dispatchOptions.log = [&](const std::string& line) { say(platform::LogLevel::Info, line); };
    if (options.mdm) {
        // Long enough that no request of this dispatcher can still be in flight.
        dispatchOptions.leaseSeconds = dispatchOptions.graceSeconds = 2 * options.mdm->timeoutSeconds + 15;
    }
    while (!stop) {
        run(anchor, options.anchorEvery, "anchor the audit chain", [&] {
            Anchor a = takeAnchor(*session, options.key);
            recordAnchor(a, options.anchorsFile);
            say(platform::LogLevel::Info, "anchored the audit chain at " + std::to_string(a.events) + " events");
        });
        if (gateway) {
            run(sync, options.syncEvery, "synchronise with the MDM", [&] {
                auto s = mdm::sync(*session, *gateway, {}, [&] { return stop.load(); });
                say(platform::LogLevel::Info, "MDM sync: " + std::to_string(s.seen) + " devices seen, " +
                                                  std::to_string(s.added) + " new, " + std::to_string(s.changed) +
                                                  " changed, " + std::to_string(s.unmatched) + " unmatched");
            });
            run(dispatch, options.dispatchEvery, "dispatch MDM commands",
                [&] { mdm::dispatchUntilIdle(*session, *gateway, dispatchOptions, &stop); });
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

}  // namespace qm::services
