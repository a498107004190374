// main() for the GUI tests: a real wxApp on a real (Xvfb) display, plus the private cluster.
#include "gui/utf8.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/init.h>

#include <iostream>

class TestApp : public wxApp {
public:
    bool OnInit() override { return true; }
};

wxIMPLEMENT_APP_NO_MAIN(TestApp);

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    qm::test::installClusterEnvironment();
    wxApp::SetInstance(new TestApp);
    int wxArgc = 1;
    char* wxArgv[] = {argv[0], nullptr};
    qm::gui::useUtf8Strings();
    // A failed wxASSERT must fail the test, not wait for someone to click a dialog.
    wxSetAssertHandler([](const wxString& file, int line, const wxString& func, const wxString& cond,
                          const wxString& msg) {
        ADD_FAILURE() << "wxWidgets assertion " << cond << " failed in " << func << " at " << file << ":" << line
                      << ": " << msg;
    });
    if (!wxEntryStart(wxArgc, wxArgv)) {
        std::cerr << "The GUI tests need a display; run them under xvfb-run -a.\n";
        return 1;
    }
    wxTheApp->CallOnInit();
    int rc = RUN_ALL_TESTS();
    wxTheApp->OnExit();
    wxEntryCleanup();
    return rc;
}
