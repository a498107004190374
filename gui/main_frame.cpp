#include "gui/main_frame.hpp"

#include "gui/accessibility.hpp"
#include "gui/main_frame_ids.hpp"
#include "gui/custody/custody_text.hpp"
#include "gui/mdm/command_list.hpp"
#include "gui/mdm/mdm_panel.hpp"
#include "gui/wx_ui_port.hpp"
#include "services/mdm/worker.hpp"  // the MDM worker is destroyed here

#include <wx/aboutdlg.h>
#include <wx/artprov.h>
#include <wx/menu.h>
#include <wx/notebook.h>
#include <wx/numformatter.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/statusbr.h>
#include <wx/toolbar.h>

#include <algorithm>
#include <vector>

namespace qm::gui {
namespace {

using namespace main_frame_ids;

// Items for work that later releases add: shown so the desk learns where things will be,
// disabled so nobody mistakes them for working.
void later(wxMenu* menu, int id, const wxString& text) {
    menu->Append(id, text, _("Not available in this release yet."));
    menu->Enable(id, false);
}

}  // namespace

services::UiPort& uiPort() {
    static WxUiPort port;
    return port;
}

MainFrame::MainFrame(const std::string& conninfo, const services::mdm::SettingsOverrides& mdm)
    : wxFrame(nullptr, wxID_ANY, _("Quartermaster \u2014 device register"), wxDefaultPosition, wxSize(1280, 800)),
      conninfo_(conninfo) {
    SetName(_("Quartermaster"));
    worker_ = std::make_unique<services::Background>(conninfo, uiPort());
    // A small local file and the environment, read once: no database or network here. The MDM
    // worker itself starts when the login turns out to be an agent or above (onConnection).
    try {
        mdmSettings_ = services::mdm::loadSettings(mdm);
    } catch (const Error& e) {
        mdmProblem_ = wxString::Format(_("MDM settings: %s"), wxString::FromUTF8(e.what()));
    }
    buildMenus();
    buildToolBar();
    CreateStatusBar(3);
    int widths[] = {-2, -1, -3};
    GetStatusBar()->SetStatusWidths(3, widths);
    status(_("Connecting\u2026"), StatusConnection);
    if (!mdmProblem_.empty()) status(mdmProblem_, StatusMessage);

    splitter_ = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE | wxSP_3D);
    auto* splitter = splitter_;
    notebook_ = new wxNotebook(splitter, wxID_ANY);
    a11y::setName(notebook_, _("Views"));
    desk_ = new DeskPanel(notebook_, *worker_);
    register_ = new RegisterPanel(notebook_, *worker_);
    find_ = register_->searchBox();
    list_ = register_->list();
    notebook_->AddPage(desk_, _("Desk"), true);
    notebook_->AddPage(register_, _("Register"));
    dashboard_ = new DashboardPanel(notebook_, conninfo_);
    notebook_->AddPage(dashboard_, _("Dashboard"));
    dashboard_->onSearch([this](const std::string& search) {
        showPage(Page::Register);
        register_->runSearch(wxString::FromUTF8(search));
    });
    details_ = new DeviceDetailPanel(splitter, *worker_);
    splitter->SetMinimumPaneSize(FromDIP(200));
    splitter->SetSashGravity(1.0);
    splitter->SplitVertically(notebook_, details_, -FromDIP(640));
    // The frame is sized (maximised by the window manager) after this; until the user moves
    // the divider, keep the details at their width instead of at what was left of a small
    // first window.
    splitter->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        if (!dividerMoved_)
            CallAfter([this] {
                const int width = splitter_->GetClientSize().x;
                if (!dividerMoved_ && width > 0)
                    splitter_->SetSashPosition(width - std::min(FromDIP(640), width * 9 / 20));
            });
    });
    splitter->Bind(wxEVT_SPLITTER_SASH_POS_CHANGING, [this](wxSplitterEvent& e) {  // a drag, not a resize
        dividerMoved_ = true;
        e.Skip();
    });

    std::weak_ptr<int> alive = alive_;
    worker_->onConnectionChange([this, alive](const services::ConnectionState& state) {
        if (!alive.expired()) onConnection(state);
    });
    reconnect_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { probeConnection(); });

    DeviceListPresenter::Listener listener;
    listener.countChanged = [this, alive](long long count) {
        if (alive.expired()) return;
        list_->showCount(count);
        if (!presenter_->search()) showStatusCount(count);  // a search's count comes with its first page
    };
    listener.rowsArrived = [this, alive](long long first, long long last) {
        if (!alive.expired()) list_->showRows(first, last);
    };
    listener.failed = [this, alive](const std::string& sentence) {
        if (!alive.expired()) status(wxString::FromUTF8(sentence), StatusMessage);
    };
    listener.searched = [this, alive](const services::SearchPage& first) {
        if (alive.expired()) return;
        register_->searchArrived(first);
        const wxString n = wxNumberFormatter::ToString(static_cast<long>(first.count.rows),
                                                       wxNumberFormatter::Style_WithThousandsSep);
        status(first.count.moreThan    ? wxString::Format(_("more than %s match"), n)
               : first.count.estimated ? wxString::Format(_("about %s match"), n)
                                       : wxString::Format(wxPLURAL("%s match", "%s match", first.count.rows), n),
               StatusCount);
    };
    presenter_ = DeviceListPresenter::create(*worker_, std::move(listener));
    register_->setPresenter(presenter_);
    register_->onScanned([this](const std::string& tag) { showDevice(tag, false); });
    register_->onStatus([this](const wxString& text) { status(text, StatusMessage); });
    list_->showOrder(presenter_->order());

    desk_->onDeviceShown([this](const DeviceCustody& d) {
        details_->showDevice(d.device);
        details_->showCustody(d.holder, d.events);
    });
    // A request from the MDM group added a line to the device's timeline.
    details_->mdm()->onChanged([this](const std::string& tag) { showDevice(tag, true); });
    desk_->onHandOver([this](const CustodyDialog::Outcome& o) {
        status(o.summary, StatusMessage);
        if (!o.devices.empty()) showDevice(o.devices.back(), true);
        if (page() == Page::Register) presenter_->refresh();
        else registerStale_ = true;
    });
    notebook_->Bind(wxEVT_NOTEBOOK_PAGE_CHANGED, [this](wxBookCtrlEvent& e) {
        if (page() == Page::Register && registerStale_) {
            registerStale_ = false;
            presenter_->refresh();
        }
        if (page() == Page::Dashboard && !dashboard_->loaded()) dashboard_->refresh();
        e.Skip();
    });
    list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) { onSelect(e.GetIndex()); });

    // Shortcuts that must work wherever the focus is: a list would take Ctrl+I as Tab.
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
        if (e.GetModifiers() == wxMOD_CONTROL) {
            static const std::pair<int, int> keys[] = {{'I', ID_ISSUE}, {'R', ID_RETURN},      {'W', ID_SWAP},
                                                       {'L', ID_LOST},  {'P', ID_FIND_PERSON}, {'F', ID_FIND},
                                                       {'E', ID_EXPORT}};
            for (const auto& [key, id] : keys)
                if (e.GetKeyCode() == key && GetMenuBar()->IsEnabled(id)) {
                    ProcessCommand(id);
                    return;
                }
        }
        e.Skip();
    });

    presenter_->refresh();
    desk_->scanBox()->SetFocus();
}

MainFrame::~MainFrame() {
    alive_.reset();
    ImportDialog::stopRunning();
    reconnect_.Stop();
    register_->setPresenter(nullptr);
    presenter_.reset();
    details_->mdm()->setDispatcher(nullptr);
    dispatcher_.reset();  // finishes the command in hand and joins, before the windows go
    worker_.reset();      // joins the worker before the windows go
}

void MainFrame::buildMenus() {
    auto* bar = new wxMenuBar;
    auto* desk = new wxMenu;
    desk->Append(ID_DESK, _("Scan at the &desk\tCtrl+1"), _("The Desk view: scan warrant cards and devices"));
    desk->Append(ID_REGISTER, _("Re&gister list\tCtrl+2"), _("The whole register, sortable"));
    desk->Append(ID_DASHBOARD, _("Das&hboard\tCtrl+3"), _("The fleet in charts; click a bar to list its devices"));
    desk->AppendSeparator();
    desk->Append(ID_ISSUE, _("&Issue device\u2026\tCtrl+I"), _("Hand a device to an officer"));
    desk->Append(ID_RETURN, _("&Return device\u2026\tCtrl+R"), _("Take a device back"));
    desk->Append(ID_SWAP, _("S&wap device\u2026\tCtrl+W"), _("Swap a faulty device for a working one"));
    desk->Append(ID_LOST, _("Report &lost or stolen\u2026\tCtrl+L"), _("Close its custody and queue a remote lock"));
    desk->AppendSeparator();
    desk->Append(wxID_EXIT, _("&Quit\tCtrl+Q"));
    bar->Append(desk, _("&Desk"));

    auto* devices = new wxMenu;
    devices->Append(ID_FIND, _("Searc&h the register\u2026\tCtrl+F"),
                    _("Search, or scan an asset tag, serial or IMEI"));
    devices->Append(ID_REFRESH, _("&Refresh\tF5"), _("Count the register again and reload the list"));
    devices->Append(ID_SAVE_SEARCH, _("Sa&ve search\u2026"), _("Keep this search by name, for you or every desk"));
    devices->Append(ID_EXPORT, _("&Export list\u2026\tCtrl+E"), _("Write the devices the list shows to CSV or JSON"));
    devices->Append(ID_COLUMNS, _("C&olumns\u2026"), _("Choose the list's columns"));
    devices->AppendSeparator();
    devices->AppendRadioItem(ID_SORT_TAG, _("Sort by &asset tag"));
    devices->AppendRadioItem(ID_SORT_IMEI, _("Sort by &IMEI"));
    devices->AppendRadioItem(ID_SORT_SERIAL, _("Sort by &serial"));
    devices->AppendRadioItem(ID_SORT_STATUS, _("Sort by s&tatus"));
    devices->AppendSeparator();
    later(devices, ID_ADD_DEVICE, _("A&dd device\u2026"));  // Alt+A sorts by asset tag
    devices->Append(ID_IMPORT_DEVICES, _("I&mport devices\u2026"),
                    _("From a CSV: the register's columns, a Snipe-IT export or an Intune export (managers)"));
    bar->Append(devices, _("De&vices"));

    auto* people = new wxMenu;
    people->Append(ID_FIND_PERSON, _("&Find person\u2026\tCtrl+P"), _("What a person holds and has held"));
    people->Append(ID_IMPORT_PEOPLE, _("&Import people\u2026"), _("From a CSV or the HR feed (managers)"));
    bar->Append(people, _("&People"));

    auto* commands = new wxMenu;
    auto* reports = new wxMenu;
    buildMdmMenus(commands, reports);
    bar->Append(commands, _("&Commands"));
    reports->Append(ID_REPORT_FLEET, _("&Dashboard\u2026"), _("The fleet in charts (Ctrl+3)"));
    reports->Append(ID_REPORT_OVERDUE, _("&Overdue returns\u2026"), _("Devices held longer than the refresh cycle"));
    reports->Append(ID_REPORT_LEAVERS, _("&Leavers holding devices\u2026"), _("People who have left and still hold a device"));
    reports->Append(ID_REPORT_WARRANTY, _("&Warranty ending\u2026"), _("Warranties ending within 90 days"));
    reports->Append(ID_REPORT_POLICY, _("Over the device &policy\u2026"), _("People holding more than one device of a kind"));
    bar->Append(reports, _("&Reports"));

    // The toolbar and the divider between list and details, from the keyboard.
    auto* view = new wxMenu;
    view->Append(ID_NEXT_PANE, _("&Next pane\tF6"), _("Move between the toolbar, the view and the device details"));
    view->Append(ID_PREVIOUS_PANE, _("&Previous pane\tShift+F6"));
    view->AppendSeparator();
    // F8 moves a divider in GTK's own split views too.
    view->Append(ID_WIDER_DETAILS, _("&Wider details\tF8"), _("Move the divider to the left"));
    view->Append(ID_NARROWER_DETAILS, _("N&arrower details\tShift+F8"), _("Move the divider to the right"));
    bar->Append(view, _("Vie&w"));

    auto* help = new wxMenu;
    help->Append(wxID_ABOUT, _("&About Quartermaster"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);

    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { showPage(Page::Desk); }, ID_DESK);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { showPage(Page::Register); }, ID_REGISTER);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { showPage(Page::Dashboard); }, ID_DASHBOARD);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { showPage(Page::Dashboard); }, ID_REPORT_FLEET);
    const std::pair<int, const char*> tables[] = {{ID_REPORT_OVERDUE, "overdue"}, {ID_REPORT_LEAVERS, "leavers"},
                                                  {ID_REPORT_WARRANTY, "warranty"}, {ID_REPORT_POLICY, "over-policy"}};
    for (const auto& [id, name] : tables)
        Bind(wxEVT_MENU, [this, name = std::string(name)](wxCommandEvent& e) {
            wxString title = GetMenuBar()->GetLabel(e.GetId());
            title.Replace(wxString::FromUTF8("\u2026"), "");
            openReport(name, title);
        }, id);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open(Dialog::Issue); }, ID_ISSUE);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open(Dialog::Return); }, ID_RETURN);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open(Dialog::Swap); }, ID_SWAP);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open(Dialog::Lost); }, ID_LOST);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open(Dialog::People); }, ID_FIND_PERSON);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        showPage(Page::Register);
        find_->SetFocus();
        find_->SelectAll();
    }, ID_FIND);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { presenter_->refresh(); }, ID_REFRESH);
    auto importing = [this](ImportDialog::What what) {
        std::weak_ptr<int> alive = alive_;
        ImportDialog::run(this, conninfo_, what, [this, alive](const wxString& sentence) {
            if (alive.expired()) return;
            status(sentence, StatusMessage);
            presenter_->refresh();
            register_->reload();  // new models and units for completion
        });
    };
    Bind(wxEVT_MENU, [importing](wxCommandEvent&) { importing(ImportDialog::What::Devices); }, ID_IMPORT_DEVICES);
    Bind(wxEVT_MENU, [importing](wxCommandEvent&) { importing(ImportDialog::What::People); }, ID_IMPORT_PEOPLE);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        showPage(Page::Register);
        register_->saveSearch();
    }, ID_SAVE_SEARCH);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        showPage(Page::Register);
        register_->exportResults(conninfo_);
    }, ID_EXPORT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        showPage(Page::Register);
        list_->chooseColumns();
    }, ID_COLUMNS);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { focusPane(+1); }, ID_NEXT_PANE);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { focusPane(-1); }, ID_PREVIOUS_PANE);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { moveDivider(-FromDIP(40)); }, ID_WIDER_DETAILS);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { moveDivider(+FromDIP(40)); }, ID_NARROWER_DETAILS);
    auto sortBy = [this](services::DeviceOrder order) {
        presenter_->setOrder(order);
        list_->showOrder(order);
    };
    Bind(wxEVT_MENU, [sortBy](wxCommandEvent&) { sortBy(services::DeviceOrder::AssetTag); }, ID_SORT_TAG);
    Bind(wxEVT_MENU, [sortBy](wxCommandEvent&) { sortBy(services::DeviceOrder::Imei); }, ID_SORT_IMEI);
    Bind(wxEVT_MENU, [sortBy](wxCommandEvent&) { sortBy(services::DeviceOrder::Serial); }, ID_SORT_SERIAL);
    Bind(wxEVT_MENU, [sortBy](wxCommandEvent&) { sortBy(services::DeviceOrder::Status); }, ID_SORT_STATUS);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        wxAboutDialogInfo info;
        info.SetName("Quartermaster");
        info.SetVersion(QM_VERSION);
        info.SetDescription(_("Device register and custody desk for a police force's mobile fleet."));
        wxAboutBox(info, this);
    }, wxID_ABOUT);
}

void MainFrame::buildToolBar() {
    auto* tools = CreateToolBar(wxTB_HORIZONTAL | wxTB_TEXT | wxTB_HORZ_LAYOUT);
    tools->SetName(_("Desk toolbar"));
    const wxSize size = FromDIP(wxSize(16, 16));
    auto art = [size](const wxArtID& id) { return wxArtProvider::GetBitmapBundle(id, wxART_TOOLBAR, size); };
    tools->AddTool(ID_DESK, _("Desk"), art(wxART_GO_HOME), _("Scan at the desk (Ctrl+1)"));
    tools->AddTool(ID_FIND, _("Find"), art(wxART_FIND), _("Find a device (Ctrl+F)"));
    tools->AddTool(ID_REFRESH, _("Refresh"), art(wxART_REFRESH), _("Reload the register (F5)"));
    tools->AddSeparator();
    tools->AddTool(ID_ISSUE, _("Issue"), art(wxART_GO_FORWARD), _("Issue a device to an officer (Ctrl+I)"));
    tools->AddTool(ID_RETURN, _("Return"), art(wxART_GO_BACK), _("Take a device back (Ctrl+R)"));
    tools->AddTool(ID_SWAP, _("Swap"), art(wxART_REDO), _("Swap a faulty device for a working one (Ctrl+W)"));
    tools->AddTool(ID_LOST, _("Lost"), art(wxART_WARNING), _("Report a device lost or stolen (Ctrl+L)"));
    tools->AddSeparator();
    tools->AddTool(ID_FIND_PERSON, _("People"), art(wxART_INFORMATION), _("What a person holds and has held (Ctrl+P)"));
    tools->Realize();
    a11y::makeToolbarReachable(tools);
}

void MainFrame::focusPane(int step) {
    // The panes in reading order. The Desk view is one pane (arriving there puts the cursor in
    // the scan box); on the Register page the find box and the list are two.
    std::vector<wxWindow*> panes;
    wxToolBar* tools = GetToolBar();
    if (tools) panes.push_back(tools);
    if (page() == Page::Desk) panes.push_back(desk_);
    else if (page() == Page::Dashboard) panes.push_back(dashboard_);
    else {
        panes.push_back(find_);
        panes.push_back(list_);
    }
    panes.push_back(details_->fields());
    panes.push_back(details_->mdm()->commands());
    panes.push_back(details_->timeline());
    int current = -1;
    if (tools && a11y::toolbarHasFocus(tools)) current = 0;  // its buttons are not wx windows
    for (wxWindow* w = FindFocus(); w && current < 0; w = w->GetParent())
        for (size_t i = 0; i < panes.size(); ++i)
            if (panes[i] == w) current = static_cast<int>(i);
    const int n = static_cast<int>(panes.size());
    const int next = current < 0 ? 0 : ((current + step) % n + n) % n;
    if (panes[next] == tools) a11y::focusToolbar(tools);
    else if (panes[next] == desk_) desk_->scanBox()->SetFocus();
    else panes[next]->SetFocus();
}

void MainFrame::moveDivider(int by) {
    dividerMoved_ = true;
    const int width = splitter_->GetClientSize().x;
    if (width < FromDIP(400)) return;  // no room for either pane to grow
    splitter_->SetSashPosition(std::clamp(splitter_->GetSashPosition() + by, FromDIP(200), width - FromDIP(200)));
    status(wxString::Format(_("Device details are %d pixels wide."), width - splitter_->GetSashPosition()),
           StatusMessage);
}

void MainFrame::status(const wxString& text, int field) {
    SetStatusText(text, field);
    // Read by a screen reader as one line: login · device count · last message.
    wxString all;
    for (int i = 0; i < GetStatusBar()->GetFieldsCount(); ++i) {
        const wxString part = GetStatusBar()->GetStatusText(i);
        if (!part.empty()) all += (all.empty() ? "" : wxString::FromUTF8(" \u00B7 ")) + part;
    }
    a11y::markAsStatusBar(GetStatusBar(), all);
}

MainFrame::Page MainFrame::page() const {
    switch (notebook_->GetSelection()) {
    case 1: return Page::Register;
    case 2: return Page::Dashboard;
    default: return Page::Desk;
    }
}

void MainFrame::showPage(Page page) {
    notebook_->SetSelection(page == Page::Register ? 1 : page == Page::Dashboard ? 2 : 0);
    if (page == Page::Desk) desk_->scanBox()->SetFocus();
    else if (page == Page::Dashboard) {
        if (!dashboard_->loaded()) dashboard_->refresh();
        dashboard_->charts().front()->SetFocus();
    } else list_->SetFocus();
}

wxString MainFrame::deviceOnShow() const {
    // At the desk, the last scan; in the register, the device in the detail pane.
    return page() == Page::Desk ? desk_->currentDevice() : details_->shownAssetTag();
}

void MainFrame::open(Dialog dialog) {
    // From the desk the receipt lands on the desk; elsewhere the dialog shows it itself.
    const bool atDesk = page() == Page::Desk;
    const wxString device = deviceOnShow();
    switch (dialog) {
    case Dialog::Issue: desk_->openIssue(device, desk_->officerStaffNo(), atDesk); break;
    case Dialog::Return: desk_->openReturn(device, atDesk); break;
    case Dialog::Swap: desk_->openSwap(device, atDesk); break;
    case Dialog::Lost: desk_->openLost(device, atDesk); break;
    case Dialog::People: desk_->openPeople(desk_->officerStaffNo()); break;
    case Dialog::Wipe: details_->mdm()->openWipe(); break;
    case Dialog::Sync: openSync(); break;
    case Dialog::Approvals:
    case Dialog::Commands:
    case Dialog::Drift: openMdmView(dialog); break;
    }
}

void MainFrame::applyRole(services::DeskRole role) {
    role_ = role;
    const bool handOvers = role >= services::DeskRole::Agent;
    for (int id : {ID_ISSUE, ID_RETURN, ID_SWAP, ID_LOST}) {
        GetMenuBar()->Enable(id, handOvers);
        if (wxToolBar* tools = GetToolBar()) tools->EnableTool(id, handOvers);
    }
    desk_->allowHandOvers(handOvers);
    for (int id : {ID_IMPORT_DEVICES, ID_IMPORT_PEOPLE}) GetMenuBar()->Enable(id, role >= services::DeskRole::Manager);
    applyMdmRole(role);
}

void MainFrame::onConnection(const services::ConnectionState& state) {
    const bool connected = state.connected;
    const std::string& text = state.text;
    if (connected) {
        if (!signedIn_) {
            signedIn_ = true;
            register_->reload();  // saved searches and completion values
        }
        applyRole(state.role);
        status(u8(text), StatusConnection);
        reconnect_.Stop();
        probing_ = false;
        if (connectionLost_) {
            connectionLost_ = false;
            status(_("Connection is back."), StatusMessage);
            // Pages that failed while it was down are asked for again as the list repaints.
            if (presenter_->rowCount() == 0) presenter_->refresh();
            else list_->Refresh();
        }
        return;
    }
    connectionLost_ = true;
    status(wxString::Format(_("Connection lost. Reconnecting\u2026 %s"), u8(text)), StatusConnection);
    if (!reconnect_.IsRunning()) reconnect_.Start(kReconnectMs);
}

void MainFrame::probeConnection() {
    if (probing_) return;  // one probe at a time, however slow the server is to refuse
    probing_ = true;
    std::weak_ptr<int> alive = alive_;
    services::UiPort* ui = &uiPort();
    // An empty job: the worker opens a fresh session before running any job, which is the
    // whole probe; it announces the outcome through onConnectionChange.
    worker_->post(
        [this, alive, ui](services::Session&) {
            ui->callAfter([this, alive] {
                if (!alive.expired()) probing_ = false;
            });
        },
        [this, alive](const Error&) {
            if (!alive.expired()) probing_ = false;
        });
}

void MainFrame::showStatusCount(long long count) {
    status(wxString::Format(wxPLURAL("%s device", "%s devices", count),
                                   wxNumberFormatter::ToString(static_cast<long>(count), wxNumberFormatter::Style_WithThousandsSep)),
                  StatusCount);
}

void MainFrame::openReport(const std::string& name, const wxString& title) {
    auto* dialog = new ReportDialog(this, conninfo_, name, title);
    dialog->onSearch([this, dialog](const std::string& search) {
        dialog->Close();
        showPage(Page::Register);
        register_->runSearch(wxString::FromUTF8(search));
    });
    dialog->Bind(wxEVT_CLOSE_WINDOW, [dialog](wxCloseEvent&) { dialog->Destroy(); });
    dialog->Show();
}

void MainFrame::onSelect(long index) {
    const search::ResultRow* row = presenter_->row(index);
    if (!row) return;  // still loading; selecting again once it shows works
    findDevice(wxString::FromUTF8(row->assetTag));
}

void MainFrame::findDevice(const wxString& text) { showDevice(text.ToStdString(wxConvUTF8), false); }

void MainFrame::showDevice(const std::string& key, bool keepMessage) {
    std::weak_ptr<int> alive = alive_;
    worker_->post(
        [this, alive, key, keepMessage](services::Session& session) {
            DeviceCustody d = loadDeviceCustody(session, key);
            uiPort().callAfter([this, alive, d, keepMessage] {
                if (alive.expired()) return;
                details_->showDevice(d.device);
                details_->showCustody(d.holder, d.events);
                if (!keepMessage) status(wxEmptyString, StatusMessage);
            });
        },
        [this, alive](const Error& e) {
            if (alive.expired()) return;
            details_->showMessage(wxString::FromUTF8(e.what()));
            status(wxString::FromUTF8(e.what()), StatusMessage);
        });
}

}  // namespace qm::gui
