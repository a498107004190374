// quartermaster — the desk console. `--db CONNINFO` connects directly; `--demo` starts the
// private demo cluster (seeding it on first run) and signs in as the demo agent; otherwise the
// connection dialog asks. `--show`, `--scan` and `--open` start it at a given place (for
// training material, screenshots and support: "open it at this device"). `--mdm-settings FILE`
// names the MDM settings the console's MDM worker uses.
#include "gui/accessibility.hpp"
#include "gui/connection_dialog.hpp"
#include "gui/main_frame.hpp"
#include "gui/main_frame_ids.hpp"
#include "gui/options.hpp"
#include "gui/translations.hpp"
#include "gui/utf8.hpp"
#include "services/demo.hpp"

#include <cstdio>
#include <string>

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/gdicmn.h>
#include <wx/log.h>
#include <wx/msgdlg.h>
#include <wx/progdlg.h>
#include <wx/utils.h>
#include <wx/weakref.h>
#include <wx/arrstr.h>
#include <wx/timer.h>

#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>

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
        if (!useTranslations(lang_))
            wxLogWarning("No translation of Quartermaster for '%s'; showing it in English.", lang_);
        a11y::useReadablePlaceholders();
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
                conninfo = withPasswordIfAsked(db_.ToStdString(wxConvUTF8));
                if (conninfo.empty()) return false;
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
        services::mdm::SettingsOverrides mdm;
        mdm.file = mdmSettings_.ToStdString(wxConvUTF8);
        auto* frame = new MainFrame(conninfo, mdm);
        frame->SetSize(wxGetClientDisplayRect());
        frame->Maximize();
        frame->Show();
        SetTopWindow(frame);
        if (!show_.empty()) frame->findDevice(show_);
        for (const wxString& code : wxSplit(scan_, ',')) frame->desk()->scan(code);
        if (!openAt_.empty() && !openAt(frame)) return false;
        return true;
    }

    int OnExit() override {
        openTimer_.reset();
        demoEnv_.reset();  // stops the demo cluster if this run started it
        return wxApp::OnExit();
    }

    void OnInitCmdLine(wxCmdLineParser& parser) override {
        wxApp::OnInitCmdLine(parser);
        for (const auto& option : kConsoleOptions) {
            const wxString help = wxGetTranslation(option.help);
            if (option.value) parser.AddOption("", option.name, help);
            else parser.AddSwitch("", option.name, help);
        }
    }

    bool OnCmdLineParsed(wxCmdLineParser& parser) override {
        parser.Found("db", &db_);
        demo_ = parser.Found("demo");
        parser.Found("demo-dir", &demoDir_);
        parser.Found("show", &show_);
        parser.Found("scan", &scan_);
        parser.Found("open", &openAt_);
        parser.Found("receipt", &receipt_);
        parser.Found("mdm-settings", &mdmSettings_);
        if (!parser.Found("lang", &lang_)) wxGetEnv("QM_LANG", &lang_);
        if (db_.empty()) {
            wxString env;
            if (wxGetEnv("QM_DB", &env)) db_ = env;
        }
        return wxApp::OnCmdLineParsed(parser);
    }

private:
    // --db or QM_DB: when the server asks for a password the string does not hold (a QM_DB a
    // policy pushed holds none), or refuses the one typed, asks for it. "" when the desk gives
    // up. Any other failure is left to the window, which says what is wrong and retries.
    static std::string withPasswordIfAsked(const std::string& given) {
        std::string conninfo = given;
        for (bool refused = false;; refused = true) {
            try {
                withProgress(_("Quartermaster"), _("Connecting\u2026"), [conninfo] {
                    services::Session check(conninfo, services::Access::Desk);
                    return 0;
                });
                return conninfo;
            } catch (const Error& e) {
                if (!services::needsPassword(e)) return conninfo;
                PasswordDialog ask(nullptr, services::loginNamed(given), refused);
                if (ask.ShowModal() != wxID_OK) return {};
                conninfo = services::withPassword(given, ask.password());
            }
        }
    }

    // Opens --open once the start-up lookups have answered, so dialogs are pre-filled.
    bool openAt(MainFrame* frame) {
        using D = MainFrame::Dialog;
        const std::map<wxString, std::function<void()>> actions = {
            {"desk", [frame] { frame->showPage(MainFrame::Page::Desk); }},
            {"register", [frame] { frame->showPage(MainFrame::Page::Register); }},
            {"dashboard", [frame] { frame->showPage(MainFrame::Page::Dashboard); }},
            {"columns", [frame] { frame->showPage(MainFrame::Page::Register); frame->deviceList()->chooseColumns(); }},
            {"overdue", [frame] { frame->openReport("overdue", _("Overdue returns")); }},
            {"leavers", [frame] { frame->openReport("leavers", _("Leavers holding devices")); }},
            {"import-devices", [frame] { frame->ProcessCommand(gui::main_frame_ids::ID_IMPORT_DEVICES); }},
            {"import-people", [frame] { frame->ProcessCommand(gui::main_frame_ids::ID_IMPORT_PEOPLE); }},
            {"issue", [frame] { frame->open(D::Issue); }},
            {"return", [frame] { frame->open(D::Return); }},
            {"swap", [frame] { frame->open(D::Swap); }},
            {"lost", [frame] { frame->open(D::Lost); }},
            {"people", [frame] { frame->open(D::People); }},
            {"approvals", [frame] { frame->open(D::Approvals); }},
            {"commands", [frame] { frame->open(D::Commands); }},
            {"drift", [frame] { frame->open(D::Drift); }},
            {"sync", [frame] { frame->open(D::Sync); }},
            {"wipe", [frame] { frame->open(D::Wipe); }},
            {"receipt", [this, frame] { frame->desk()->openReceipt(receipt_.ToStdString(wxConvUTF8), std::nullopt); }},
        };
        auto it = actions.find(openAt_.Lower());
        if (it == actions.end()) {
            wxMessageBox(wxString::Format(_("--open %s: use desk, register, dashboard, columns, overdue, leavers, "
                                            "import-devices, import-people, issue, return, swap, lost, people, "
                                            "approvals, commands, drift, sync, wipe or receipt."),
                                          openAt_),
                         _("Quartermaster"), wxOK | wxICON_ERROR);
            return false;
        }
        if (!show_.empty() && openAt_.Lower() != "desk" && openAt_.Lower() != "people")
            frame->showPage(MainFrame::Page::Register);  // dialogs take the device on show
        // Poll briefly (never forever: a --show that finds nothing still opens the dialog).
        auto action = it->second;
        openTimer_ = std::make_unique<wxTimer>();
        // The window may be closed before the timer fires: a weak reference, not a raw pointer.
        wxWeakRef<MainFrame> weakFrame(frame);
        openTimer_->Bind(wxEVT_TIMER, [this, weakFrame, action](wxTimerEvent&) {
            MainFrame* frame = weakFrame.get();
            if (!frame) {
                openTimer_->Stop();
                return;
            }
            const bool ready = frame->desk()->presenter().pending() == 0 &&
                               (show_.empty() || !frame->details()->shownAssetTag().empty());
            if (!ready && ++openTicks_ < 100) return;
            openTimer_->Stop();
            frame->CallAfter(action);  // a modal dialog runs outside the timer's handler
        });
        openTimer_->Start(100);
        return true;
    }

    wxString db_, demoDir_, show_, scan_, openAt_, lang_, mdmSettings_, receipt_;
    std::unique_ptr<wxTimer> openTimer_;
    int openTicks_ = 0;
    bool demo_ = false;
    std::unique_ptr<services::Demo> demoEnv_;
};

}  // namespace qm::gui

wxIMPLEMENT_APP_NO_MAIN(qm::gui::App);

// --version answers before wxWidgets starts GTK, so it works without a display (a packaged
// install checked over ssh, a script).
int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "--version") {
            std::printf("quartermaster (Quartermaster) %s\n", QM_VERSION);
            return 0;
        }
    return wxEntry(argc, argv);
}
