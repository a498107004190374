#include "gui/custody/swap_dialog.hpp"

#include "gui/custody/custody_text.hpp"
#include "services/custody/custody.hpp"

#include <wx/textctrl.h>

namespace qm::gui {

SwapDialog::SwapDialog(wxWindow* parent, services::Background& worker, const wxString& oldDevice,
                       const wxString& newDevice)
    : CustodyDialog(parent, worker, _("Swap device"), _("Swap device"), _("S&wap")) {
    old_ = addText(_("&Faulty device:"), _("Faulty device"), oldDevice, "old_device",
                   _("The device the officer hands back"));
    watchDevice(old_, addPreview(_("Faulty device found")), DeviceStatus::Issued);
    new_ = addText(_("Re&placement:"), _("Replacement device"), newDevice, "new_device",
                   _("Scan the replacement from stock"));
    watchDevice(new_, addPreview(_("Replacement found")), DeviceStatus::InStock);
    reason_ = addText(_("&Reason:"), _("Reason"), wxEmptyString, "reason", _("What is wrong with the faulty device"));
    finishLayout(oldDevice.empty() ? old_ : newDevice.empty() ? new_ : reason_);
}

wxString SwapDialog::problem() const {
    if (text(old_).empty()) return _("Scan or type the faulty device.");
    if (text(new_).empty()) return _("Scan the replacement device.");
    if (wxString::FromUTF8(text(old_)).CmpNoCase(wxString::FromUTF8(text(new_))) == 0)
        return _("The replacement must be a different device.");
    if (text(reason_).empty()) return _("Say what is wrong with the faulty device.");
    if (text(reason_).size() > 2000) return _("The reason is longer than 2,000 characters.");
    return {};
}

wxString SwapDialog::readyText() const {
    return _("The faulty device goes to repair; the replacement goes to the same person.");
}

void SwapDialog::send() {
    const std::string oldDevice = text(old_), newDevice = text(new_), reason = text(reason_);
    const std::optional<int> seen = seenVersion(old_);
    run<services::SwapResult>(
        _("Swapping\u2026"),
        [oldDevice, newDevice, reason, seen](services::Session& s) {
            return services::swapDevice(s, oldDevice, newDevice, reason, seen);
        },
        [](const services::SwapResult& r) {
            Outcome o;
            o.receipt = u8(r.receipt);
            o.summary = wxString::Format(_("%s now holds %s; %s is %s."), personLabel(r.person),
                                         u8(r.newDevice.assetTag), u8(r.oldDevice.assetTag),
                                         statusText(r.oldDevice.status).Lower());
            o.devices = {r.oldDevice.assetTag, r.newDevice.assetTag};
            return o;
        });
}

}  // namespace qm::gui
