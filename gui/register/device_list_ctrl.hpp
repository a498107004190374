// DeviceListCtrl — the register as a virtual wxListCtrl. It stores no rows: every cell is asked
// of the DeviceListPresenter as GTK paints it. (wxListCtrl rather than wxDataViewCtrl: on GTK a
// virtual wxDataViewCtrl walks every row on each reset — DESIGN.md §9 has the measurements.)
// Which columns show is the user's choice (chooseColumns), kept between runs.
#pragma once

#include "gui/register/device_list_presenter.hpp"

#include <wx/listctrl.h>

#include <memory>
#include <vector>

namespace qm::gui {

class DeviceListCtrl : public wxListCtrl {
public:
    enum Column {
        AssetTag, Model, Imei, Serial, Status, Unit, Holder, LastSeen,
        Phone, Kind, Compliance, Os, Warranty, IssuedAt, ColumnCount
    };

    DeviceListCtrl(wxWindow* parent, wxWindowID id);
    void setPresenter(std::shared_ptr<DeviceListPresenter> presenter) { presenter_ = std::move(presenter); }

    // The presenter's count changed / rows arrived: repaint only what is needed.
    void showCount(long long count);
    void showRows(long long first, long long last);
    // Marks the column header of the current sort.
    void showOrder(services::DeviceOrder order);

    // The columns shown, in order; setColumns() rebuilds the headers and remembers the choice.
    const std::vector<Column>& columns() const { return shown_; }
    void setColumns(std::vector<Column> columns);
    // Column titles as the chooser lists them.
    static wxString title(Column column);
    // Opens the column chooser (also on a right click on the headers).
    void chooseColumns();

private:
    wxString OnGetItemText(long item, long column) const override;
    void onColumnClick(wxListEvent& event);
    void rebuildColumns();

    std::shared_ptr<DeviceListPresenter> presenter_;
    std::vector<Column> shown_;
    services::DeviceOrder order_ = services::DeviceOrder::AssetTag;
};

}  // namespace qm::gui
