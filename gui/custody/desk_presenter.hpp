// DeskPresenter — what a scan at the desk means, free of wxWidgets.
//
//   scan box --code--> presenter --history(code)--> Background (worker thread)
//      ^                   |                               |
//      '-- officerShown / deviceShown(action) / failed <---'  (UiPort::callAfter)
//
// A code is looked up as a device first (asset tag, serial, IMEI, MDM id), then as a staff
// number, exactly as `qmctl history` does. A person becomes the officer at the desk; a device
// is shown with its holder and the hand-over the desk should offer (deskActionFor). The view
// opens the dialogs; the presenter only decides. Testable with any UiPort.
#pragma once

#include "services/background.hpp"
#include "services/custody/custody.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qm::gui {

// A device with its custody, as the desk and the detail pane show it.
struct DeviceCustody {
    Device device;
    std::optional<CustodyRow> holder;
    std::vector<TimelineRow> events;  // oldest first
};
// Runs on the worker. Throws Invalid when nothing has that key.
DeviceCustody loadDeviceCustody(services::Session& session, const std::string& key);

// A person with what they hold and have held.
struct PersonCustody {
    Person person;
    std::vector<CustodyRow> holds;  // open records, newest first
    std::vector<CustodyRow> held;   // closed records, newest first
    std::vector<TimelineRow> events;
};
// Runs on the worker. Throws Invalid naming the staff number when nobody has it.
PersonCustody loadPersonCustody(services::Session& session, const std::string& staffNo);

enum class DeskAction {
    IssueToOfficer,   // in stock, free, and an officer is at the desk
    IssueAskOfficer,  // in stock and free, no officer yet: ask who gets it
    TakeBack,         // issued: return it, swap it, or report it lost
    None,             // nothing to hand over (in repair, lost, retired, under legal hold, ...)
};
DeskAction deskActionFor(const DeviceCustody& device, const std::optional<Person>& officer);

class DeskPresenter : public std::enable_shared_from_this<DeskPresenter> {
public:
    struct Listener {
        std::function<void(const PersonCustody&)> officerShown;
        std::function<void()> officerCleared;
        std::function<void(const DeviceCustody&, DeskAction)> deviceShown;
        std::function<void(const std::string& sentence)> failed;
    };

    static std::shared_ptr<DeskPresenter> create(services::Background& worker, Listener listener);

    // A code from the scan box (trimmed here; scanners may send stray spaces).
    void scan(const std::string& code);
    void clearOfficer();
    // After a hand-over: the officer's holdings again, fresh; the device shown is forgotten
    // (its state has changed, and the next scan will bring the next one).
    void afterHandOver();

    const std::optional<PersonCustody>& officer() const { return officer_; }
    const std::optional<DeviceCustody>& device() const { return device_; }
    // Scans sent to the worker and not answered yet.
    int pending() const { return pending_; }

private:
    DeskPresenter(services::Background& worker, Listener listener);
    void lookUp(const std::string& code, bool personOnly);
    void showPerson(PersonCustody person);
    void showDevice(DeviceCustody device);

    services::Background& worker_;
    Listener listener_;
    std::optional<PersonCustody> officer_;
    std::optional<DeviceCustody> device_;
    int pending_ = 0;
};

}  // namespace qm::gui
