#include "tests/support/simulator.hpp"

#include "services/mdm/https.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace qm::test {

long long SimStats::count(const std::string& action) const {
    long long n = 0;
    for (const auto& a : actions) n += a.action == action;
    return n;
}

Simulator::Simulator(std::vector<std::string> extraArgs, std::string stateDir) : stateDir_(std::move(stateDir)) {
    if (stateDir_.empty()) {
        char pattern[] = "/tmp/qm-sim-XXXXXX";
        if (!::mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
        stateDir_ = pattern;
        ownStateDir_ = true;
    }
    std::vector<std::string> argv{QM_SIM_PATH, "--state-dir", stateDir_, "--port", "0"};
    argv.insert(argv.end(), extraArgs.begin(), extraArgs.end());
    process_ = std::make_unique<BackgroundProcess>(argv);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
        const std::string out = process_->outSoFar();
        const auto at = out.find("listening on https://");
        if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
            const std::string line = out.substr(at, out.find('\n', at) - at);
            port_ = std::stoi(line.substr(line.rfind(':') + 1));
            url_ = "https://localhost:" + std::to_string(port_);
            return;
        }
        if (!process_->running() || std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("qm-mdm-sim did not start: " + process_->errSoFar());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

Simulator::~Simulator() {
    process_->stop(SIGTERM);
    if (ownStateDir_) std::filesystem::remove_all(stateDir_);
}

services::mdm::MdmSettings Simulator::settings() const {
    services::mdm::MdmSettings s;
    s.tokenUrl = url_ + "/test-tenant/oauth2/v2.0/token";
    s.graphUrl = url_ + "/v1.0";
    s.caFile = caFile();
    s.clientId = "quartermaster-demo";
    s.clientSecret = "demo-secret";
    s.timeoutSeconds = 10;
    s.writesPer20s = 2000;
    s.maxRetries = 20;
    return s;
}

std::string Simulator::control(const std::string& method, const std::string& path, const std::string& body) {
    services::mdm::TlsOptions tls;
    tls.caFile = caFile();
    services::mdm::HttpsClient client(tls);
    services::mdm::HttpRequest r;
    r.method = method;
    r.url = url_ + path;
    r.body = body;
    if (!body.empty()) r.contentType = "application/json";
    auto answer = client.send(r);
    if (answer.status != 200) throw std::runtime_error("simulator " + path + ": HTTP " + std::to_string(answer.status) + " " + answer.body);
    return answer.body;
}

void Simulator::faults(const std::string& json) { control("POST", "/_sim/faults", json); }
void Simulator::expireTokens() { control("POST", "/_sim/expire-tokens"); }
void Simulator::resetStats() { control("POST", "/_sim/stats/reset"); }

SimStats Simulator::stats() {
    const std::string body = control("GET", "/_sim/stats");
    auto root = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    SimStats s;
    auto requests = root->getObject("requests");
    for (const auto& [k, v] : *requests) s.requests[k] = v.convert<long long>();
    s.tokensIssued = root->getValue<long long>("tokens_issued");
    auto actions = root->getArray("actions");
    for (std::size_t i = 0; i < actions->size(); ++i) {
        auto a = actions->getObject(static_cast<unsigned>(i));
        s.actions.push_back({a->optValue<std::string>("device", ""), a->optValue<std::string>("serial", ""),
                             a->optValue<std::string>("action", ""), a->optValue<std::string>("at", "")});
    }
    return s;
}

}  // namespace qm::test
