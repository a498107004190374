#include "gui/register/device_detail_panel.hpp"

#include <wx/intl.h>

#include <algorithm>
#include <wx/sizer.h>

namespace qm::gui {
namespace {

wxString u8(const std::string& s) { return wxString::FromUTF8(s); }

wxString money(const std::optional<long long>& pence) {
    if (!pence) return {};
    return wxString::Format(wxString::FromUTF8("\u00A3%lld.%02lld"), *pence / 100, *pence % 100);
}

}  // namespace

DeviceDetailPanel::DeviceDetailPanel(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetName(_("Device details"));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    heading_ = new wxStaticText(this, wxID_ANY, _("No device selected"));
    heading_->SetFont(heading_->GetFont().Scaled(1.4f).Bold());
    subheading_ = new wxStaticText(this, wxID_ANY, wxEmptyString);
    fields_ = new wxListView(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    fields_->SetName(_("Device fields"));
    fields_->AppendColumn(_("Field"), wxLIST_FORMAT_LEFT, FromDIP(120));
    fields_->AppendColumn(_("Value"), wxLIST_FORMAT_LEFT, FromDIP(260));
    sizer->Add(heading_, 0, wxLEFT | wxRIGHT | wxTOP | wxEXPAND, FromDIP(8));
    sizer->Add(subheading_, 0, wxALL | wxEXPAND, FromDIP(8));
    sizer->Add(fields_, 1, wxLEFT | wxRIGHT | wxBOTTOM | wxEXPAND, FromDIP(8));
    SetSizer(sizer);
}

void DeviceDetailPanel::showDevice(const Device& d) {
    assetTag_ = u8(d.assetTag);
    heading_->SetLabel(d.legalHold ? assetTag_ + _("  [LEGAL HOLD]") : assetTag_);
    subheading_->SetLabel(u8(d.makeAndModel()) + wxString::FromUTF8(" \u2014 ") +
                          wxGetTranslation(u8(std::string(statusLabel(d.status)))));
    subheading_->Wrap(std::max(FromDIP(200), GetClientSize().x - FromDIP(16)));
    const std::pair<wxString, wxString> rows[] = {
        {_("Asset tag"), u8(d.assetTag)},
        {_("Status"), wxGetTranslation(u8(std::string(statusLabel(d.status))))},
        {_("Legal hold"), d.legalHold ? _("Yes: ") + u8(d.holdReason) : _("No")},
        {_("Model"), u8(d.makeAndModel())},
        {_("Kind"), u8(d.kind)},
        {_("Serial"), u8(d.serial)},
        {_("IMEI"), u8(d.imei)},
        {_("Second IMEI"), u8(d.imei2)},
        {_("Phone"), u8(d.phone)},
        {_("MDM id"), u8(d.mdmId)},
        {_("Condition"), u8(d.condition)},
        {_("Unit"), u8(d.unit)},
        {_("Purchased"), u8(d.purchasedOn)},
        {_("Warranty until"), u8(d.warrantyUntil)},
        {_("Cost"), money(d.costPence)},
        {_("Notes"), u8(d.notes)},
        {_("Last changed"), u8(d.updatedAt)},
    };
    fields_->Freeze();
    fields_->DeleteAllItems();
    long i = 0;
    for (const auto& [label, value] : rows) {
        fields_->InsertItem(i, label);
        fields_->SetItem(i, 1, value);
        ++i;
    }
    fields_->Thaw();
    Layout();
}

void DeviceDetailPanel::showMessage(const wxString& message) {
    assetTag_.clear();
    heading_->SetLabel(_("No device shown"));
    subheading_->SetLabel(message);
    subheading_->Wrap(std::max(FromDIP(200), GetClientSize().x - FromDIP(16)));
    fields_->DeleteAllItems();
    Layout();
}

wxString DeviceDetailPanel::fieldValue(const wxString& label) const {
    for (long i = 0; i < fields_->GetItemCount(); ++i)
        if (fields_->GetItemText(i, 0) == label) return fields_->GetItemText(i, 1);
    return {};
}

}  // namespace qm::gui
