// Device list — the service behind the console's register list: its row count and bookmarks
// for jumping anywhere (its pages are searches with no terms, services/search). Called on a worker thread, never the UI thread.
#pragma once

#include "model/device_list.hpp"
#include "services/session.hpp"

#include <optional>
#include <vector>

namespace qm::services {

using qm::DeviceOrder;
using qm::ListKey;

long long deviceCount(Session& session);
std::vector<ListKey> deviceBookmarks(Session& session, DeviceOrder order, int every);

}  // namespace qm::services
