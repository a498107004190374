// SyncDialog — "Synchronise with the MDM": runs an inventory sync on the console's MDM worker
// and shows it going: a pulsing bar, the devices read so far, and Cancel. The register's MDM
// details are replaced only when the last page is in, so Cancel (or a failure) leaves them as
// they were. At the end it says what the sync saw (devices, new, changed, not in the register)
// or why it stopped, and Cancel becomes Close.
//
//   MdmWorker thread --progress/finished--> UiPort::callAfter --> this dialog, if still open
#pragma once

#include "model/mdm.hpp"

#include <wx/dialog.h>
#include <wx/timer.h>

#include <functional>
#include <memory>
#include <string>

class wxButton;
class wxGauge;
class wxStaticText;

namespace qm::services::mdm {
class MdmWorker;
}

namespace qm::gui {

class SyncDialog : public wxDialog {
public:
    SyncDialog(wxWindow* parent, services::mdm::MdmWorker& dispatcher);
    ~SyncDialog() override;
    // Told on the UI thread when a sync has replaced the snapshot.
    void onSynced(std::function<void(const SyncSummary&)> fn) { onSynced_ = std::move(fn); }

    // What is on screen, for tests.
    bool running() const { return running_; }
    wxString progressText() const;
    wxString resultText() const;
    wxButton* cancelButton() const { return button_; }
    wxGauge* gauge() const { return gauge_; }

private:
    void start();
    void finished(const SyncSummary* summary, const std::string& error);

    services::mdm::MdmWorker& dispatcher_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    wxGauge* gauge_ = nullptr;
    wxStaticText* progress_ = nullptr;
    wxStaticText* result_ = nullptr;
    wxButton* button_ = nullptr;
    wxTimer pulse_;
    bool running_ = false;
    std::function<void(const SyncSummary&)> onSynced_;
};

}  // namespace qm::gui
