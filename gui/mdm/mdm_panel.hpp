// MdmPanel — the "MDM" group of the device detail pane: what the last complete MDM sync saw of
// the device on show (last check-in, OS, compliance, MDM user, MDM id), the device's commands
// in the outbox, and the requests a desk can make: Lock (remote lock), Sync (ask the device to
// check in), Wipe… and Retire… (requests that a different approver must approve).
//
//   showDevice(d) --worker--> snapshotFor + forDevice + lastSyncAt --> facts and commands
//   button --> ReasonDialog (reason; a wipe also the typed asset tag) --worker--> request()
//          --> the outcome as a notification line, the commands reloaded, the pane told
//
// Nothing here decides who may do what beyond greying out buttons with a tooltip saying why:
// the register's functions have the last word, and their refusals are shown as they said them.
#pragma once

#include "model/custody.hpp"
#include "model/register.hpp"
#include "services/background.hpp"

#include <wx/panel.h>
#include <wx/timer.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

class wxButton;

namespace qm::services::mdm {
class MdmWorker;
}

namespace qm::gui {

class CommandList;
class WrappedText;

class MdmPanel : public wxPanel {
public:
    // pane: the window whose width the facts wrap to (the detail pane).
    MdmPanel(wxWindow* parent, wxWindow* pane, services::Background& worker);
    ~MdmPanel() override;

    // Loads what the MDM knows of the device, and its commands, on the worker.
    void showDevice(const Device& device);
    void clear();
    // The login's role (requests need an agent or above) and the console's MDM worker, which
    // is woken after a request so it goes out at once (null when this console has none).
    void setRole(services::DeskRole role);
    void setDispatcher(services::mdm::MdmWorker* dispatcher) { dispatcher_ = dispatcher; }
    // Told after a request changed the device's record (its timeline has a new line).
    void onChanged(std::function<void(const std::string& assetTag)> fn) { onChanged_ = std::move(fn); }
    // Loads the device on show again.
    void reload();

    // The requests, as the buttons make them (the dialogs are modal, parented to the window).
    void openLock();
    void openWipe();
    void openRetire();
    void requestSync();

    // What is on screen, for tests.
    wxString factsText() const;
    wxString noticeText() const;
    CommandList* commands() const { return commands_; }
    wxButton* lockButton() const { return lock_; }
    wxButton* syncButton() const { return sync_; }
    wxButton* wipeButton() const { return wipe_; }
    wxButton* retireButton() const { return retire_; }
    bool loading() const { return loading_; }

private:
    struct Loaded;
    void show(const Loaded& loaded);
    void enableButtons();
    void notice(const wxString& text, bool problem);
    void requested(const wxString& sentence);
    wxWindow* dialogParent();

    services::Background& worker_;
    services::mdm::MdmWorker* dispatcher_ = nullptr;
    services::DeskRole role_ = services::DeskRole::None;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    std::optional<Device> device_;
    long long generation_ = 0;  // of the device on show; older answers are dropped
    bool loading_ = false;
    WrappedText* facts_ = nullptr;
    CommandList* commands_ = nullptr;
    wxButton* lock_ = nullptr;
    wxButton* sync_ = nullptr;
    wxButton* wipe_ = nullptr;
    wxButton* retire_ = nullptr;
    WrappedText* notice_ = nullptr;
    wxTimer poll_;  // while a command is on its way to the MDM, its state is looked at again
    std::function<void(const std::string&)> onChanged_;
};

}  // namespace qm::gui
