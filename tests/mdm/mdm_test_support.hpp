// Shared by the MDM tests: a register test with the simulator beside it, fixtures that make
// simulated MDM devices for register devices, and a full sync as the agent.
#pragma once

#include "services/mdm/graph.hpp"
#include "services/mdm/sync.hpp"
#include "tests/support/simulator.hpp"
#include "tests/support/test_cluster.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace qm::test {

class MdmTest : public RegisterTest {
protected:
    void TearDown() override {
        for (const auto& f : files_) std::remove(f.c_str());
    }

    // A fixture file (a JSON array of Graph managedDevice objects) for qm-mdm-sim --fixture.
    std::string writeFixture(const std::vector<std::string>& objects) {
        char pattern[] = "/tmp/qm-fixture-XXXXXX";
        const int fd = ::mkstemp(pattern);
        ::close(fd);
        std::ofstream out(pattern);
        out << "[";
        for (std::size_t i = 0; i < objects.size(); ++i) out << (i ? ",\n" : "") << objects[i];
        out << "]\n";
        files_.push_back(pattern);
        return pattern;
    }

    // MDM devices for the register's <P>-1..n (serials S<P>0001...), ids "mdm-<P>-<i>".
    static std::vector<std::string> devicesFor(const std::string& prefix, int n, const std::string& extra = {}) {
        std::vector<std::string> out;
        for (int i = 1; i <= n; ++i) {
            char serial[32];
            std::snprintf(serial, sizeof serial, "S%s%04d", prefix.c_str(), i);
            out.push_back("{\"id\":\"mdm-" + prefix + "-" + std::to_string(i) + "\",\"serialNumber\":\"" + serial +
                          "\",\"deviceName\":\"" + prefix + "-" + std::to_string(i) +
                          "\",\"operatingSystem\":\"Android\",\"osVersion\":\"14\",\"complianceState\":\"compliant\","
                          "\"lastSyncDateTime\":\"2026-11-28T08:00:00.1234567Z\",\"manufacturer\":\"Samsung\","
                          "\"model\":\"Galaxy A54 5G\"" + extra + "}");
        }
        return out;
    }

    SyncSummary syncAs(const std::string& role, Simulator& sim,
                       const std::function<void(const services::mdm::SyncProgress&)>& progress = {}) {
        auto s = session(role);
        services::mdm::GraphGateway gateway(sim.settings());
        return services::mdm::sync(*s, gateway, progress);
    }

    // Waits (bounded) for `done`, polling; for outcomes that arrive over time (action results).
    static bool eventually(const std::function<bool()>& done, std::chrono::seconds limit = std::chrono::seconds(60)) {
        const auto until = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < until) {
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return done();
    }

    std::vector<std::string> files_;
};

}  // namespace qm::test
