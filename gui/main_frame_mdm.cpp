// MainFrame's MDM side: the Commands menu (Wipe and retire requests, Command queue, Synchronise
// with the MDM) and the MDM drift report, enabled by the login's role; the console's MDM worker,
// started once the login is known to be an agent or above (and destroyed by ~MainFrame before
// the windows go); the MDM views it opens. The desk and the register are in main_frame.cpp.
#include "gui/main_frame.hpp"

#include "gui/custody/custody_text.hpp"
#include "gui/main_frame_ids.hpp"
#include "gui/mdm/mdm_panel.hpp"
#include "gui/mdm/sync_dialog.hpp"
#include "services/mdm/worker.hpp"

#include <wx/menu.h>

namespace qm::gui {
namespace {

using namespace main_frame_ids;
using services::DeskRole;

// A modeless view: one of each; opening it again brings it forward, read afresh.
template <class View, class Make>
void bringUp(wxWeakRef<View>& view, Make make) {
    if (view) view->refresh();
    else view = make();
    view->Show();
    view->Raise();
}

}  // namespace

void MainFrame::buildMdmMenus(wxMenu* commands, wxMenu* reports) {
    // All off until applyMdmRole() knows the login's role.
    commands->Append(ID_WIPE_REQUESTS, _("&Wipe and retire requests\u2026"),
                     _("Approve or reject wipes and retirements that wait for a second person"));
    commands->Append(ID_COMMAND_QUEUE, _("&Command queue\u2026"), _("Every MDM command and where it is"));
    commands->AppendSeparator();
    commands->Append(ID_MDM_SYNC, _("&Synchronise with the MDM\u2026"),
                     _("Read every managed device from the MDM into the register"));
    reports->Append(ID_REPORT_DRIFT, _("&MDM drift\u2026"), _("Where the register and the MDM disagree"));
    for (int id : {ID_WIPE_REQUESTS, ID_COMMAND_QUEUE, ID_MDM_SYNC}) commands->Enable(id, false);
    reports->Enable(ID_REPORT_DRIFT, false);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open(Dialog::Approvals); }, ID_WIPE_REQUESTS);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open(Dialog::Commands); }, ID_COMMAND_QUEUE);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open(Dialog::Sync); }, ID_MDM_SYNC);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open(Dialog::Drift); }, ID_REPORT_DRIFT);
}

void MainFrame::applyMdmRole(DeskRole role) {
    details_->mdm()->setRole(role);
    startMdmWorker(role);
    // Why an item is off shows where its help would (the status bar).
    wxMenuBar* bar = GetMenuBar();
    const bool approver = role >= DeskRole::Approver;
    bar->Enable(ID_WIPE_REQUESTS, approver);
    bar->SetHelpString(ID_WIPE_REQUESTS, approver ? _("Approve or reject wipes and retirements that wait for a second person")
                                                  : _("Needs an approver or admin login."));
    bar->Enable(ID_COMMAND_QUEUE, role >= DeskRole::Viewer);
    bar->Enable(ID_REPORT_DRIFT, role >= DeskRole::Viewer);
    bar->Enable(ID_MDM_SYNC, dispatcher_ != nullptr);
    bar->SetHelpString(ID_MDM_SYNC, dispatcher_            ? _("Read every managed device from the MDM into the register")
                                    : !mdmProblem_.empty() ? mdmProblem_
                                    : !mdmSettings_        ? _("No MDM configured (see the admin guide).")
                                                           : _("Synchronising needs an agent login or above."));
}

void MainFrame::startMdmWorker(DeskRole role) {
    if (dispatcher_ || !mdmSettings_ || role < DeskRole::Agent) return;
    std::weak_ptr<int> alive = alive_;
    // Its log runs on its own thread; only failures reach the status bar.
    auto log = [this, alive](const std::string& line) {
        if (line.rfind("MDM worker:", 0) != 0) return;
        uiPort().callAfter([this, alive, line] {
            if (!alive.expired()) status(wxString::FromUTF8(line), StatusMessage);
        });
    };
    dispatcher_ = std::make_unique<services::mdm::MdmWorker>(conninfo_, *mdmSettings_, log);
    details_->mdm()->setDispatcher(dispatcher_.get());
}

void MainFrame::openSync() {
    if (!dispatcher_) {
        status(mdmProblem_.empty() ? _("No MDM configured (see the admin guide).") : mdmProblem_, StatusMessage);
        return;
    }
    SyncDialog dialog(this, *dispatcher_);
    dialog.onSynced([this](const SyncSummary&) {
        // Matches may have given devices their MDM ids: show the device on show afresh.
        if (!details_->shownAssetTag().empty()) showDevice(toUtf8(details_->shownAssetTag()), true);
    });
    dialog.ShowModal();
}

void MainFrame::openMdmView(Dialog view) {
    switch (view) {
    case Dialog::Approvals:
        bringUp(approvals_, [this] { return new ApprovalsDialog(this, *worker_, role_, dispatcher_.get()); });
        break;
    case Dialog::Commands: bringUp(commands_, [this] { return new CommandsDialog(this, *worker_, role_); }); break;
    case Dialog::Drift: bringUp(drift_, [this] { return new DriftDialog(this, *worker_); }); break;
    default: break;
    }
}

}  // namespace qm::gui
