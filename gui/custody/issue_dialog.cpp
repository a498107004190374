#include "gui/custody/issue_dialog.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_text.hpp"
#include "model/identifiers.hpp"
#include "services/custody/custody.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/textctrl.h>

namespace qm::gui {

IssueDialog::IssueDialog(wxWindow* parent, services::Background& worker, const wxString& device,
                         const wxString& staffNo)
    : CustodyDialog(parent, worker, _("Issue device"), _("Issue device"), _("&Issue")) {
    device_ = addText(_("&Device:"), _("Device"), device, "device", _("Scan or type an asset tag, serial or IMEI"));
    watchDevice(device_, addPreview(_("Device found")), DeviceStatus::InStock);
    staff_ = addText(_("&Staff number:"), _("Staff number"), staffNo, "staff_no",
                     _("Scan the warrant card or type the staff number"));
    watchPerson(staff_, addPreview(_("Officer found")));
    more_ = addText(_("&More devices:"), _("More devices"), wxEmptyString, "device",
                    _("Optional: more devices, on the same receipt"));

    // Stored in the register in English (they print on the receipt); shown translated.
    auto* kit = new wxBoxSizer(wxHORIZONTAL);
    auto* kitPanel = new wxPanel(form());
    for (const auto& [label, stored] : {std::pair{_("C&harger"), "charger"}, std::pair{_("&USB-C cable"), "USB-C cable"},
                                        std::pair{_("C&ase"), "case"}, std::pair{_("Screen &protector"), "screen protector"}}) {
        auto* box = new wxCheckBox(kitPanel, wxID_ANY, label);
        a11y::setName(box, label);
        kit->Add(box, 0, wxRIGHT, FromDIP(12));
        accessories_.emplace_back(box, stored);
    }
    kitPanel->SetSizer(kit);
    kitPanel->SetName(_("Accessories"));
    addRow(_("Accessories:"), kitPanel, "accessory");
    note_ = addText(_("&Note:"), _("Note"), wxEmptyString, "note", _("Optional, printed on the receipt"));
    override_ = addText(_("&Override reason:"), _("Override reason"), wxEmptyString, "override",
                        _("Managers only: why this person needs a second phone or tablet"));

    // Pre-filled from a scan: the next key press (Enter) confirms; otherwise start where the gap is.
    wxWindow* focus = device.empty() ? static_cast<wxWindow*>(device_)
                      : staffNo.empty() ? static_cast<wxWindow*>(staff_)
                                        : static_cast<wxWindow*>(okButton());
    finishLayout(focus);
}

wxString IssueDialog::problem() const {
    if (text(device_).empty()) return _("Scan or type the device to issue.");
    const std::string staff = text(staff_);
    if (staff.empty()) return _("Scan the officer's warrant card or type their staff number.");
    try {
        StaffNumber::parse(staff, "staff_no");
    } catch (const Error& e) {
        return wxString::FromUTF8(e.what());
    }
    return {};
}

wxString IssueDialog::readyText() const { return _("Press Enter or Issue to hand the device over."); }

namespace {

// "PH-2, TAB-1;PH-3" -> {"PH-2", "TAB-1", "PH-3"}
std::vector<std::string> deviceKeys(const std::string& text) {
    std::vector<std::string> keys;
    std::string key;
    for (char c : text + " ") {
        if (c == ' ' || c == ',' || c == ';' || c == '\t' || c == '\n') {
            if (!key.empty()) keys.push_back(key);
            key.clear();
        } else {
            key += c;
        }
    }
    return keys;
}

}  // namespace

void IssueDialog::send() {
    services::IssueRequest request;
    request.device = text(device_);
    request.staffNo = text(staff_);
    for (const auto& [box, stored] : accessories_)
        if (box->GetValue()) request.accessories.push_back(stored);
    request.note = text(note_);
    request.overrideReason = text(override_);
    request.expectedVersion = seenVersion(device_);
    const std::vector<std::string> more = deviceKeys(text(more_));
    if (more.empty()) {
        run<services::HandOver>(
            _("Issuing\u2026"), [request](services::Session& s) { return services::issueDevice(s, request); },
            [](const services::HandOver& h) {
                Outcome o;
                o.receipt = u8(h.receipt);
                o.summary = wxString::Format(_("%s (%s) issued to %s."), u8(h.device.assetTag),
                                             u8(h.device.makeAndModel()), h.person ? personLabel(*h.person) : wxString());
                o.devices = {h.device.assetTag};
                return o;
            });
        return;
    }
    // One sitting, one receipt: the accessories and the note go with the first device.
    std::vector<services::IssueRequest> requests{request};
    for (const auto& key : more)
        requests.push_back({key, request.staffNo, {}, {}, request.overrideReason, std::nullopt});
    run<services::SittingResult>(
        _("Issuing\u2026"), [requests](services::Session& s) { return services::issueDevices(s, requests); },
        [](const services::SittingResult& r) {
            Outcome o;
            o.receipt = u8(r.receipt);
            wxString tags;
            for (const auto& d : r.devices) {
                tags += (tags.empty() ? "" : ", ") + u8(d.assetTag);
                o.devices.push_back(d.assetTag);
            }
            o.summary = wxString::Format(_("%s issued to %s on one receipt."), tags,
                                         r.person ? personLabel(*r.person) : wxString());
            return o;
        });
}

}  // namespace qm::gui
