// qm-bench-register — measures the register's queries on a real database and prints medians and
// 95th percentiles (budgets in DESIGN.md §9; results go to docs/performance.md).
//
//   qm-bench-register CONNINFO [samples]
//
// CONNINFO should reach a seeded register as a desk login (see scripts/bench). For each list
// order it fetches 200-row keyset pages at random depths, using bookmarks to jump there, as
// the console does when the scroll bar is dragged.
#include "services/device_list.hpp"
#include "services/search/search.hpp"
#include "tests/bench/bench_stats.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

using qm::bench::Clock;

namespace {

using qm::bench::since;
using qm::bench::Stats;
using qm::bench::summarise;


}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: qm-bench-register CONNINFO [samples]\n");
        return 2;
    }
    const int samples = argc > 2 ? std::atoi(argv[2]) : 2000;
    try {
        qm::services::Session session(argv[1], qm::services::Access::Desk);
        auto t = Clock::now();
        long long count = qm::services::deviceCount(session);
        std::printf("devices: %lld (count(*) %.1f ms)\n", count, since(t));
        const std::pair<qm::services::DeviceOrder, const char*> orders[] = {
            {qm::services::DeviceOrder::AssetTag, "asset tag"},
            {qm::services::DeviceOrder::Imei, "IMEI"},
            {qm::services::DeviceOrder::Serial, "serial"},
            {qm::services::DeviceOrder::Status, "status"}};
        std::mt19937 random(42);
        std::printf("%-10s %12s %14s %12s %12s %10s\n", "order", "bookmarks ms", "first page ms", "median ms",
                    "p95 ms", "max ms");
        for (const auto& [order, name] : orders) {
            t = Clock::now();
            auto bookmarks = qm::services::deviceBookmarks(session, order, 200);
            double bookmarkMs = since(t);
            t = Clock::now();
            auto first = qm::services::searchDevices(session, {}, qm::search::sortOf(order), std::nullopt, 200, false);
            double firstMs = since(t);
            std::vector<double> ms;
            std::uniform_int_distribution<std::size_t> pick(0, bookmarks.size() - 1);
            for (int i = 0; i < samples; ++i) {
                const auto& key = bookmarks[pick(random)];
                t = Clock::now();
                // What the console's list asks for: a search with no terms, in this order.
                auto page = qm::services::searchDevices(session, {}, qm::search::sortOf(order), key, 200, false);
                ms.push_back(since(t));
                if (page.rows.empty()) return 1;
            }
            auto s = summarise(ms);
            std::printf("%-10s %12.1f %14.2f %12.2f %12.2f %10.2f\n", name, bookmarkMs, firstMs, s.median, s.p95, s.max);
        }
    } catch (const qm::Error& e) {
        std::fprintf(stderr, "qm-bench-register: %s\n", e.what());
        return qm::exitCode(e.kind());
    }
    return 0;
}
