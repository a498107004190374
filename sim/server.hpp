// The simulator's HTTP face: one object that answers every request Poco's HTTPServer hands it,
// on many threads at once.
//
//   POST /{tenant}/oauth2/v2.0/token                      server.cpp   (Entra ID's token endpoint)
//   GET  /v1.0/deviceManagement/managedDevices[/{id}]     graph.cpp    (list with paging, get one)
//   POST /v1.0/deviceManagement/managedDevices/{id}/{action}
//   /_sim/faults, /_sim/stats, /_sim/expire-tokens, /_sim/devices/{id}    server.cpp (no auth, no faults)
//
// Graph requests pass through the fault dice before they are served (dropped, slowed,
// unauthorised, throttled, failed), in that order. Shared state — tokens, fault settings, the
// action log — sits behind one mutex that is never held while a response is written; the fleet
// guards its own activity.
#pragma once

#include "sim/faults.hpp"
#include "sim/fleet.hpp"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace qm::sim {

struct ServerSettings {
    std::string clientId = "quartermaster-demo";
    std::string clientSecret = "demo-secret";
    std::int64_t tokenLifetime = 3599;          // seconds
    std::vector<std::string> failDevices;       // ids or serials whose actions end "failed"
    std::uint64_t seed = 1;
    bool verbose = false;
    std::string defaultHost = "127.0.0.1";       // for absolute URLs when a request has no Host
};

class Simulator {
public:
    Simulator(Fleet& fleet, ServerSettings settings, FaultSettings faults);

    void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
    void setDefaultHost(std::string host) { settings_.defaultHost = std::move(host); }

private:
    // One request on its way through: what every handler needs to answer it.
    struct Exchange {
        Poco::Net::HTTPServerRequest& request;
        Poco::Net::HTTPServerResponse& response;
        std::string requestId;
        std::string clientRequestId;
        std::string host;
        std::vector<std::string> segments;                        // path, percent-decoded
        std::vector<std::pair<std::string, std::string>> query;   // percent-decoded
        std::string body;
        int status = 0;
        std::string param(std::string_view name) const;
        bool hasParam(std::string_view name) const;
    };

    void route(Exchange& ex);
    void token(Exchange& ex);
    void graph(Exchange& ex);
    void control(Exchange& ex);

    void list(Exchange& ex, Rng& dice, const FaultSettings& faults);
    void getOne(Exchange& ex, Rng& dice, const FaultSettings& faults);
    void action(Exchange& ex, Rng& dice, const FaultSettings& faults);

    std::string skipToken(std::uint32_t offset) const;
    bool readSkipToken(const std::string& token, std::uint32_t& offset) const;
    bool authorised(const Exchange& ex);
    bool failsActions(std::size_t index) const;
    FaultSettings faults();

    void send(Exchange& ex, int status, const std::string& body,
              const char* contentType = "application/json; odata.metadata=minimal");
    void sendGraphError(Exchange& ex, int status, std::string_view code, std::string_view message);
    void sendFault(Exchange& ex, const FaultSettings& faults, bool throttle);
    void drop(Exchange& ex);
    static std::string readBody(Poco::Net::HTTPServerRequest& request);

    Fleet& fleet_;
    ServerSettings settings_;
    Counters counters_;
    Dice dice_;
    std::string skipKey_;  // HMAC key: skip tokens are ours only if they carry our MAC

    std::mutex mutex_;
    FaultSettings faults_;
    std::unordered_map<std::string, std::int64_t> tokens_;  // access token -> expiry (ticks)
    std::vector<RecordedAction> actions_;
};

// Poco wants a factory it can own; this one hands every request to the shared simulator.
class SimulatorHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit SimulatorHandlerFactory(Simulator& simulator) : simulator_(simulator) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    Simulator& simulator_;
};

}  // namespace qm::sim
