// quartermaster — the desk console. `--db CONNINFO` connects directly; `--demo` starts the
// private demo cluster (seeding it on first run) and signs in as the demo agent; otherwise the
// connection dialog asks.
#include "gui/connection_dialog.hpp"
#include "gui/main_frame.hpp"
#include "gui/utf8.hpp"
#include "services/demo.hpp"

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/gdicmn.h>
#include <wx/msgdlg.h>
#include <wx/progdlg.h>
#include <wx/utils.h>

#include <chrono>
#include <future>

namespace qm::gui {
namespace {

// Runs work on a thread while the UI stays alive (a pulsing progress dialog), so neither the
// demo's first seeding nor a slow server freezes the window.
template <class F>
auto withProgress(const wxString& title, const wxString& message, F&& work) {
    auto future = std::async(std::launch::async, std::forward<F>(work));
    wxProgressDialog progress(title, message, 100, nullptr, wxPD_APP_MODAL | wxPD_SMOOTH);
    while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) progress.Pulse();
    return future.get();  // rethrows the work's exception here, on the UI thread
}

}  // namespace

class App : public wxApp {
public:
    bool OnInit() override {
        useUtf8Strings();
        SetAppName("quartermaster");
        SetVendorName("Quartermaster");
        if (!wxApp::OnInit()) return false;
        std::string conninfo;
        try {
            if (demo_) {
                services::DemoOptions options;
                if (!demoDir_.empty()) options.root = demoDir_.ToStdString(wxConvUTF8);
                demoEnv_ = std::make_unique<services::Demo>(withProgress(
                    _("Quartermaster demo"), _("Starting the demo register (the first run seeds 32,000 devices)\u2026"),
                    [options] { return services::startDemo(options); }));
                conninfo = demoEnv_->agentConninfo;
            } else if (!db_.empty()) {
                conninfo = db_.ToStdString(wxConvUTF8);
            } else {
                for (;;) {
                    ConnectionDialog dialog(nullptr);
                    if (dialog.ShowModal() != wxID_OK) return false;
                    conninfo = dialog.conninfo();
                    try {
                        withProgress(_("Quartermaster"), _("Connecting\u2026"), [conninfo] {
                            services::Session check(conninfo, services::Access::Desk);
                            return 0;
                        });
                        dialog.rememberProfile();
                        break;
                    } catch (const Error& e) {
                        wxMessageBox(wxString::FromUTF8(e.what()), _("Cannot connect"), wxOK | wxICON_ERROR);
                    }
                }
            }
        } catch (const Error& e) {
            wxMessageBox(wxString::FromUTF8(e.what()), _("Quartermaster"), wxOK | wxICON_ERROR);
            return false;
        }
        auto* frame = new MainFrame(conninfo);
        frame->SetSize(wxGetClientDisplayRect());
        frame->Maximize();
        frame->Show();
        if (!show_.empty()) frame->findDevice(show_);
        SetTopWindow(frame);
        return true;
    }

    int OnExit() override {
        demoEnv_.reset();  // stops the demo cluster if this run started it
        return wxApp::OnExit();
    }

    void OnInitCmdLine(wxCmdLineParser& parser) override {
        wxApp::OnInitCmdLine(parser);
        parser.AddOption("", "db", _("libpq connection string or URI of the register"));
        parser.AddSwitch("", "demo", _("start the private demo register and sign in as the demo agent"));
        parser.AddOption("", "demo-dir", _("folder of the demo register (default: your data folder)"));
        parser.AddOption("", "show", _("open at this device (asset tag, serial, IMEI or MDM id)"));
    }

    bool OnCmdLineParsed(wxCmdLineParser& parser) override {
        parser.Found("db", &db_);
        demo_ = parser.Found("demo");
        parser.Found("demo-dir", &demoDir_);
        parser.Found("show", &show_);
        if (db_.empty()) {
            wxString env;
            if (wxGetEnv("QM_DB", &env)) db_ = env;
        }
        return wxApp::OnCmdLineParsed(parser);
    }

private:
    wxString db_, demoDir_, show_;
    bool demo_ = false;
    std::unique_ptr<services::Demo> demoEnv_;
};

}  // namespace qm::gui

wxIMPLEMENT_APP(qm::gui::App);
