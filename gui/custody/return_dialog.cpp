#include "gui/custody/return_dialog.hpp"

#include "gui/custody/custody_text.hpp"
#include "services/custody/custody.hpp"

#include <wx/choice.h>
#include <wx/textctrl.h>

namespace qm::gui {
namespace {

// The service's words, in the order the choice lists them.
const char* const kConditions[] = {"good", "damaged", "faulty", "incomplete"};

}  // namespace

ReturnDialog::ReturnDialog(wxWindow* parent, services::Background& worker, const wxString& device)
    : CustodyDialog(parent, worker, _("Return device"), _("Return device"), _("&Return")) {
    device_ = addText(_("&Device:"), _("Device"), device, "device", _("Scan or type an asset tag, serial or IMEI"));
    watchDevice(device_, addPreview(_("Device found")), DeviceStatus::Issued);
    const wxString choices[] = {_("Good: back to stock"), _("Damaged: to repair"), _("Faulty: to repair"),
                                _("Incomplete: back to stock, missing parts noted")};
    condition_ = new wxChoice(form(), wxID_ANY, wxDefaultPosition, wxDefaultSize, 4, choices);
    condition_->SetName(_("Condition"));
    addRow(_("C&ondition:"), condition_, "condition");  // Alt+C is Cancel
    condition_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { revalidate(); });
    note_ = addText(_("&Note:"), _("Note"), wxEmptyString, "note", _("Optional: what is wrong or missing"));
    finishLayout(device.empty() ? static_cast<wxWindow*>(device_) : static_cast<wxWindow*>(condition_));
}

std::string ReturnDialog::condition() const {
    const int i = condition_->GetSelection();
    return i == wxNOT_FOUND ? std::string() : kConditions[i];
}

wxString ReturnDialog::problem() const {
    if (text(device_).empty()) return _("Scan or type the device being returned.");
    if (condition().empty()) return _("Choose the condition the device came back in.");
    if (condition() == "incomplete" && text(note_).empty()) return _("Say in the note what is missing.");
    return {};
}

wxString ReturnDialog::readyText() const {
    if (condition() == "damaged" || condition() == "faulty")
        return _("It will go to repair, not back to stock. Press Enter or Return.");
    return _("It will go back to stock. Press Enter or Return.");
}

void ReturnDialog::send() {
    services::ReturnRequest request;
    request.device = text(device_);
    request.condition = condition();
    request.note = text(note_);
    request.expectedVersion = seenVersion(device_);
    run<services::HandOver>(
        _("Taking back\u2026"), [request](services::Session& s) { return services::returnDevice(s, request); },
        [](const services::HandOver& h) {
            Outcome o;
            o.receipt = u8(h.receipt);
            o.summary = h.person ? wxString::Format(_("%s returned by %s; it is now %s."), u8(h.device.assetTag),
                                                    personLabel(*h.person), statusText(h.device.status).Lower())
                                 : wxString::Format(_("%s returned; it is now %s."), u8(h.device.assetTag),
                                                    statusText(h.device.status).Lower());
            o.devices = {h.device.assetTag};
            return o;
        });
}

}  // namespace qm::gui
