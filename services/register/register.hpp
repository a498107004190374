// Register services — adding and showing devices and people (`qmctl device add|show`,
// `person add`, the console's detail pane), shared by the CSV imports.
//
// Input arrives as the text a person typed or a CSV cell held. validateDevice() and
// validatePerson() turn it into checked values or throw a qm::Error naming the field; the
// Resolver finds (or, for a manager, creates and reports) device models and command units.
#pragma once

#include "db/register_repository.hpp"
#include "services/session.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace qm::services {

struct DeviceInput {
    std::string assetTag, serial, imei, imei2;
    std::string manufacturer;  // optional: when empty, `model` holds "MAKER MODEL"
    std::string model;
    std::string phone, status, purchasedOn, warrantyUntil, costPence, notes, unit;
};

struct ValidDevice {
    db::NewDevice row;          // modelId and unitId still to resolve
    std::string manufacturer;   // "Samsung"
    std::string modelName;      // "Galaxy A54 5G"
    std::string unit;           // command unit name or code, "" for none
};

struct PersonInput {
    std::string staffNo, name, rank, unit, email, active;
};

struct ValidPerson {
    db::NewPerson row;
    std::string unit;
};

// Pure validation: throws qm::Error(Invalid) for the first bad field.
ValidDevice validateDevice(const DeviceInput& input);
ValidPerson validatePerson(const PersonInput& input);

// Finds device models and command units by name, creating unknown ones and
// remembering what it created so the caller can report it.
class Resolver {
public:
    // Only for callers that hold the manager role (they check it first): only managers add
    // models and units, and the database refuses anyone else anyway.
    explicit Resolver(db::Database& db) : db_(db) {}
    long long deviceModel(const std::string& manufacturer, const std::string& model);
    std::optional<long long> commandUnit(const std::string& nameOrCode);
    // "device model Samsung Galaxy Z", "command unit Central West" — in the order created.
    const std::vector<std::string>& created() const { return created_; }
    // Forgets what was created since `mark` (after a row's savepoint was rolled back).
    std::size_t mark() const { return created_.size(); }
    void rollbackTo(std::size_t mark);

private:
    db::Database& db_;
    std::map<std::string, long long> models_, units_;
    std::vector<std::string> created_;
    std::vector<std::string> createdKeys_;
};

struct AddedDevice {
    Device device;
    std::vector<std::string> created;
};
AddedDevice addDevice(Session& session, const DeviceInput& input);

struct AddedPerson {
    Person person;
    std::vector<std::string> created;
};
AddedPerson addPerson(Session& session, const PersonInput& input);

// DEVICE may be an asset tag, serial, IMEI or MDM id. Throws Invalid when nothing matches.
Device showDevice(Session& session, const std::string& key);
// The person with this staff number, if any (a scanned warrant card, a typed number).
std::optional<Person> findPerson(Session& session, const std::string& staffNo);

}  // namespace qm::services
