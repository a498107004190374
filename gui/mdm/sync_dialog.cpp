#include "gui/mdm/sync_dialog.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_text.hpp"
#include "gui/wx_ui_port.hpp"
#include "services/mdm/worker.hpp"

#include <wx/button.h>
#include <wx/gauge.h>
#include <wx/numformatter.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <optional>

namespace qm::gui {
namespace {

using a11y::Tone;
using a11y::toneColour;
constexpr int kPulseMs = 100;

wxString number(long long n) {
    return wxNumberFormatter::ToString(static_cast<long>(n), wxNumberFormatter::Style_WithThousandsSep);
}

// The worker's callbacks arrive on its thread; this hands them to the UI thread.
services::UiPort& ui() {
    static WxUiPort port;
    return port;
}

}  // namespace

SyncDialog::SyncDialog(wxWindow* parent, services::mdm::MdmWorker& dispatcher)
    : wxDialog(parent, wxID_ANY, _("Synchronise with the MDM"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE),
      dispatcher_(dispatcher) {
    SetName(_("Synchronise with the MDM"));
    const int gap = FromDIP(12);
    const int width = FromDIP(520);
    auto* intro = new a11y::InfoText(this, wxID_ANY,
                                     _("Reading every managed device from the MDM. The register's MDM details change "
                                       "only when the last page is in: Cancel leaves them as they were."));
    intro->SetName(_("About the sync"));
    intro->Wrap(width);
    gauge_ = new wxGauge(this, wxID_ANY, 100, wxDefaultPosition, wxSize(width, -1), wxGA_HORIZONTAL | wxGA_SMOOTH);
    a11y::setName(gauge_, _("Sync progress"));
    progress_ = new a11y::InfoText(this, wxID_ANY, _("Signing in to the MDM\u2026"));
    progress_->SetName(_("Devices read"));
    result_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    result_->SetName(_("Sync result"));
    result_->SetFont(result_->GetFont().Bold());
    a11y::markAsNotification(result_);
    result_->Hide();
    // Without "&": the stock words would make wxGTK show GTK's own, untranslated label.
    button_ = new wxButton(this, wxID_CANCEL, _("Cancel"));
    a11y::setName(button_, button_->GetLabel());

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(intro, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(gauge_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(progress_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(result_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(button_, 0, wxALIGN_RIGHT | wxALL, gap);
    SetSizerAndFit(sizer);
    CentreOnParent();

    pulse_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { gauge_->Pulse(); });
    // Cancel asks the worker to stop; the dialog stays until it has (the previous snapshot is
    // then whole), and the same button closes it afterwards.
    button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
        if (!running_) {
            e.Skip();
            return;
        }
        dispatcher_.cancelSync();
        button_->Disable();
        progress_->SetLabelText(_("Cancelling\u2026"));
    });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        if (running_) {
            dispatcher_.cancelSync();  // the window manager's close button: cancel, then close
            if (e.CanVeto()) {
                e.Veto();
                button_->Disable();
                progress_->SetLabelText(_("Cancelling\u2026"));
                return;
            }
        }
        e.Skip();
    });
    start();
}

SyncDialog::~SyncDialog() {
    alive_.reset();
    pulse_.Stop();
    if (running_) dispatcher_.cancelSync();
}

wxString SyncDialog::progressText() const { return progress_->GetLabel(); }
wxString SyncDialog::resultText() const { return result_->IsShown() ? result_->GetLabel() : wxString(); }

void SyncDialog::start() {
    std::weak_ptr<int> alive = alive_;
    services::UiPort* port = &ui();
    auto progress = [this, alive, port](const services::mdm::SyncProgress& p) {
        port->callAfter([this, alive, p] {
            if (alive.expired() || !running_) return;
            progress_->SetLabelText(wxString::Format(wxPLURAL("%s device read", "%s devices read", p.devices),
                                                     number(p.devices)));
        });
    };
    auto done = [this, alive, port](const SyncSummary* summary, const std::string& error) {
        std::optional<SyncSummary> copy;
        if (summary) copy = *summary;
        port->callAfter([this, alive, copy, error] {
            if (!alive.expired()) finished(copy ? &*copy : nullptr, error);
        });
    };
    running_ = dispatcher_.startSync(progress, done);
    if (!running_) {
        finished(nullptr, _("A sync is running already; wait for it to finish.").ToStdString(wxConvUTF8));
        return;
    }
    pulse_.Start(kPulseMs);
}

void SyncDialog::finished(const SyncSummary* summary, const std::string& error) {
    running_ = false;
    pulse_.Stop();
    gauge_->SetValue(summary ? gauge_->GetRange() : 0);
    if (summary) {
        progress_->SetLabelText(wxString::Format(wxPLURAL("%s device read", "%s devices read", summary->seen),
                                                 number(summary->seen)));
        result_->SetLabelText(wxString::Format(
            _("Done. In the MDM: %s; new: %s; changed: %s; not in the register: %s; gone from the MDM: %s."),
            number(summary->seen), number(summary->added), number(summary->changed), number(summary->unmatched),
            number(summary->gone)));
        result_->SetForegroundColour(toneColour(Tone::Done));
    } else {
        result_->SetLabelText(wxString::Format(_("The sync stopped: %s The register's MDM details are unchanged."),
                                               wxString::FromUTF8(error)));
        result_->SetForegroundColour(toneColour(Tone::Problem));
    }
    result_->Wrap(FromDIP(520));
    result_->Show();
    button_->SetLabel(_("Close"));
    a11y::setName(button_, _("Close"));
    button_->Enable();
    button_->SetFocus();
    Fit();
    a11y::announce(result_);
    if (summary && onSynced_) onSynced_(*summary);
}

}  // namespace qm::gui
