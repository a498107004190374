// Batch writes for the CSV imports: thousands of checked rows in one statement each, as any
// manager's login may (no bulk-load privileges; every row passes the register's constraints,
// triggers and audit). Rows travel as one JSON array bound as a parameter, never as SQL text.
// The services build the JSON from rows they have already validated (services/import).
#pragma once

#include "db/database.hpp"
#include "db/register_repository.hpp"

#include <map>
#include <string>
#include <vector>

namespace qm::db {

// A row of the batch (its file line) whose value is already in the register.
struct Conflict {
    int line = 0;
    std::string column;  // "asset_tag", "serial", "imei", "staff_no", "email"
    std::string value;
};

// JSON objects for the batch, with the file line each row came from.
std::string deviceJson(int line, const NewDevice& device);
std::string personJson(int line, const NewPerson& person);

// Devices whose asset tag, serial or IMEI (either slot) the register already has.
std::vector<Conflict> deviceConflicts(Database& db, const std::string& jsonArray);
// Inserts the batch but the rows on `skipLines`; returns how many were inserted.
long long insertDevices(Database& db, const std::string& jsonArray, const std::vector<int>& skipLines);

// People whose staff number (when not updating) or e-mail (held by someone else) is taken.
std::vector<Conflict> personConflicts(Database& db, const std::string& jsonArray, bool update);
struct PeopleWritten {
    long long inserted = 0, updated = 0;
};
// Which optional person columns a file has: an update changes only those.
struct PersonColumns {
    bool rank = true, email = true, unit = true, active = true;
};
// Inserts the batch (and with `update`, brings existing people's details up to date).
PeopleWritten upsertPeople(Database& db, const std::string& jsonArray, const std::vector<int>& skipLines, bool update,
                           const PersonColumns& given = {});
// Active people whose staff number is not in `staffNos` (a JSON array of strings): counted,
// or marked as leavers (inactive, left today).
long long countMissingPeople(Database& db, const std::string& staffNos);
long long markMissingAsLeavers(Database& db, const std::string& staffNos);
long long countActivePeople(Database& db);

// The staff numbers of active people named by e-mail address (any case) or staff number, keyed
// by what was given; names without a match are left out.
std::map<std::string, std::string> staffNumbersFor(Database& db, const std::vector<std::string>& emailsOrNumbers);

}  // namespace qm::db
