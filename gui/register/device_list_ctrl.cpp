#include "gui/register/device_list_ctrl.hpp"

#include "gui/accessibility.hpp"

#include <wx/checkbox.h>
#include <wx/statbox.h>
#include <wx/config.h>
#include <wx/dialog.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/tokenzr.h>

namespace qm::gui {
namespace {

struct ColumnInfo {
    const char* key;    // kept in the settings
    const char* title;
    int width;
    std::optional<services::DeviceOrder> order;  // sortable when backed by an index
};

const ColumnInfo kColumns[] = {
    {"tag", wxTRANSLATE("Asset tag"), 120, services::DeviceOrder::AssetTag},
    {"model", wxTRANSLATE("Make / model"), 200, std::nullopt},
    {"imei", wxTRANSLATE("IMEI"), 140, services::DeviceOrder::Imei},
    {"serial", wxTRANSLATE("Serial"), 130, services::DeviceOrder::Serial},
    {"status", wxTRANSLATE("Status"), 100, services::DeviceOrder::Status},
    {"unit", wxTRANSLATE("Unit"), 180, std::nullopt},
    {"holder", wxTRANSLATE("Holder"), 200, std::nullopt},
    {"lastseen", wxTRANSLATE("Last check-in"), 150, std::nullopt},
    {"phone", wxTRANSLATE("Phone"), 130, std::nullopt},
    {"kind", wxTRANSLATE("Kind"), 70, std::nullopt},
    {"compliance", wxTRANSLATE("Compliance"), 110, std::nullopt},
    {"os", wxTRANSLATE("OS"), 90, std::nullopt},
    {"warranty", wxTRANSLATE("Warranty until"), 110, std::nullopt},
    {"issued", wxTRANSLATE("Issued at"), 150, std::nullopt},
};
static_assert(std::size(kColumns) == DeviceListCtrl::ColumnCount);

constexpr const char* kSetting = "Register/Columns";

}  // namespace

DeviceListCtrl::DeviceListCtrl(wxWindow* parent, wxWindowID id)
    : wxListCtrl(parent, id, wxDefaultPosition, wxDefaultSize,
                 wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL | wxLC_HRULES | wxLC_VRULES) {
    // The user's columns from last time, else the first eight.
    wxString saved;
    if (wxConfigBase* config = wxConfigBase::Get(false)) config->Read(kSetting, &saved);
    for (const wxString& key : wxStringTokenize(saved, ","))
        for (int c = 0; c < ColumnCount; ++c)
            if (key == kColumns[c].key) shown_.push_back(static_cast<Column>(c));
    if (shown_.empty())
        shown_ = {AssetTag, Model, Imei, Serial, Status, Unit, Holder, LastSeen};
    rebuildColumns();
    a11y::exposeList(this, _("Device register"));
    SetItemCount(0);
    Bind(wxEVT_LIST_COL_CLICK, &DeviceListCtrl::onColumnClick, this);
    Bind(wxEVT_LIST_COL_RIGHT_CLICK, [this](wxListEvent&) { chooseColumns(); });
}

wxString DeviceListCtrl::title(Column column) { return wxGetTranslation(kColumns[column].title); }

void DeviceListCtrl::rebuildColumns() {
    DeleteAllColumns();
    for (Column c : shown_) AppendColumn(title(c), wxLIST_FORMAT_LEFT, FromDIP(kColumns[c].width));
    showOrder(order_);
}

void DeviceListCtrl::setColumns(std::vector<Column> columns) {
    if (columns.empty()) columns.push_back(AssetTag);  // a list with no column shows nothing
    shown_ = std::move(columns);
    wxString keys;
    for (Column c : shown_) keys += (keys.empty() ? "" : ",") + wxString(kColumns[c].key);
    if (wxConfigBase* config = wxConfigBase::Get(false)) config->Write(kSetting, keys);
    rebuildColumns();
    Refresh();
    a11y::listChanged(this);
}

void DeviceListCtrl::chooseColumns() {
    // One check box per column: each is named and reached by Tab (a check list is a table with
    // no headers to a screen reader).
    wxDialog dialog(wxGetTopLevelParent(this), wxID_ANY, _("Columns"));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* box = new wxStaticBoxSizer(new a11y::GroupBox(&dialog, wxID_ANY, _("Columns to show")), wxVERTICAL);
    auto* grid = new wxGridSizer(2, FromDIP(4), FromDIP(16));
    std::vector<wxCheckBox*> checks;
    for (int c = 0; c < ColumnCount; ++c) {
        auto* check = new wxCheckBox(box->GetStaticBox(), wxID_ANY, title(static_cast<Column>(c)));
        check->SetValue(std::find(shown_.begin(), shown_.end(), static_cast<Column>(c)) != shown_.end());
        grid->Add(check);
        checks.push_back(check);
    }
    box->Add(grid, 0, wxALL, FromDIP(8));
    sizer->Add(box, 1, wxEXPAND | wxALL, FromDIP(10));
    sizer->Add(dialog.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(10));
    dialog.SetSizerAndFit(sizer);
    checks.front()->SetFocus();
    if (dialog.ShowModal() != wxID_OK) return;
    std::vector<Column> chosen;
    for (Column c : shown_)  // keep the order they were in, new ones after
        if (checks[static_cast<std::size_t>(c)]->GetValue()) chosen.push_back(c);
    for (int c = 0; c < ColumnCount; ++c)
        if (checks[static_cast<std::size_t>(c)]->GetValue() &&
            std::find(chosen.begin(), chosen.end(), static_cast<Column>(c)) == chosen.end())
            chosen.push_back(static_cast<Column>(c));
    setColumns(std::move(chosen));
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
    order_ = order;
    for (std::size_t i = 0; i < shown_.size(); ++i) {
        wxListItem item;
        item.SetMask(wxLIST_MASK_TEXT);
        wxString text = title(shown_[i]);
        if (kColumns[shown_[i]].order == order) text += wxString::FromUTF8(" \u25B2");
        item.SetText(text);
        SetColumn(static_cast<int>(i), item);
    }
}

wxString DeviceListCtrl::OnGetItemText(long item, long column) const {
    if (!presenter_ || column < 0 || column >= static_cast<long>(shown_.size())) return {};
    const search::ResultRow* row = presenter_->row(item);
    const Column c = shown_[static_cast<std::size_t>(column)];
    if (!row) return column == 0 ? wxString::FromUTF8("\u2026") : wxString();
    auto u8 = [](const std::string& s) { return wxString::FromUTF8(s); };
    switch (c) {
    case AssetTag: return u8(row->assetTag);
    case Model: return u8(row->makeAndModel);
    case Imei: return u8(row->imei);
    case Serial: return u8(row->serial);
    case Status: {
        wxString status = wxGetTranslation(u8(std::string(statusLabel(row->status))));
        return row->legalHold ? status + _(" (legal hold)") : status;
    }
    case Unit: return u8(row->unit);
    case Holder: return row->staffNo.empty() ? wxString() : u8(row->staffNo + " " + row->holder);
    case LastSeen: return u8(row->lastSeen);
    case Phone: return u8(row->phone);
    case Kind: return wxGetTranslation(u8(row->kind));
    case Compliance: return u8(row->compliance);
    case Os: return u8(row->os);
    case Warranty: return u8(row->warrantyUntil);
    case IssuedAt: return u8(row->issuedAt);
    case ColumnCount: break;
    }
    return {};
}

void DeviceListCtrl::onColumnClick(wxListEvent& event) {
    const int i = event.GetColumn();
    if (!presenter_ || i < 0 || i >= static_cast<int>(shown_.size())) return;
    const auto& info = kColumns[shown_[static_cast<std::size_t>(i)]];
    if (!info.order) return;  // not indexed: not sortable
    presenter_->setOrder(*info.order);
    showOrder(*info.order);
}

}  // namespace qm::gui
