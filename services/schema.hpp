// Schema services — `qmctl db migrate` and `db status`: apply the compiled-in migrations and
// say where the database's schema stands against what this program knows.
#pragma once

#include "services/session.hpp"

#include <vector>

namespace qm::services {

struct SchemaStatus {
    int current = 0;   // applied in the database
    int known = 0;     // known to this program
    std::size_t pending = 0;
};

// Applies what is pending; returns the versions applied (empty when up to date).
std::vector<int> migrateSchema(Session& session);
SchemaStatus schemaStatus(Session& session);
// Columns whose older rows break the register's text rules ("person.name"), to fix by hand.
std::vector<std::string> textRulesNotYetValid(Session& session);

}  // namespace qm::services
