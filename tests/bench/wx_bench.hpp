// What the console's benchmarks share: wxWidgets started without wxApp's main loop (the
// benchmark drives the events itself), and the median of the runs. Include from one file of
// each benchmark program (it defines the program's wxApp).
#pragma once

#include <wx/app.h>
#include <wx/init.h>

#include <algorithm>
#include <vector>

class BenchApp : public wxApp {
public:
    bool OnInit() override { return true; }
};
wxIMPLEMENT_APP_NO_MAIN(BenchApp);

// Starts wxWidgets on the display (Xvfb in scripts/bench); false when there is none.
inline bool startWx(char* program) {
    wxApp::SetInstance(new BenchApp);
    int argc = 1;
    char* argv[] = {program, nullptr};
    if (!wxEntryStart(argc, argv)) return false;
    wxTheApp->CallOnInit();
    return true;
}

inline void stopWx() {
    wxTheApp->OnExit();
    wxEntryCleanup();
}

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
