#include "gui/mdm/approvals_dialog.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_text.hpp"
#include "gui/mdm/command_list.hpp"
#include "gui/mdm/mdm_text.hpp"
#include "gui/mdm/reason_dialog.hpp"
#include "services/mdm/commands.hpp"
#include "services/mdm/worker.hpp"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>

namespace qm::gui {
namespace {

using a11y::Tone;
using a11y::toneColour;
using services::DeskRole;
using C = CommandList::Column;

}  // namespace

ApprovalsDialog::ApprovalsDialog(wxWindow* parent, services::Background& worker, DeskRole role,
                                 services::mdm::MdmWorker* dispatcher)
    : wxDialog(parent, wxID_ANY, _("Wipe and retire requests"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      worker_(worker), role_(role), dispatcher_(dispatcher) {
    SetName(_("Wipe and retire requests"));
    const int gap = FromDIP(10);
    auto* intro = new a11y::InfoText(
        this, wxID_ANY,
        _("Wipes and retirements wait here for a second person: an approver who did not request them. A wipe "
          "approved over the fleet's hourly limit is held until an admin releases it."));
    intro->SetName(_("About these requests"));
    intro->Wrap(FromDIP(960));
    list_ = new CommandList(this, {C::Id, C::Device, C::Action, C::State, C::RequestedBy, C::When, C::Reason},
                            _("Requests awaiting a decision"));
    list_->SetMinSize(FromDIP(wxSize(980, 260)));
    count_ = new a11y::InfoText(this, wxID_ANY, _("Reading the requests\u2026"));
    count_->SetName(_("Requests"));
    notice_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    notice_->SetName(_("Decision"));
    notice_->SetFont(notice_->GetFont().Bold());
    a11y::markAsNotification(notice_);
    notice_->Hide();

    approve_ = new wxButton(this, wxID_ANY, _("&Approve"));
    reject_ = new wxButton(this, wxID_ANY, _("Re&ject\u2026"));
    release_ = new wxButton(this, wxID_ANY, _("Re&lease"));
    refresh_ = new wxButton(this, wxID_ANY, _("&Refresh"));
    // Without "&": the stock words would make wxGTK show GTK's own "Close", untranslated.
    auto* close = new wxButton(this, wxID_CLOSE, _("Close"));
    a11y::setName(approve_, _("Approve"));
    a11y::setName(reject_, _("Reject"));
    a11y::setName(release_, _("Release"));
    a11y::setName(refresh_, _("Refresh"));
    a11y::setName(close, _("Close"));
    refresh_->SetToolTip(_("Read the waiting requests again"));

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    for (wxButton* b : {approve_, reject_, release_, refresh_}) buttons->Add(b, 0, wxRIGHT, FromDIP(8));
    buttons->AddStretchSpacer();
    buttons->Add(close, 0);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(intro, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(count_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(notice_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, gap);
    SetSizerAndFit(sizer);
    SetEscapeId(wxID_CLOSE);
    CentreOnParent();

    list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { enableButtons(); });
    list_->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { enableButtons(); });
    approve_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { approve(); });
    reject_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { reject(); });
    release_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { release(); });
    refresh_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { refresh(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Destroy(); });
    enableButtons();
    refresh();
    list_->SetFocus();
}

ApprovalsDialog::~ApprovalsDialog() { alive_.reset(); }

wxString ApprovalsDialog::noticeText() const { return notice_->IsShown() ? noticeText_ : wxString(); }

void ApprovalsDialog::refresh() {
    std::weak_ptr<int> alive = alive_;
    services::UiPort* ui = &worker_.ui();
    worker_.post(
        [this, alive, ui](services::Session& s) {
            std::vector<CommandRow> rows = services::mdm::list(s, "awaiting_approval");
            for (CommandRow& r : services::mdm::list(s, "held")) rows.push_back(std::move(r));
            std::sort(rows.begin(), rows.end(), [](const CommandRow& a, const CommandRow& b) { return a.id < b.id; });
            ui->callAfter([this, alive, rows] {
                if (alive.expired()) return;
                // Nothing is chosen for the approver: a decision starts with picking a request.
                list_->show(rows);
                const int n = static_cast<int>(rows.size());
                count_->SetLabelText(n == 0 ? _("Nothing waits for a decision.")
                                            : wxString::Format(wxPLURAL("%d request waits for a decision.",
                                                                        "%d requests wait for a decision.", n),
                                                               n));
                ++refreshes_;
                enableButtons();
                Layout();
            });
        },
        [this, alive](const Error& e) {
            if (alive.expired()) return;
            count_->SetLabelText(wxString::FromUTF8(e.what()));
            ++refreshes_;
        });
}

void ApprovalsDialog::enableButtons() {
    const CommandRow* r = list_->selected();
    const bool awaiting = r && r->state == "awaiting_approval", held = r && r->state == "held";
    const bool approver = role_ >= DeskRole::Approver, admin = role_ >= DeskRole::Admin;
    auto set = [this](wxButton* b, const wxString& off, const wxString& on) {
        b->Enable(!busy_ && off.empty());
        b->SetToolTip(off.empty() ? on : off);
    };
    const wxString needApprover = _("Deciding on requests needs an approver or admin login.");
    const wxString select = _("Select a request in the list first.");
    set(approve_,
        !approver ? needApprover
        : !r      ? select
        : held    ? _("A held wipe is approved already: an admin releases it (or rejects it).")
                  : wxString(),
        _("Approve the selected request: it goes to the MDM"));
    set(reject_,
        !approver           ? needApprover
        : !r                ? select
        : (held && !admin)  ? _("Only an admin may reject a held wipe.")
        : (!awaiting && !held) ? _("This request is decided already.")
                               : wxString(),
        _("Reject the selected request, with a reason the requester sees"));
    set(release_,
        !admin  ? _("Releasing a held wipe needs an admin login.")
        : !r    ? select
        : !held ? _("Only a held wipe is released; this one is not held.")
                : wxString(),
        _("Release the held wipe: it goes to the MDM"));
}

void ApprovalsDialog::notice(const wxString& text, bool problem) {
    notice_->SetForegroundColour(problem ? toneColour(Tone::Problem) : toneColour(Tone::Done));
    noticeText_ = text;
    notice_->SetLabelText(text);
    notice_->Wrap(FromDIP(960));
    notice_->Show();
    Layout();
    a11y::announce(notice_);
}

void ApprovalsDialog::decide(const wxString& busyText, std::function<std::string(services::Session&)> job,
                             std::function<wxString(const std::string&)> describe) {
    busy_ = true;
    enableButtons();
    count_->SetLabelText(busyText);
    std::weak_ptr<int> alive = alive_;
    services::UiPort* ui = &worker_.ui();
    worker_.post(
        [this, alive, ui, job, describe](services::Session& s) {
            const std::string result = job(s);
            ui->callAfter([this, alive, describe, result] {
                if (alive.expired()) return;
                busy_ = false;
                notice(describe(result), false);
                if (dispatcher_) dispatcher_->wake();
                refresh();
            });
        },
        [this, alive](const Error& e) {
            if (alive.expired()) return;
            busy_ = false;
            notice(wxString::FromUTF8(e.what()), true);
            refresh();
        });
}

void ApprovalsDialog::approve() {
    const CommandRow* r = list_->selected();
    if (!r || busy_) return;
    const long long id = r->id;
    const wxString action = actionText(r->action), tag = u8(r->assetTag);
    decide(
        wxString::Format(_("Approving command %lld\u2026"), id),
        [id](services::Session& s) { return services::mdm::approve(s, id); },
        [id, action, tag](const std::string& state) {
            if (state == "held")
                return wxString::Format(_("Command %lld (%s, %s) approved but held: more wipes than the hourly "
                                          "limit were approved in the last hour, so an admin must release it."),
                                        id, action, tag);
            if (state == "done")
                return wxString::Format(_("Command %lld (%s, %s) approved: done in the register, as the device is "
                                          "not in the MDM."),
                                        id, action, tag);
            return wxString::Format(_("Command %lld (%s, %s) approved and queued for the MDM."), id, action, tag);
        });
}

void ApprovalsDialog::reject() {
    const CommandRow* r = list_->selected();
    if (!r || busy_) return;
    const long long id = r->id;
    ReasonDialog::Options o;
    o.title = _("Reject request");
    o.explanation = wxString::Format(_("Command %lld: %s of %s, requested by %s (\u201C%s\u201D). Rejecting ends "
                                       "it; the register keeps your reason."),
                                     id, actionText(r->action), u8(r->assetTag), u8(r->requestedBy), u8(r->reason));
    o.reasonLabel = _("&Reason:");
    o.okLabel = _("Re&ject");
    ReasonDialog dialog(
        this, worker_, o,
        [id](services::Session& s, const std::string& reason) {
            services::mdm::reject(s, id, reason);
            return std::string();
        },
        [id](const std::string&) { return wxString::Format(_("Command %lld rejected."), id); });
    if (dialog.ShowModal() == wxID_OK) notice(dialog.outcome(), false);
    refresh();
}

void ApprovalsDialog::release() {
    const CommandRow* r = list_->selected();
    if (!r || busy_) return;
    const long long id = r->id;
    decide(
        wxString::Format(_("Releasing command %lld\u2026"), id),
        [id](services::Session& s) {
            services::mdm::release(s, id);
            return std::string();
        },
        [id](const std::string&) {
            return wxString::Format(_("Command %lld released: the wipe is queued for the MDM."), id);
        });
}

}  // namespace qm::gui
