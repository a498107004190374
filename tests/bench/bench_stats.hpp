// Medians and percentiles for the benchmark programs (qm-bench-*): timings in milliseconds,
// summarised the same way everywhere so docs/performance.md compares like with like.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace qm::bench {

using Clock = std::chrono::steady_clock;

struct Stats {
    double median, p95, max;
};

inline Stats summarise(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))]; };
    return {at(0.5), at(0.95), ms.back()};
}

inline double since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

}  // namespace qm::bench
