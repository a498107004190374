#include "gui/register/device_list_ctrl.hpp"

#include "gui/accessibility.hpp"

#include <wx/intl.h>

namespace qm::gui {
namespace {

struct ColumnInfo {
    const char* title;
    int width;
    std::optional<services::DeviceOrder> order;  // sortable when backed by an index
};

const ColumnInfo kColumns[] = {
    {"Asset tag", 120, services::DeviceOrder::AssetTag},
    {"Make / model", 200, std::nullopt},
    {"IMEI", 140, services::DeviceOrder::Imei},
    {"Serial", 130, services::DeviceOrder::Serial},
    {"Status", 100, services::DeviceOrder::Status},
    {"Unit", 180, std::nullopt},
    {"Holder", 200, std::nullopt},
    {"Last seen", 100, std::nullopt},  // filled in by MDM sync
};

}  // namespace

DeviceListCtrl::DeviceListCtrl(wxWindow* parent, wxWindowID id)
    : wxListCtrl(parent, id, wxDefaultPosition, wxDefaultSize,
                 wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL | wxLC_HRULES | wxLC_VRULES) {
    for (int c = 0; c < ColumnCount; ++c)
        AppendColumn(wxGetTranslation(kColumns[c].title), wxLIST_FORMAT_LEFT, FromDIP(kColumns[c].width));
    a11y::exposeList(this, _("Device register"));
    SetItemCount(0);
    Bind(wxEVT_LIST_COL_CLICK, &DeviceListCtrl::onColumnClick, this);
}

void DeviceListCtrl::showCount(long long count) {
    SetItemCount(static_cast<long>(count));
    Refresh();
    a11y::listChanged(this);
}

void DeviceListCtrl::showRows(long long first, long long last) {
    long top = GetTopItem();
    long bottom = top + GetCountPerPage() + 1;
    // Only repaint arrivals that are on screen; others are read when scrolled to.
    if (last < top || first > bottom) return;
    RefreshItems(static_cast<long>(std::max<long long>(first, top)),
                 static_cast<long>(std::min<long long>(last, std::min<long long>(bottom, GetItemCount() - 1))));
}

void DeviceListCtrl::showOrder(services::DeviceOrder order) {
    for (int c = 0; c < ColumnCount; ++c) {
        wxListItem item;
        item.SetMask(wxLIST_MASK_TEXT);
        wxString title = wxGetTranslation(kColumns[c].title);
        if (kColumns[c].order == order) title += wxString::FromUTF8(" \u25B2");
        item.SetText(title);
        SetColumn(c, item);
    }
}

wxString DeviceListCtrl::OnGetItemText(long item, long column) const {
    if (!presenter_) return {};
    const DeviceListRow* row = presenter_->row(item);
    if (!row) return column == AssetTag ? wxString::FromUTF8("\u2026") : wxString();
    switch (column) {
    case AssetTag: return wxString::FromUTF8(row->assetTag);
    case Model: return wxString::FromUTF8(row->makeAndModel);
    case Imei: return wxString::FromUTF8(row->imei);
    case Serial: return wxString::FromUTF8(row->serial);
    case Status: {
        wxString status = wxGetTranslation(wxString::FromUTF8(std::string(statusLabel(row->status))));
        return row->legalHold ? status + _(" (legal hold)") : status;
    }
    case Unit: return wxString::FromUTF8(row->unit);
    case Holder: return wxString::FromUTF8(row->holder);
    default: return {};
    }
}

void DeviceListCtrl::onColumnClick(wxListEvent& event) {
    int c = event.GetColumn();
    if (!presenter_ || c < 0 || c >= ColumnCount || !kColumns[c].order) return;  // not indexed: not sortable
    presenter_->setOrder(*kColumns[c].order);
    showOrder(*kColumns[c].order);
}

}  // namespace qm::gui
