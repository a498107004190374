#include "services/device_list.hpp"

#include "db/device_list.hpp"
#include "db/register_repository.hpp"

namespace qm::services {

long long deviceCount(Session& session) { return db::countDevices(session.db()); }

std::vector<ListKey> deviceBookmarks(Session& session, DeviceOrder order, int every) {
    return db::deviceBookmarks(session.db(), order, every);
}

}  // namespace qm::services
