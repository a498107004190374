// qm-bench-console — times the console's register list on a real display (Xvfb): from creating
// the main window to its first rows on screen, and from "jump to the last row" to that row's
// text. Prints each run and the median (budgets: open <= 1 s, end <= 200 ms at 1M devices).
//
//   xvfb-run -a qm-bench-console CONNINFO [runs]
#include "gui/main_frame.hpp"
#include "gui/utf8.hpp"

#include "tests/bench/wx_bench.hpp"

#include <wx/app.h>
#include <wx/init.h>
#include <wx/utils.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>

using Clock = std::chrono::steady_clock;


namespace {

double pumpUntil(const std::function<bool()>& done) {
    auto start = Clock::now();
    while (!done()) {
        wxTheApp->ProcessPendingEvents();
        wxYield();
        if (Clock::now() - start > std::chrono::seconds(120)) return -1;
    }
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: qm-bench-console CONNINFO [runs]\n");
        return 2;
    }
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    qm::gui::useUtf8Strings();
    if (!startWx(argv[0])) return 1;
    std::vector<double> opens, ends, bookmarks;
    for (int run = 0; run < runs; ++run) {
        auto start = Clock::now();
        auto* frame = new qm::gui::MainFrame(argv[1]);
        frame->Show();
        auto& list = *frame->deviceList();
        pumpUntil([&] {
            return list.GetItemCount() > 0 && list.GetItemText(0, 0) != wxString::FromUTF8("\u2026");
        });
        double openMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        // Bookmarks load in the background after the first page; a jump needs them.
        double bookmarkMs = pumpUntil([&] { return frame->presenter().bookmarksReady(); });
        const long last = list.GetItemCount() - 1;
        auto jump = Clock::now();
        list.EnsureVisible(last);
        pumpUntil([&] { return list.GetItemText(last, 0) != wxString::FromUTF8("\u2026"); });
        double endMs = std::chrono::duration<double, std::milli>(Clock::now() - jump).count();
        std::printf("run %d: rows %d, first rows shown %.0f ms, bookmarks ready +%.0f ms, jump to end %.1f ms\n",
                    run + 1, list.GetItemCount(), openMs, bookmarkMs, endMs);
        opens.push_back(openMs);
        ends.push_back(endMs);
        bookmarks.push_back(bookmarkMs);
        frame->Destroy();
        wxTheApp->ProcessPendingEvents();
        wxYield();
    }
    std::printf("median: open %.0f ms, bookmarks +%.0f ms, jump to end %.1f ms\n", median(opens), median(bookmarks),
                median(ends));
    stopWx();
    return 0;
}
