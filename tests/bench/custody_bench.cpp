// qm-bench-custody — times the custody desk's hand-overs on a real database: issue and return
// (each one transaction with its receipt, timeline and audit events) from one desk, then from
// several desks at once. Prints medians, 95th percentiles and total throughput
// (budgets: p95 <= 20 ms; eight desks >= 200 operations per second).
//
//   qm-bench-custody CONNINFO [operations-per-desk] [desks]
//
// CONNINFO is a desk login (agent) on a seeded register (see scripts/bench). Each desk works on
// its own in-stock devices and its own people, so the desks contend only where the register
// itself serialises (the audit chain), as real desks would.
#include "db/register_repository.hpp"
#include "services/audit/audit.hpp"
#include "services/custody/custody.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

using Clock = std::chrono::steady_clock;

namespace {

struct Work {
    std::vector<std::string> devices;
    std::vector<std::string> people;
};

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * v.size()))];
}

// Issue then return, `rounds` times, round-robin over the desk's devices and people.
void desk(const std::string& conninfo, const Work& work, int rounds, std::vector<double>& issueMs,
          std::vector<double>& returnMs) {
    qm::services::Session session(conninfo, qm::services::Access::Desk);
    for (int i = 0; i < rounds; ++i) {
        const auto& device = work.devices[static_cast<std::size_t>(i) % work.devices.size()];
        const auto& person = work.people[static_cast<std::size_t>(i) % work.people.size()];
        auto t = Clock::now();
        qm::services::issueDevice(session, {device, person, {"charger"}, "", "", std::nullopt});
        issueMs.push_back(ms(Clock::now() - t));
        t = Clock::now();
        qm::services::returnDevice(session, {device, "good", "", std::nullopt});
        returnMs.push_back(ms(Clock::now() - t));
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: qm-bench-custody CONNINFO [operations-per-desk] [desks]\n");
        return 2;
    }
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 500;
    const int desks = argc > 3 ? std::atoi(argv[3]) : 8;
    try {
        qm::services::Session setup(argv[1], qm::services::Access::Desk);
        // In-stock phones and people holding nothing, split between the desks.
        std::vector<Work> work(static_cast<std::size_t>(desks));
        {
            soci::rowset<std::string> devices =
                (setup.db().sql().prepare << "select d.asset_tag from device d join device_model m on m.id = d.model_id"
                                             " where d.status = 'in_stock' and not d.legal_hold and m.kind = 'phone'"
                                             " order by d.asset_tag limit :n",
                 soci::use(desks * 20));
            std::size_t i = 0;
            for (const auto& d : devices) work[i++ % work.size()].devices.push_back(d);
            soci::rowset<std::string> people =
                (setup.db().sql().prepare << "select staff_no from person p where active and not exists"
                                             " (select 1 from custody c where c.person_id = p.id and c.returned_at is null)"
                                             " order by staff_no limit :n",
                 soci::use(desks * 20));
            i = 0;
            for (const auto& p : people) work[i++ % work.size()].people.push_back(p);
        }
        for (const auto& w : work)
            if (w.devices.empty() || w.people.empty()) {
                std::fprintf(stderr, "qm-bench-custody: not enough in-stock phones or free people\n");
                return 1;
            }

        std::vector<double> issue1, return1;
        desk(argv[1], work[0], rounds, issue1, return1);
        std::printf("one desk, %d issue+return pairs: issue median %.2f ms p95 %.2f ms; return median %.2f ms p95 %.2f ms\n",
                    rounds, percentile(issue1, 0.5), percentile(issue1, 0.95), percentile(return1, 0.5),
                    percentile(return1, 0.95));

        std::vector<std::vector<double>> issues(work.size()), returns(work.size());
        std::vector<std::thread> threads;
        auto start = Clock::now();
        for (std::size_t d = 0; d < work.size(); ++d)
            threads.emplace_back([&, d] { desk(argv[1], work[d], rounds, issues[d], returns[d]); });
        for (auto& t : threads) t.join();
        double seconds = ms(Clock::now() - start) / 1000.0;
        std::vector<double> all;
        for (std::size_t d = 0; d < work.size(); ++d) {
            all.insert(all.end(), issues[d].begin(), issues[d].end());
            all.insert(all.end(), returns[d].begin(), returns[d].end());
        }
        std::printf("%d desks at once, %zu operations in %.2f s: %.0f operations/s; per operation median %.2f ms p95 %.2f ms\n",
                    desks, all.size(), seconds, static_cast<double>(all.size()) / seconds, percentile(all, 0.5),
                    percentile(all, 0.95));
        auto verdict = qm::services::verifyAudit(setup);
        std::printf("%s\n", verdict.sentence.c_str());
        return verdict.intact ? 0 : 1;
    } catch (const qm::Error& e) {
        std::fprintf(stderr, "qm-bench-custody: %s\n", e.what());
        return qm::exitCode(e.kind());
    }
}
