#include "gui/mdm/commands_dialog.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_text.hpp"
#include "gui/mdm/command_list.hpp"
#include "gui/mdm/mdm_text.hpp"
#include "gui/mdm/reason_dialog.hpp"
#include "services/mdm/commands.hpp"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/numformatter.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace qm::gui {
namespace {

using a11y::Tone;
using a11y::toneColour;
using services::DeskRole;
using C = CommandList::Column;
constexpr int kLimit = 1000;

bool cancellable(const CommandRow& r) {
    return r.state == "awaiting_approval" || r.state == "held" || r.state == "queued";
}

}  // namespace

CommandsDialog::CommandsDialog(wxWindow* parent, services::Background& worker, DeskRole role)
    : wxDialog(parent, wxID_ANY, _("Command queue"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      worker_(worker), role_(role) {
    SetName(_("Command queue"));
    const int gap = FromDIP(10);
    auto* filter = new wxBoxSizer(wxHORIZONTAL);
    auto* stateLabel = new wxStaticText(this, wxID_ANY, _("&State:"));
    state_ = new wxChoice(this, wxID_ANY);
    state_->Append(stateFilterText(""));
    for (const std::string& s : services::mdm::states()) state_->Append(stateFilterText(s));
    state_->SetSelection(0);
    a11y::labelFor(stateLabel, state_);
    auto* refreshButton = new wxButton(this, wxID_ANY, _("&Refresh"));
    a11y::setName(refreshButton, refreshButton->GetLabel());
    refreshButton->SetToolTip(_("Read the commands again (F5)"));
    filter->Add(stateLabel, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    filter->Add(state_, 0, wxRIGHT, FromDIP(8));
    filter->Add(refreshButton, 0);

    list_ = new CommandList(this, {C::Id, C::Device, C::Action, C::State, C::RequestedBy, C::ApprovedBy, C::Age, C::Outcome},
                            _("MDM commands"));
    list_->SetMinSize(FromDIP(wxSize(1000, 340)));
    count_ = new a11y::InfoText(this, wxID_ANY, _("Reading the commands\u2026"));
    count_->SetName(_("Commands shown"));
    notice_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    notice_->SetName(_("Last change"));
    notice_->SetFont(notice_->GetFont().Bold());
    a11y::markAsNotification(notice_);
    notice_->Hide();

    cancel_ = new wxButton(this, wxID_ANY, _("Cancel co&mmand\u2026"));
    a11y::setName(cancel_, _("Cancel command"));
    auto* close = new wxButton(this, wxID_CLOSE, _("Close"));
    a11y::setName(close, close->GetLabel());
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(cancel_, 0);
    buttons->AddStretchSpacer();
    buttons->Add(close, 0);

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(filter, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(count_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(notice_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, gap);
    SetSizerAndFit(sizer);
    SetEscapeId(wxID_CLOSE);
    CentreOnParent();

    state_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { refresh(); });
    refreshButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { refresh(); });
    list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { enableButtons(); });
    list_->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { enableButtons(); });
    cancel_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { cancelCommand(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Destroy(); });
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
        if (e.GetKeyCode() == WXK_F5 && !e.HasAnyModifiers()) refresh();
        else e.Skip();
    });
    enableButtons();
    refresh();
    state_->SetFocus();  // the filter first, as it reads; the list is the next Tab
}

CommandsDialog::~CommandsDialog() { alive_.reset(); }

wxString CommandsDialog::noticeText() const { return notice_->IsShown() ? noticeText_ : wxString(); }

std::string CommandsDialog::chosenState() const {
    const int i = state_->GetSelection();
    const auto& states = services::mdm::states();
    return i >= 1 && i <= static_cast<int>(states.size()) ? states[static_cast<size_t>(i - 1)] : std::string();
}

void CommandsDialog::showState(const std::string& state) {
    const auto& states = services::mdm::states();
    int i = 0;
    for (size_t k = 0; k < states.size(); ++k)
        if (states[k] == state) i = static_cast<int>(k) + 1;
    state_->SetSelection(i);
    refresh();
}

void CommandsDialog::refresh() {
    const std::string state = chosenState();
    const long long generation = ++generation_;
    std::weak_ptr<int> alive = alive_;
    services::UiPort* ui = &worker_.ui();
    worker_.post(
        [this, alive, ui, state, generation](services::Session& s) {
            auto rows = services::mdm::list(s, state, kLimit);
            ui->callAfter([this, alive, rows, generation] {
                if (alive.expired() || generation != generation_) return;  // a newer filter is on its way
                list_->show(rows);
                const int n = static_cast<int>(rows.size());
                const wxString number = wxNumberFormatter::ToString(static_cast<long>(n), wxNumberFormatter::Style_WithThousandsSep);
                count_->SetLabelText(n >= kLimit ? wxString::Format(_("The newest %s commands are shown."), number)
                                     : n == 0    ? _("No commands.")
                                                 : wxString::Format(wxPLURAL("%s command, newest first.",
                                                                             "%s commands, newest first.", n),
                                                                    number));
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

void CommandsDialog::enableButtons() {
    const CommandRow* r = list_->selected();
    wxString off;
    if (role_ < DeskRole::Agent)
        off = _("Your login may look at the commands but not cancel them; an administrator can give it the agent role.");
    else if (!r)
        off = _("Select a command in the list first.");
    else if (!cancellable(*r))
        off = wxString::Format(_("Command %lld is %s: only a command not yet sent can be cancelled."), r->id,
                               stateText(r->state).Lower());
    cancel_->Enable(off.empty());
    cancel_->SetToolTip(off.empty() ? _("Withdraw the selected command before it goes to the MDM") : off);
}

void CommandsDialog::notice(const wxString& text, bool problem) {
    notice_->SetForegroundColour(problem ? toneColour(Tone::Problem) : toneColour(Tone::Done));
    noticeText_ = text;
    notice_->SetLabelText(text);
    notice_->Wrap(GetClientSize().x - FromDIP(20));
    notice_->Show();
    Layout();
    a11y::announce(notice_);
}

void CommandsDialog::cancelCommand() {
    const CommandRow* r = list_->selected();
    if (!r || !cancellable(*r)) return;
    const long long id = r->id;
    ReasonDialog::Options o;
    o.title = _("Cancel command");
    o.explanation = wxString::Format(_("Command %lld: %s of %s, %s. Cancelling withdraws it before it goes to the "
                                       "MDM; only its requester or an approver may."),
                                     id, actionText(r->action), u8(r->assetTag), stateText(r->state).Lower());
    o.reasonLabel = _("&Reason:");
    o.okLabel = _("Cancel co&mmand");
    o.dismissLabel = _("Keep it");
    ReasonDialog dialog(
        this, worker_, o,
        [id](services::Session& s, const std::string& reason) {
            services::mdm::cancel(s, id, reason);
            return std::string();
        },
        [id](const std::string&) { return wxString::Format(_("Command %lld cancelled."), id); });
    if (dialog.ShowModal() == wxID_OK) notice(dialog.outcome(), false);
    refresh();
}

}  // namespace qm::gui
