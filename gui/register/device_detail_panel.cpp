#include "gui/register/device_detail_panel.hpp"

#include "gui/accessibility.hpp"
#include "gui/wrapped_text.hpp"

#include "model/money.hpp"

#include "gui/custody/custody_lists.hpp"
#include "gui/custody/custody_text.hpp"
#include "gui/mdm/mdm_panel.hpp"

#include <wx/intl.h>

#include <algorithm>
#include <wx/sizer.h>

namespace qm::gui {
namespace {

wxString money(const std::optional<long long>& pence) {
    return pence ? wxString::FromUTF8(formatPence(*pence)) : wxString();
}

}  // namespace

DeviceDetailPanel::DeviceDetailPanel(wxWindow* parent, services::Background& worker) : wxPanel(parent, wxID_ANY) {
    SetName(_("Device details"));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    // A hold is evidence: nobody may miss it, so it is a banner, not a field.
    holdPanel_ = new wxPanel(this);
    holdPanel_->SetBackgroundColour(wxColour(0xB0, 0x00, 0x20));  // white on this red: 7.3:1 in any theme
    a11y::setName(holdPanel_, _("Legal hold"));
    hold_ = new WrappedText(holdPanel_, this, FromDIP(32));
    hold_->SetName(_("Legal hold"));
    hold_->SetForegroundColour(*wxWHITE);
    hold_->SetFont(hold_->GetFont().Scaled(1.3f).Bold());
    auto* holdSizer = new wxBoxSizer(wxVERTICAL);
    holdSizer->Add(hold_, 0, wxEXPAND | wxALL, FromDIP(8));
    holdPanel_->SetSizer(holdSizer);
    holdPanel_->Hide();
    heading_ = new a11y::InfoText(this, wxID_ANY, _("No device selected"));
    heading_->SetFont(heading_->GetFont().Scaled(1.4f).Bold());
    subheading_ = new WrappedText(this, this, FromDIP(16));
    fields_ = new wxListView(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    fields_->AppendColumn(_("Field"), wxLIST_FORMAT_LEFT, FromDIP(120));
    fields_->AppendColumn(_("Value"), wxLIST_FORMAT_LEFT, FromDIP(260));
    a11y::exposeList(fields_, _("Device fields"));
    holder_ = new WrappedText(this, this, FromDIP(16));
    holder_->SetName(_("Holder"));
    holder_->SetFont(holder_->GetFont().Bold());
    mdm_ = new MdmPanel(this, this, worker);
    auto* timelineLabel = new wxStaticText(this, wxID_ANY, _("Custody timeline (newest first)"));
    timelineLabel->SetFont(timelineLabel->GetFont().Bold());
    timeline_ = new TimelineList(this, TimelineList::About::Device, _("Custody timeline"));
    sizer->Add(holdPanel_, 0, wxLEFT | wxRIGHT | wxTOP | wxEXPAND, FromDIP(8));
    sizer->Add(heading_, 0, wxLEFT | wxRIGHT | wxTOP | wxEXPAND, FromDIP(8));
    sizer->Add(subheading_, 0, wxALL | wxEXPAND, FromDIP(8));
    sizer->Add(holder_, 0, wxLEFT | wxRIGHT | wxBOTTOM | wxEXPAND, FromDIP(8));
    sizer->Add(fields_, 3, wxLEFT | wxRIGHT | wxBOTTOM | wxEXPAND, FromDIP(8));
    sizer->Add(mdm_, 0, wxLEFT | wxRIGHT | wxBOTTOM | wxEXPAND, FromDIP(8));  // its list holds a few rows
    sizer->Add(timelineLabel, 0, wxLEFT | wxRIGHT | wxEXPAND, FromDIP(8));
    sizer->Add(timeline_, 2, wxALL | wxEXPAND, FromDIP(8));
    SetSizer(sizer);
}

void DeviceDetailPanel::showDevice(const Device& d) {
    assetTag_ = u8(d.assetTag);
    heading_->SetLabelText(assetTag_);
    if (d.legalHold) {
        hold_->setText(wxString::Format(_("LEGAL HOLD: %s"), u8(d.holdReason)));
        hold_->SetToolTip(_("Under legal hold: it cannot be issued, wiped or retired until a manager releases it."));
    }
    holdPanel_->Show(d.legalHold);
    subheading_->setText(wxString::Format(_("%s \u2014 %s"), u8(d.makeAndModel()),
                                             wxGetTranslation(u8(std::string(statusLabel(d.status))))));
    const std::pair<wxString, wxString> rows[] = {
        {_("Asset tag"), u8(d.assetTag)},
        {_("Status"), wxGetTranslation(u8(std::string(statusLabel(d.status))))},
        {_("Legal hold"), d.legalHold ? _("Yes: ") + u8(d.holdReason) : _("No")},
        {_("Model"), u8(d.makeAndModel())},
        {_("Kind"), wxGetTranslation(u8(d.kind))},
        {_("Serial"), u8(d.serial)},
        {_("IMEI"), u8(d.imei)},
        {_("Second IMEI"), u8(d.imei2)},
        {_("Phone"), u8(d.phone)},
        {_("MDM id"), u8(d.mdmId)},
        {_("Condition"), d.condition.empty() ? wxString() : wxGetTranslation(u8(d.condition))},
        {_("Unit"), u8(d.unit)},
        {_("Purchased"), u8(d.purchasedOn)},
        {_("Warranty until"), u8(d.warrantyUntil)},
        {_("Cost"), money(d.costPence)},
        {_("Notes"), u8(d.notes)},
        {_("Last changed"), deskTime(d.updatedAt)},
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
    a11y::listChanged(fields_);
    mdm_->showDevice(d);
    Layout();
}

void DeviceDetailPanel::showCustody(const std::optional<CustodyRow>& holder,
                                    const std::vector<TimelineRow>& events) {
    holder_->setText(holder ? wxString::Format(_("Held by %s since %s (receipt %s)"), personLabel(*holder),
                                                  deskTime(holder->issuedAt), u8(holder->issueReceipt))
                               : _("Not held by anyone"));
    timeline_->show(events);
    Layout();
}

wxString DeviceDetailPanel::holdBanner() const {
    return holdPanel_->IsShown() ? hold_->text() : wxString();
}
wxString DeviceDetailPanel::holderText() const { return holder_->text(); }
wxListView* DeviceDetailPanel::timeline() const { return timeline_; }

void DeviceDetailPanel::showMessage(const wxString& message) {
    assetTag_.clear();
    holdPanel_->Hide();
    holder_->setText(wxEmptyString);
    timeline_->show({});
    heading_->SetLabelText(_("No device shown"));
    subheading_->setText(message);
    fields_->DeleteAllItems();
    mdm_->clear();
    Layout();
}

wxString DeviceDetailPanel::fieldValue(const wxString& label) const {
    for (long i = 0; i < fields_->GetItemCount(); ++i)
        if (fields_->GetItemText(i, 0) == label) return fields_->GetItemText(i, 1);
    return {};
}

}  // namespace qm::gui
