// Custody services — the desk's daily work (DESIGN.md §7: issue, return, swap, lost, repair,
// restock, retire, hold, release, history, custody-at) for both the console and qmctl.
//
// Each operation is one database call, so one transaction: the database locks the device,
// checks the lifecycle, the holder rules, legal holds and the caller's role, writes the custody
// record, the device's timeline and the audit events, and either all of it lands or none does.
// Refusals arrive as qm::Error with a sentence that says what is in the way.
#pragma once

#include "model/custody.hpp"
#include "model/register.hpp"
#include "services/session.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qm::services {

struct IssueRequest {
    std::string device;                   // asset tag, serial, IMEI or MDM id
    std::string staffNo;
    std::vector<std::string> accessories;
    std::string note;
    std::string overrideReason;           // a manager's reason for a second phone or tablet
    std::optional<int> expectedVersion;   // the version the desk saw (optimistic locking)
};

struct ReturnRequest {
    std::string device;
    std::string condition = "good";       // good, damaged, faulty, incomplete
    std::string note;
    std::optional<int> expectedVersion;
};

struct HandOver {
    std::string receipt;
    Device device;                        // as it is now
    std::optional<Person> person;         // the holder (issue) or the person who returned it
};

HandOver issueDevice(Session& session, const IssueRequest& request);

struct SittingResult {
    std::string receipt;
    std::vector<Device> devices;  // as they are now, in the order given
    std::optional<Person> person;
};
// Issues every device in REQUESTS (all to one staff number, in one sitting at the desk) in one
// transaction, on one receipt: all of them or none.
SittingResult issueDevices(Session& session, const std::vector<IssueRequest>& requests);
HandOver returnDevice(Session& session, const ReturnRequest& request);

struct SwapResult {
    std::string receipt;
    Device oldDevice, newDevice;
    Person person;
};
// expectedVersion, where given, is the version of the device the desk was looking at: a
// device changed since by someone else is refused (optimistic locking).
SwapResult swapDevice(Session& session, const std::string& oldDevice, const std::string& newDevice,
                      const std::string& reason, std::optional<int> expectedVersion = std::nullopt);

struct LostResult {
    Device device;
    std::string receipt;              // the loss report the officer signs
    long long remoteLockCommand = 0;  // the queued MDM remote lock
};
LostResult reportLost(Session& session, const std::string& device, bool stolen, const std::string& reference,
                      std::optional<int> expectedVersion = std::nullopt);

Device sendToRepair(Session& session, const std::string& device, const std::string& note,
                    std::optional<int> expectedVersion = std::nullopt);
Device restock(Session& session, const std::string& device, const std::string& note,
               std::optional<int> expectedVersion = std::nullopt);
Device placeHold(Session& session, const std::string& device, const std::string& reason,
                 std::optional<int> expectedVersion = std::nullopt);
Device releaseHold(Session& session, const std::string& device, std::optional<int> expectedVersion = std::nullopt);

// A device's open custody (its holder now), if any.
std::optional<CustodyRow> currentHolder(Session& session, const Device& device);
// Who held DEVICE at TIME (ISO 8601; a time without zone is London time).
std::optional<CustodyRow> custodyAt(Session& session, const std::string& device, const std::string& isoTime);

struct History {
    std::optional<Device> device;   // when asked about a device
    std::optional<Person> person;   // when asked about a person
    std::vector<TimelineRow> events;
    std::vector<CustodyRow> custody;  // a person's holdings, newest first
};
// DEVICE (asset tag, serial, IMEI, MDM id) or STAFF_NO.
History history(Session& session, const std::string& deviceOrStaffNo);

}  // namespace qm::services
