// MainFrame — the console's main window: menus and toolbar for the desk's work; on the left a
// notebook with the Desk view (scan-driven hand-overs, first) and the register list; on the
// right the shown device's details and custody timeline; a status bar with the connection and
// the row count. All database work goes through the frame's Background worker. While the
// connection is lost, a timer posts an empty job every few seconds, which makes the worker
// open a fresh session, so the console recovers by itself when the server is back.
#pragma once

#include "gui/custody/desk_panel.hpp"
#include "gui/mdm/approvals_dialog.hpp"
#include "gui/mdm/commands_dialog.hpp"
#include "gui/mdm/drift_dialog.hpp"
#include "gui/register/device_detail_panel.hpp"
#include "gui/register/device_list_ctrl.hpp"
#include "gui/register/device_list_presenter.hpp"
#include "gui/register/import_dialog.hpp"
#include "gui/register/register_panel.hpp"
#include "gui/reports/dashboard_panel.hpp"
#include "gui/reports/report_dialog.hpp"
#include "services/background.hpp"
#include "services/mdm/settings.hpp"

#include <wx/frame.h>
#include <wx/srchctrl.h>
#include <wx/timer.h>
#include <wx/weakref.h>

#include <memory>
#include <optional>
#include <string>

class wxMenu;
class wxNotebook;
class wxSplitterWindow;

namespace qm::services::mdm {
class MdmWorker;
}

namespace qm::gui {

class MainFrame : public wxFrame {
public:
    enum class Page { Desk, Register, Dashboard };
    enum class Dialog { Issue, Return, Swap, Lost, People, Approvals, Commands, Drift, Sync, Wipe };

    // mdm: where the MDM settings come from (--mdm-settings; else QM_MDM_SETTINGS, the per-user
    // file and the QM_MDM_* environment).
    explicit MainFrame(const std::string& conninfo, const services::mdm::SettingsOverrides& mdm = {});
    ~MainFrame() override;

    DeviceListCtrl* deviceList() const { return list_; }
    RegisterPanel* registerView() const { return register_; }
    // A report of services/reports in its own window (Reports menu).
    void openReport(const std::string& name, const wxString& title);
    DashboardPanel* dashboard() const { return dashboard_; }
    DeviceDetailPanel* details() const { return details_; }
    DeviceListPresenter& presenter() const { return *presenter_; }
    wxSearchCtrl* findBox() const { return find_; }
    DeskPanel* desk() const { return desk_; }
    // Looks a device up by what a scanner or person typed, and shows it with its custody.
    void findDevice(const wxString& text);
    void showPage(Page page);
    Page page() const;
    // Opens a dialog pre-filled with the device on show and the officer at the desk. The MDM
    // views (Approvals, Commands, Drift) are modeless: opening one again brings it forward.
    void open(Dialog dialog);
    // The console's MDM worker (null without MDM settings or below the agent role), and why
    // there is none when the settings could not be read ("" otherwise).
    services::mdm::MdmWorker* mdmWorker() const { return dispatcher_.get(); }
    wxString mdmProblem() const { return mdmProblem_; }
    // How often a lost connection is retried.
    static constexpr int kReconnectMs = 3000;

private:
    void buildMenus();
    void buildToolBar();
    void onSelect(long index);
    // keepMessage: leave the status bar's message (a hand-over's summary) in place.
    void showDevice(const std::string& key, bool keepMessage);
    void showStatusCount(long long count);
    void onConnection(const services::ConnectionState& state);
    // Enables what the login's role may do (hand-overs need an agent or above).
    void applyRole(services::DeskRole role);
    void probeConnection();
    wxString deviceOnShow() const;
    // F6 / Shift+F6: toolbar, the view, the device's fields, its timeline.
    void focusPane(int step);
    // F8 / Shift+F8: the divider between the view and the details, from the keyboard.
    void moveDivider(int by);
    // Sets a status bar field and keeps the bar's spoken name current.
    void status(const wxString& text, int field);

    // The MDM side (main_frame_mdm.cpp): its menu items, what the role allows, the MDM worker
    // (started once the login is known to be an agent or above), and its views.
    void buildMdmMenus(wxMenu* commands, wxMenu* reports);
    void applyMdmRole(services::DeskRole role);
    void startMdmWorker(services::DeskRole role);
    void openSync();
    void openMdmView(Dialog view);

    std::string conninfo_;
    std::unique_ptr<services::Background> worker_;
    std::optional<services::mdm::MdmSettings> mdmSettings_;
    wxString mdmProblem_;
    std::unique_ptr<services::mdm::MdmWorker> dispatcher_;
    services::DeskRole role_ = services::DeskRole::None;
    wxWeakRef<ApprovalsDialog> approvals_;
    wxWeakRef<CommandsDialog> commands_;
    wxWeakRef<DriftDialog> drift_;
    std::shared_ptr<DeviceListPresenter> presenter_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // weak handles test it in callbacks
    wxNotebook* notebook_ = nullptr;
    wxSplitterWindow* splitter_ = nullptr;
    DeskPanel* desk_ = nullptr;
    DeviceListCtrl* list_ = nullptr;
    DeviceDetailPanel* details_ = nullptr;
    wxSearchCtrl* find_ = nullptr;  // the Register view's search bar
    RegisterPanel* register_ = nullptr;
    DashboardPanel* dashboard_ = nullptr;
    bool signedIn_ = false;
    wxTimer reconnect_;  // no owner: it delivers to its own Bind()
    bool connectionLost_ = false;
    bool probing_ = false;
    bool registerStale_ = false;  // hand-overs since the list was loaded
    bool dividerMoved_ = false;   // by the user: stop placing it as the window is sized
};

// The UiPort the console uses everywhere (stateless; lives for the whole program).
services::UiPort& uiPort();

}  // namespace qm::gui
