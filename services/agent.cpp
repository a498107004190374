#include "services/agent.hpp"

#include "platform/system_log.hpp"
#include "services/audit/audit.hpp"
#include "services/session.hpp"

#include <memory>
#include <thread>

namespace qm::services {

void runAgent(const AgentOptions& options, const std::atomic<bool>& stop) {
    using Clock = std::chrono::steady_clock;
    std::unique_ptr<Session> session;
    auto next = Clock::now();
    while (!stop) {
        if (Clock::now() >= next) {
            try {
                if (!session || !session->db().connected()) {
                    session.reset();
                    session = std::make_unique<Session>(options.conninfo, Access::Desk);
                }
                Anchor anchor = takeAnchor(*session, options.key);
                recordAnchor(anchor, options.anchorsFile);
                if (options.log)
                    options.log("anchored the audit chain at " + std::to_string(anchor.events) + " events");
                next = Clock::now() + options.anchorEvery;
            } catch (const Error& e) {
                // The next round reconnects; the anchors already written stay valid.
                session.reset();
                const std::string line = std::string("could not anchor the audit chain: ") + e.what();
                platform::systemLog(platform::LogLevel::Warning, "quartermaster-agent", line);
                if (options.log) options.log(line);
                next = Clock::now() + std::min(options.retryAfter, options.anchorEvery);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

}  // namespace qm::services
