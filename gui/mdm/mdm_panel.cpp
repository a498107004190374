#include "gui/mdm/mdm_panel.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_text.hpp"
#include "gui/mdm/command_list.hpp"
#include "gui/mdm/mdm_text.hpp"
#include "gui/mdm/reason_dialog.hpp"
#include "gui/wrapped_text.hpp"
#include "services/mdm/commands.hpp"
#include "services/mdm/sync.hpp"
#include "services/mdm/worker.hpp"

#include <wx/button.h>
#include <wx/settings.h>
#include <wx/sizer.h>

#include <algorithm>

namespace qm::gui {
namespace {

using a11y::Tone;
using a11y::toneColour;
using services::DeskRole;
constexpr int kPollMs = 5000;

bool onItsWay(const CommandRow& c) { return c.state == "queued" || c.state == "sent"; }
// A new command's id as the request dialogs pass it to their outcome sentence.
std::string idText(long long id) { return std::to_string(id); }

}  // namespace

struct MdmPanel::Loaded {
    long long generation = 0;
    std::optional<MdmDeviceRow> snapshot;
    std::vector<CommandRow> commands;
    std::string lastSync;
};

MdmPanel::MdmPanel(wxWindow* parent, wxWindow* pane, services::Background& worker)
    : wxPanel(parent, wxID_ANY), worker_(worker) {
    SetName(_("MDM"));
    const int gap = FromDIP(6);
    auto* box = new wxStaticBoxSizer(new a11y::GroupBox(this, wxID_ANY, _("MDM")), wxVERTICAL);
    wxWindow* b = box->GetStaticBox();
    facts_ = new WrappedText(b, pane, FromDIP(48));
    facts_->SetName(_("MDM details"));
    auto* listLabel = new a11y::InfoText(b, wxID_ANY, _("Commands for this device (newest first)"));
    commands_ = new CommandList(b,
                                {CommandList::Column::Action, CommandList::Column::State,
                                 CommandList::Column::RequestedBy, CommandList::Column::ApprovedBy,
                                 CommandList::Column::When},
                                _("MDM commands"));
    commands_->SetMinSize(wxSize(-1, FromDIP(100)));  // three commands, then it scrolls
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    // No mnemonics: Alt+letters belong to the menu bar here (the Desk buttons have none either).
    lock_ = new wxButton(b, wxID_ANY, _("Lock\u2026"));
    sync_ = new wxButton(b, wxID_ANY, _("Sync"));
    wipe_ = new wxButton(b, wxID_ANY, _("Wipe\u2026"));
    retire_ = new wxButton(b, wxID_ANY, _("Retire\u2026"));
    a11y::setName(lock_, _("Lock"));
    a11y::setName(sync_, _("Sync"));
    a11y::setName(wipe_, _("Wipe"));
    a11y::setName(retire_, _("Retire"));
    for (wxButton* button : {lock_, sync_, wipe_, retire_}) buttons->Add(button, 0, wxRIGHT, gap);
    notice_ = new WrappedText(b, pane, FromDIP(48));
    notice_->SetName(_("MDM request"));
    a11y::markAsNotification(notice_);
    notice_->Hide();

    box->Add(facts_, 0, wxEXPAND | wxALL, gap);
    box->Add(listLabel, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    box->Add(commands_, 1, wxEXPAND | wxALL, gap);
    box->Add(buttons, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    box->Add(notice_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, gap);
    SetSizer(box);

    lock_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { openLock(); });
    sync_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { requestSync(); });
    wipe_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { openWipe(); });
    retire_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { openRetire(); });
    poll_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        if (device_ && !loading_) reload();
    });
    clear();
}

MdmPanel::~MdmPanel() {
    alive_.reset();
    poll_.Stop();
}

wxString MdmPanel::factsText() const { return facts_->text(); }
wxString MdmPanel::noticeText() const { return notice_->IsShown() ? notice_->text() : wxString(); }

void MdmPanel::clear() {
    ++generation_;
    device_.reset();
    loading_ = false;
    poll_.Stop();
    facts_->setText(_("No device shown."));
    commands_->show({});
    notice_->Hide();
    enableButtons();
}

void MdmPanel::showDevice(const Device& device) {
    const bool same = device_ && device_->id == device.id;
    device_ = device;
    if (!same) {
        notice_->Hide();
        commands_->show({});
        facts_->setText(_("Looking the device up in the MDM snapshot\u2026"));
    }
    enableButtons();
    reload();
}

void MdmPanel::reload() {
    if (!device_) return;
    const long long generation = ++generation_;
    const long long id = device_->id;
    loading_ = true;
    poll_.Stop();
    std::weak_ptr<int> alive = alive_;
    services::UiPort* ui = &worker_.ui();
    worker_.post(
        [this, alive, ui, generation, id](services::Session& session) {
            Loaded l;
            l.generation = generation;
            l.snapshot = services::mdm::snapshotFor(session, id);
            l.commands = services::mdm::forDevice(session, id);
            l.lastSync = services::mdm::lastSyncAt(session);
            ui->callAfter([this, alive, l] {
                if (!alive.expired()) show(l);
            });
        },
        [this, alive, generation](const Error& e) {
            if (alive.expired() || generation != generation_) return;
            loading_ = false;
            facts_->setText(wxString::FromUTF8(e.what()));
        });
}

void MdmPanel::show(const Loaded& l) {
    if (l.generation != generation_ || !device_) return;  // another device came since
    loading_ = false;
    wxString text;
    if (l.snapshot) {
        const MdmDeviceRow& m = *l.snapshot;
        text = m.lastCheckIn.empty()
                   ? _("Last check-in: never")
                   : wxString::Format(_("Last check-in: %s (%s)"), deskTime(m.lastCheckIn), daysAgo(m.lastCheckIn));
        const wxString os = (u8(m.os) + " " + u8(m.osVersion)).Strip(wxString::both);
        text += "\n" + wxString::Format(_("OS: %s \u00B7 Compliance: %s"), os.empty() ? _("unknown") : os,
                                        complianceText(m.compliance));
        wxString user = u8(m.userPrincipalName.empty() ? m.email : m.userPrincipalName);
        if (!m.userName.empty()) user = user.empty() ? u8(m.userName) : wxString::Format(_("%s (%s)"), user, u8(m.userName));
        text += "\n" + wxString::Format(_("MDM user: %s"), user.empty() ? _("none") : user);
        text += "\n" + wxString::Format(_("MDM id: %s"), u8(m.mdmId));
    } else if (l.lastSync.empty()) {
        text = _("No MDM sync yet: the register has not read the MDM's inventory.");
    } else {
        text = wxString::Format(_("Not in the MDM: the last sync (%s) did not list this device."), deskTime(l.lastSync));
    }
    facts_->setText(text);
    commands_->show(l.commands);
    if (std::any_of(l.commands.begin(), l.commands.end(), onItsWay)) poll_.StartOnce(kPollMs);
    Layout();
}

void MdmPanel::setRole(DeskRole role) {
    role_ = role;
    enableButtons();
}

void MdmPanel::enableButtons() {
    const bool agent = role_ >= DeskRole::Agent;
    const Device* d = device_ ? &*device_ : nullptr;
    const bool finished = d && (d->status == DeviceStatus::Retired || d->status == DeviceStatus::Wiped);
    // Why each button is off, in the order the desk would want to know it; "" when it is on.
    auto why = [&](bool needsMdm, bool blockedByHold) -> wxString {
        if (!agent) return _("Your login may look at MDM details but not send commands; an administrator can give it the agent role.");
        if (!d) return _("Show a device first.");
        if (finished) return wxString::Format(_("%s is %s: there is nothing left to send it."), u8(d->assetTag),
                                              statusText(d->status).Lower());
        if (blockedByHold && d->legalHold)
            return _("Under legal hold: it cannot be wiped or retired until a manager releases the hold.");
        if (needsMdm && d->mdmId.empty()) return _("Not known to the MDM (no MDM id): synchronise with the MDM first.");
        return {};
    };
    const struct {
        wxButton* button;
        wxString off, on;
    } rows[] = {
        {lock_, why(true, false), _("Lock the device's screen remotely (asks for a reason)")},
        {sync_, why(true, false), _("Ask the device to check in with the MDM now")},
        {wipe_, d && d->status == DeviceStatus::PendingWipe ? _("A wipe of this device is approved already.") : why(true, true),
         _("Request a wipe: erases the device once a different approver approves")},
        {retire_, why(false, true), _("Request retirement: takes the device out of service once approved")},
    };
    for (const auto& r : rows) {
        r.button->Enable(r.off.empty());
        r.button->SetToolTip(r.off.empty() ? r.on : r.off);
    }
}

wxWindow* MdmPanel::dialogParent() { return wxGetTopLevelParent(this); }

void MdmPanel::notice(const wxString& text, bool problem) {
    notice_->SetForegroundColour(problem ? toneColour(Tone::Problem) : toneColour(Tone::Done));
    notice_->Show();
    notice_->setText(text);
    GetParent()->Layout();
    a11y::announce(notice_);
}

void MdmPanel::requested(const wxString& sentence) {
    notice(sentence, false);
    if (dispatcher_) dispatcher_->wake();
    if (device_ && onChanged_) onChanged_(device_->assetTag);
    else reload();
}

void MdmPanel::openLock() {
    if (!device_) return;
    const std::string tag = device_->assetTag;
    ReasonDialog::Options o;
    o.title = _("Remote lock");
    o.explanation = wxString::Format(_("The MDM locks the screen of %s until its holder unlocks it with their passcode. "
                                       "A remote lock needs no second approver."),
                                     u8(tag));
    o.reasonLabel = _("&Reason:");
    o.okLabel = _("&Lock");
    ReasonDialog dialog(
        dialogParent(), worker_, o,
        [tag](services::Session& s, const std::string& reason) {
            return idText(services::mdm::request(s, tag, "remote_lock", reason));
        },
        [tag](const std::string& id) {
            return wxString::Format(_("Remote lock of %s queued as command %s."), u8(tag), u8(id));
        });
    if (dialog.ShowModal() == wxID_OK) requested(dialog.outcome());
}

void MdmPanel::openWipe() {
    if (!device_) return;
    const std::string tag = device_->assetTag;
    ReasonDialog::Options o;
    o.title = _("Request a wipe");
    o.explanation = wxString::Format(_("A wipe erases everything on %s and cannot be undone. This makes a request "
                                       "only: a different person, an approver or an admin, must approve it before it "
                                       "goes to the MDM."),
                                     u8(tag));
    o.reasonLabel = _("&Reason:");
    o.okLabel = _("Request &wipe");
    o.confirmText = u8(tag);
    ReasonDialog dialog(
        dialogParent(), worker_, o,
        [tag](services::Session& s, const std::string& reason) {
            return idText(services::mdm::request(s, tag, "wipe", reason));
        },
        [tag](const std::string& id) {
            return wxString::Format(_("Wipe of %s requested as command %s. It now needs a different approver to "
                                      "approve it."),
                                    u8(tag), u8(id));
        });
    if (dialog.ShowModal() == wxID_OK) requested(dialog.outcome());
}

void MdmPanel::openRetire() {
    if (!device_) return;
    const std::string tag = device_->assetTag;
    ReasonDialog::Options o;
    o.title = _("Request retirement");
    o.explanation = wxString::Format(_("Retiring takes %s out of service for good (and out of the MDM, if it is "
                                       "enrolled). This makes a request only: a different approver must approve it."),
                                     u8(tag));
    o.reasonLabel = _("&Reason:");
    o.okLabel = _("Request retire&ment");
    ReasonDialog dialog(
        dialogParent(), worker_, o,
        [tag](services::Session& s, const std::string& reason) {
            return idText(services::mdm::request(s, tag, "retire", reason));
        },
        [tag](const std::string& id) {
            return wxString::Format(_("Retirement of %s requested as command %s. It now needs a different approver "
                                      "to approve it."),
                                    u8(tag), u8(id));
        });
    if (dialog.ShowModal() == wxID_OK) requested(dialog.outcome());
}

void MdmPanel::requestSync() {
    if (!device_) return;
    const std::string tag = device_->assetTag;
    std::weak_ptr<int> alive = alive_;
    services::UiPort* ui = &worker_.ui();
    sync_->Disable();
    worker_.post(
        [this, alive, ui, tag](services::Session& s) {
            const long long id = services::mdm::request(s, tag, "sync", "");
            ui->callAfter([this, alive, tag, id] {
                if (alive.expired()) return;
                enableButtons();
                requested(wxString::Format(_("MDM sync of %s queued as command %lld."), u8(tag), id));
            });
        },
        [this, alive](const Error& e) {
            if (alive.expired()) return;
            enableButtons();
            notice(wxString::FromUTF8(e.what()), true);
        });
}

}  // namespace qm::gui
