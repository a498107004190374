// Register repository — the SQL behind adding and finding devices, people, device models and
// command units. Services validate input into model types first; these functions only store
// and fetch, and let the database's own constraints have the last word.
#pragma once

#include "db/database.hpp"
#include "model/register.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qm::db {

// Devices are found by asset tag, serial, IMEI (either slot) or MDM id.
std::optional<Device> findDevice(Database& db, std::string_view key);
std::optional<Person> findPerson(Database& db, std::string_view staffNo);

// "MAKER MODEL" matched case-insensitively against manufacturer + ' ' + model.
std::optional<long long> findDeviceModel(Database& db, std::string_view makerAndModel);
long long createDeviceModel(Database& db, const std::string& manufacturer, const std::string& model,
                            const std::string& kind);
// A command unit by name or code, case-insensitively.
std::optional<long long> findCommandUnit(Database& db, std::string_view nameOrCode);
long long createCommandUnit(Database& db, const std::string& name, const std::string& code = {},
                            const std::string& kind = "bcu");

// Values already validated by the model types; "" means NULL for optional columns.
struct NewDevice {
    std::string assetTag, serial, imei, imei2, phone, status = "in_stock";
    std::string purchasedOn, warrantyUntil, notes;
    long long modelId = 0;
    std::optional<long long> unitId;
    std::optional<long long> costPence;
};
long long insertDevice(Database& db, const NewDevice& device);

struct NewPerson {
    std::string staffNo, name, rank, email;
    std::optional<long long> unitId;
    bool active = true;
};
long long insertPerson(Database& db, const NewPerson& person);

long long countDevices(Database& db);
long long countPeople(Database& db);

// A savepoint: lets a batch keep going after one row is refused.
class Savepoint {
public:
    explicit Savepoint(Database& db);
    ~Savepoint();
    void release();

private:
    Database& db_;
    bool open_ = true;
};

}  // namespace qm::db
