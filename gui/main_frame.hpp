// MainFrame — the console's main window: menus and toolbar for the desk's work, the register
// list (left), the selected device's details (right), and a status bar with the connection and
// the row count. All database work goes through the frame's Background worker.
#pragma once

#include "gui/register/device_detail_panel.hpp"
#include "gui/register/device_list_ctrl.hpp"
#include "gui/register/device_list_presenter.hpp"
#include "services/background.hpp"

#include <wx/frame.h>
#include <wx/srchctrl.h>

#include <memory>
#include <string>

namespace qm::gui {

class MainFrame : public wxFrame {
public:
    explicit MainFrame(const std::string& conninfo);
    ~MainFrame() override;

    DeviceListCtrl* deviceList() const { return list_; }
    DeviceDetailPanel* details() const { return details_; }
    DeviceListPresenter& presenter() const { return *presenter_; }
    wxSearchCtrl* findBox() const { return find_; }
    // Looks a device up by what a scanner or person typed, and shows it.
    void findDevice(const wxString& text);

private:
    void buildMenus();
    void buildToolBar();
    void onSelect(long index);
    void showStatusCount(long long count);

    std::unique_ptr<services::Background> worker_;
    std::shared_ptr<DeviceListPresenter> presenter_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // weak handles test it in callbacks
    DeviceListCtrl* list_ = nullptr;
    DeviceDetailPanel* details_ = nullptr;
    wxSearchCtrl* find_ = nullptr;
};

// The UiPort the console uses everywhere (stateless; lives for the whole program).
services::UiPort& uiPort();

}  // namespace qm::gui
