// The Microsoft Graph (Intune) adapter of MdmGateway, following MDM_PROTOCOL.md:
//  * OAuth2 client credentials; the token is cached, renewed five minutes (or half its life)
//    early, one renewal at a time; a 401 renews once and retries once;
//  * GETs retried on 429, 503, 504 and connection failures, waiting Retry-After (fractional
//    seconds or a date) or else an exponential backoff with full jitter, bounded in count and
//    total wait;
//  * nextLinks followed exactly as given, a repeated one followed at most twice;
//  * actions (POST) never re-sent blindly: only a 429 or a refusal before sending is retried
//    here; anything ambiguous goes back to the dispatcher as Unknown;
//  * writes kept under the tenant's limit (a sliding window: at most N in any 20 s);
//  * a client-request-id on every request, the answer's request-id in the log, no token or
//    secret ever in the log.
#pragma once

#include "services/mdm/gateway.hpp"
#include "services/mdm/https.hpp"
#include "services/mdm/settings.hpp"

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace qm::services::mdm {

class GraphGateway : public MdmGateway {
public:
    using Log = std::function<void(const std::string&)>;
    explicit GraphGateway(const MdmSettings& settings, Log log = {});
    ~GraphGateway() override;

    void listDevices(const std::function<void(std::vector<ManagedDevice>&&)>& onPage,
                     const std::function<bool()>& cancelled) override;
    std::optional<ManagedDevice> device(const std::string& mdmId) override;
    SendOutcome sendAction(const std::string& mdmId, const std::string& action) override;
    std::string actionName(const std::string& action) const override;

private:
    HttpResponse get(const std::string& url, const std::function<bool()>& cancelled);
    HttpResponse authorised(HttpRequest request);
    std::string token(bool renew);
    void waitForWriteSlot();
    void sleepFor(double seconds, const std::function<bool()>& cancelled);
    void log(const std::string& line) const;

    MdmSettings settings_;
    Log log_;
    std::unique_ptr<HttpsClient> http_;
    std::mutex httpMutex_;   // one request at a time on the kept-alive connections
    std::mutex tokenMutex_;  // one renewal in flight
    std::string token_;
    std::chrono::steady_clock::time_point tokenRenewAt_{};
    std::mutex writeMutex_;
    std::deque<std::chrono::steady_clock::time_point> writes_;
};

}  // namespace qm::services::mdm
