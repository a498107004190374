#include "gui/custody/lost_dialog.hpp"

#include "gui/custody/custody_text.hpp"
#include "services/custody/custody.hpp"

#include <wx/button.h>
#include <wx/radiobox.h>
#include <wx/textctrl.h>

namespace qm::gui {

LostDialog::LostDialog(wxWindow* parent, services::Background& worker, const wxString& device)
    : CustodyDialog(parent, worker, _("Report lost or stolen"), _("Report lost or stolen"), _("&Report lost")) {
    device_ = addText(_("&Device:"), _("Device"), device, "device", _("Scan or type an asset tag, serial or IMEI"));
    watchDevice(device_, addPreview(_("Device found")), DeviceStatus::Issued);
    const wxString choices[] = {_("&Lost"), _("S&tolen")};
    what_ = new wxRadioBox(form(), wxID_ANY, _("What happened"), wxDefaultPosition, wxDefaultSize, 2, choices, 2,
                           wxRA_SPECIFY_COLS);
    what_->SetName(_("What happened"));
    addRow(wxEmptyString, what_, "stolen");
    what_->Bind(wxEVT_RADIOBOX, [this](wxCommandEvent&) {
        okButton()->SetLabel(stolen() ? _("&Report stolen") : _("&Report lost"));
        revalidate();
    });
    reference_ = addText(_("&Incident reference:"), _("Incident reference"), wxEmptyString, "reference",
                         _("Crime or incident reference, e.g. CAD 4711/14MAR"));
    finishLayout(device.empty() ? static_cast<wxWindow*>(device_) : static_cast<wxWindow*>(what_));
}

bool LostDialog::stolen() const { return what_->GetSelection() == 1; }

wxString LostDialog::problem() const {
    if (text(device_).empty()) return _("Scan or type the device that is lost or stolen.");
    if (text(reference_).size() > 100) return _("The incident reference is longer than 100 characters.");
    return {};
}

wxString LostDialog::readyText() const {
    return stolen() ? _("Its custody closes as stolen and a remote lock is queued for the MDM.")
                    : _("Its custody closes as lost and a remote lock is queued for the MDM.");
}

void LostDialog::send() {
    const std::string device = text(device_), reference = text(reference_);
    const bool isStolen = stolen();
    const std::optional<int> seen = seenVersion(device_);
    run<services::LostResult>(
        isStolen ? _("Reporting stolen\u2026") : _("Reporting lost\u2026"),
        [device, reference, isStolen, seen](services::Session& s) {
            return services::reportLost(s, device, isStolen, reference, seen);
        },
        [](const services::LostResult& r) {
            Outcome o;
            o.receipt = u8(r.receipt);
            o.summary = wxString::Format(_("%s is now %s; remote lock queued as command %lld."), u8(r.device.assetTag),
                                         statusText(r.device.status).Lower(), r.remoteLockCommand);
            o.devices = {r.device.assetTag};
            return o;
        });
}

}  // namespace qm::gui
