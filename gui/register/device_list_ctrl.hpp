// DeviceListCtrl — the register as a virtual wxListCtrl. It stores no rows: every cell is asked
// of the DeviceListPresenter as GTK paints it. (wxListCtrl rather than wxDataViewCtrl: on GTK a
// virtual wxDataViewCtrl walks every row on each reset — DESIGN.md §9 has the measurements.)
#pragma once

#include "gui/register/device_list_presenter.hpp"

#include <wx/listctrl.h>

#include <memory>

namespace qm::gui {

class DeviceListCtrl : public wxListCtrl {
public:
    enum Column { AssetTag, Model, Imei, Serial, Status, Unit, Holder, LastSeen, ColumnCount };

    DeviceListCtrl(wxWindow* parent, wxWindowID id);
    void setPresenter(std::shared_ptr<DeviceListPresenter> presenter) { presenter_ = std::move(presenter); }

    // The presenter's count changed / rows arrived: repaint only what is needed.
    void showCount(long long count);
    void showRows(long long first, long long last);
    // Marks the column header of the current sort.
    void showOrder(services::DeviceOrder order);

private:
    wxString OnGetItemText(long item, long column) const override;
    void onColumnClick(wxListEvent& event);

    std::shared_ptr<DeviceListPresenter> presenter_;
};

}  // namespace qm::gui
