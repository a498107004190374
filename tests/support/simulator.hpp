// The MDM simulator for tests: starts qm-mdm-sim on a free loopback port with its own state
// folder (and so its own CA), waits until it listens, and offers its control endpoints
// (faults, token expiry, stats) so a test can see exactly what reached the "MDM".
#pragma once

#include "services/mdm/settings.hpp"
#include "tests/support/process.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace qm::test {

struct SimAction {
    std::string device, serial, action, at;
};

struct SimStats {
    std::map<std::string, long long> requests;  // token, list, get, action, throttled, ...
    long long tokensIssued = 0;
    std::vector<SimAction> actions;
    long long count(const std::string& action) const;
};

class Simulator {
public:
    // extraArgs: e.g. {"--devices", "2000"}; stateDir "" for a fresh temporary one.
    explicit Simulator(std::vector<std::string> extraArgs, std::string stateDir = {});
    ~Simulator();

    std::string url() const { return url_; }        // https://localhost:PORT
    std::string stateDir() const { return stateDir_; }
    std::string caFile() const { return stateDir_ + "/ca.pem"; }
    int port() const { return port_; }
    // Settings a client needs to reach it (the simulator's default credentials).
    services::mdm::MdmSettings settings() const;

    void faults(const std::string& json);  // POST /_sim/faults
    void expireTokens();
    void resetStats();
    SimStats stats();

private:
    std::string control(const std::string& method, const std::string& path, const std::string& body = {});

    std::string stateDir_;
    bool ownStateDir_ = false;
    std::string url_;
    int port_ = 0;
    std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace qm::test
