#include "gui/main_frame.hpp"

#include "gui/wx_ui_port.hpp"
#include "services/register/register.hpp"

#include <wx/aboutdlg.h>
#include <wx/artprov.h>
#include <wx/menu.h>
#include <wx/numformatter.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/statusbr.h>
#include <wx/toolbar.h>

namespace qm::gui {
namespace {

enum MenuId {
    ID_ISSUE = wxID_HIGHEST + 1,
    ID_RETURN,
    ID_SWAP,
    ID_LOST,
    ID_FIND,
    ID_REFRESH,
    ID_SORT_TAG,
    ID_SORT_IMEI,
    ID_SORT_SERIAL,
    ID_SORT_STATUS,
    ID_IMPORT_DEVICES,
    ID_ADD_DEVICE,
    ID_FIND_PERSON,
    ID_IMPORT_PEOPLE,
    ID_WIPE_REQUESTS,
    ID_COMMAND_QUEUE,
    ID_REPORT_FLEET,
    ID_REPORT_OVERDUE,
};

enum StatusField { StatusConnection, StatusCount, StatusMessage };

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

MainFrame::MainFrame(const std::string& conninfo)
    : wxFrame(nullptr, wxID_ANY, _("Quartermaster \u2014 device register"), wxDefaultPosition, wxSize(1280, 800)) {
    SetName(_("Quartermaster"));
    buildMenus();
    buildToolBar();
    CreateStatusBar(3);
    int widths[] = {-2, -1, -3};
    GetStatusBar()->SetStatusWidths(3, widths);
    SetStatusText(_("Connecting\u2026"), StatusConnection);

    auto* splitter = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE | wxSP_3D);
    auto* left = new wxPanel(splitter);
    auto* leftSizer = new wxBoxSizer(wxVERTICAL);
    find_ = new wxSearchCtrl(left, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    find_->SetDescriptiveText(_("Scan or type an asset tag, serial or IMEI and press Enter"));
    find_->SetName(_("Find device"));
    find_->SetToolTip(_("Find a device by asset tag, serial, IMEI or MDM id (Ctrl+F)"));
    list_ = new DeviceListCtrl(left, wxID_ANY);
    leftSizer->Add(find_, 0, wxEXPAND | wxALL, FromDIP(6));
    leftSizer->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
    left->SetSizer(leftSizer);
    details_ = new DeviceDetailPanel(splitter);
    splitter->SetMinimumPaneSize(FromDIP(200));
    splitter->SetSashGravity(1.0);
    splitter->SplitVertically(left, details_, -FromDIP(420));

    worker_ = std::make_unique<services::Background>(conninfo, uiPort());
    std::weak_ptr<int> alive = alive_;
    worker_->onConnectionChange([this, alive](bool connected, const std::string& text) {
        if (alive.expired()) return;
        SetStatusText(connected ? wxString::FromUTF8(text) : _("Disconnected: ") + wxString::FromUTF8(text),
                      StatusConnection);
    });
    DeviceListPresenter::Listener listener;
    listener.countChanged = [this, alive](long long count) {
        if (alive.expired()) return;
        list_->showCount(count);
        showStatusCount(count);
    };
    listener.rowsArrived = [this, alive](long long first, long long last) {
        if (!alive.expired()) list_->showRows(first, last);
    };
    listener.failed = [this, alive](const std::string& sentence) {
        if (!alive.expired()) SetStatusText(wxString::FromUTF8(sentence), StatusMessage);
    };
    presenter_ = DeviceListPresenter::create(*worker_, std::move(listener));
    list_->setPresenter(presenter_);
    list_->showOrder(presenter_->order());

    list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) { onSelect(e.GetIndex()); });
    find_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { findDevice(find_->GetValue()); });
    find_->Bind(wxEVT_SEARCHCTRL_SEARCH_BTN, [this](wxCommandEvent&) { findDevice(find_->GetValue()); });

    presenter_->refresh();
    list_->SetFocus();
}

MainFrame::~MainFrame() {
    alive_.reset();
    list_->setPresenter(nullptr);
    presenter_.reset();
    worker_.reset();  // joins the worker before the windows go
}

void MainFrame::buildMenus() {
    auto* bar = new wxMenuBar;
    auto* desk = new wxMenu;
    later(desk, ID_ISSUE, _("&Issue device\u2026\tCtrl+I"));
    later(desk, ID_RETURN, _("&Return device\u2026\tCtrl+R"));
    later(desk, ID_SWAP, _("S&wap device\u2026\tCtrl+W"));
    later(desk, ID_LOST, _("Report &lost or stolen\u2026\tCtrl+L"));
    desk->AppendSeparator();
    desk->Append(wxID_EXIT, _("&Quit\tCtrl+Q"));
    bar->Append(desk, _("&Desk"));

    auto* devices = new wxMenu;
    devices->Append(ID_FIND, _("&Find device\u2026\tCtrl+F"), _("Find a device by asset tag, serial or IMEI"));
    devices->Append(ID_REFRESH, _("&Refresh\tF5"), _("Count the register again and reload the list"));
    devices->AppendSeparator();
    devices->AppendRadioItem(ID_SORT_TAG, _("Sort by &asset tag"));
    devices->AppendRadioItem(ID_SORT_IMEI, _("Sort by &IMEI"));
    devices->AppendRadioItem(ID_SORT_SERIAL, _("Sort by &serial"));
    devices->AppendRadioItem(ID_SORT_STATUS, _("Sort by s&tatus"));
    devices->AppendSeparator();
    later(devices, ID_ADD_DEVICE, _("&Add device\u2026"));
    later(devices, ID_IMPORT_DEVICES, _("I&mport devices\u2026"));
    bar->Append(devices, _("De&vices"));

    auto* people = new wxMenu;
    later(people, ID_FIND_PERSON, _("&Find person\u2026\tCtrl+P"));
    later(people, ID_IMPORT_PEOPLE, _("&Import people\u2026"));
    bar->Append(people, _("&People"));

    auto* commands = new wxMenu;
    later(commands, ID_WIPE_REQUESTS, _("&Wipe and retire requests\u2026"));
    later(commands, ID_COMMAND_QUEUE, _("&Command queue\u2026"));
    bar->Append(commands, _("&Commands"));

    auto* reports = new wxMenu;
    later(reports, ID_REPORT_FLEET, _("&Fleet summary"));
    later(reports, ID_REPORT_OVERDUE, _("&Overdue returns"));
    bar->Append(reports, _("&Reports"));

    auto* help = new wxMenu;
    help->Append(wxID_ABOUT, _("&About Quartermaster"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);

    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        find_->SetFocus();
        find_->SelectAll();
    }, ID_FIND);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { presenter_->refresh(); }, ID_REFRESH);
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
    tools->AddTool(ID_FIND, _("Find"), wxArtProvider::GetBitmapBundle(wxART_FIND, wxART_TOOLBAR, size),
                   _("Find a device (Ctrl+F)"));
    tools->AddTool(ID_REFRESH, _("Refresh"), wxArtProvider::GetBitmapBundle(wxART_REDO, wxART_TOOLBAR, size),
                   _("Reload the register (F5)"));
    tools->AddSeparator();
    tools->AddTool(ID_ISSUE, _("Issue"), wxArtProvider::GetBitmapBundle(wxART_GO_FORWARD, wxART_TOOLBAR, size),
                   _("Issue a device to an officer (Ctrl+I)"));
    tools->AddTool(ID_RETURN, _("Return"), wxArtProvider::GetBitmapBundle(wxART_GO_BACK, wxART_TOOLBAR, size),
                   _("Take a device back (Ctrl+R)"));
    tools->AddTool(ID_SWAP, _("Swap"), wxArtProvider::GetBitmapBundle(wxART_REDO, wxART_TOOLBAR, size),
                   _("Swap a faulty device for a working one (Ctrl+W)"));
    for (int id : {ID_ISSUE, ID_RETURN, ID_SWAP}) tools->EnableTool(id, false);
    tools->Realize();
}

void MainFrame::showStatusCount(long long count) {
    SetStatusText(wxString::Format(wxPLURAL("%s device", "%s devices", count),
                                   wxNumberFormatter::ToString(static_cast<long>(count), wxNumberFormatter::Style_WithThousandsSep)),
                  StatusCount);
}

void MainFrame::onSelect(long index) {
    const DeviceListRow* row = presenter_->row(index);
    if (!row) return;  // still loading; selecting again once it shows works
    findDevice(wxString::FromUTF8(row->assetTag));
}

void MainFrame::findDevice(const wxString& text) {
    std::string key = text.ToStdString(wxConvUTF8);
    std::weak_ptr<int> alive = alive_;
    worker_->post(
        [this, alive, key](services::Session& session) {
            Device device = services::showDevice(session, key);
            uiPort().callAfter([this, alive, device] {
                if (alive.expired()) return;
                details_->showDevice(device);
                SetStatusText(wxEmptyString, StatusMessage);
            });
        },
        [this, alive](const Error& e) {
            if (alive.expired()) return;
            details_->showMessage(wxString::FromUTF8(e.what()));
            SetStatusText(wxString::FromUTF8(e.what()), StatusMessage);
        });
}

}  // namespace qm::gui
