#include "services/schema.hpp"

#include "db/migrations.hpp"

namespace qm::services {

std::vector<int> migrateSchema(Session& session) { return db::migrate(session.db()); }

SchemaStatus schemaStatus(Session& session) {
    auto state = db::schemaStateForAnyLogin(session.db());
    return {state.current, state.known, state.pending.size()};
}

std::vector<std::string> textRulesNotYetValid(Session& session) { return db::textRulesNotYetValid(session.db()); }

}  // namespace qm::services
