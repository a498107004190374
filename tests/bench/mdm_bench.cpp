// qm-bench-mdm — times a full MDM inventory sync from the simulator over HTTPS into the
// register, and watches this process's resident memory while it runs (it must stay flat
// however large the fleet: pages are stored as they arrive). Prints each run, the median and
// the memory before, at peak and after. Budgets: 32,000 devices <= 10 s; 200,000 <= 45 s.
//
//   qm-bench-mdm CONNINFO MDM_URL CA_FILE [runs]
//
// CONNINFO is an agent login; MDM_URL the simulator (https://localhost:PORT), which accepts
// the demo credentials (see scripts/bench-mdm).
#include "services/mdm/graph.hpp"
#include "services/mdm/sync.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

long residentKiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: qm-bench-mdm CONNINFO MDM_URL CA_FILE [runs]\n");
        return 2;
    }
    const int runs = argc > 4 ? std::atoi(argv[4]) : 3;
    qm::services::mdm::MdmSettings settings;
    settings.tokenUrl = std::string(argv[2]) + "/bench/oauth2/v2.0/token";
    settings.graphUrl = std::string(argv[2]) + "/v1.0";
    settings.caFile = argv[3];
    settings.clientId = "quartermaster-demo";
    settings.clientSecret = "demo-secret";
    try {
        qm::services::Session session(argv[1], qm::services::Access::Desk);
        qm::services::mdm::GraphGateway gateway(settings);
        std::vector<double> seconds;
        const long before = residentKiB();
        std::atomic<long> peak{before};
        for (int r = 0; r < runs; ++r) {
            std::atomic<bool> done{false};
            std::thread watch([&] {
                while (!done) {
                    peak = std::max(peak.load(), residentKiB());
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                }
            });
            const auto t = std::chrono::steady_clock::now();
            qm::SyncSummary s;
            try {
                s = qm::services::mdm::sync(session, gateway);
            } catch (...) {
                done = true;
                watch.join();
                throw;
            }
            seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count());
            done = true;
            watch.join();
            std::printf("run %d: %lld devices (%lld new, %lld changed, %lld unmatched) in %.2f s; RSS %ld KiB\n", r + 1,
                        s.seen, s.added, s.changed, s.unmatched, seconds.back(), residentKiB());
        }
        std::vector<double> sorted = seconds;
        std::sort(sorted.begin(), sorted.end());
        std::printf("median %.2f s over %d runs; resident memory %ld KiB before, %ld KiB at peak, %ld KiB after\n",
                    sorted[sorted.size() / 2], runs, before, peak.load(), residentKiB());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qm-bench-mdm: %s\n", e.what());
        return 1;
    }
    return 0;
}
