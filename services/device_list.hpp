// Device list — the service behind the console's register list: row count, keyset pages and
// bookmarks for jumping anywhere. Called on a worker thread, never the UI thread.
#pragma once

#include "model/device_list.hpp"
#include "services/session.hpp"

#include <optional>
#include <vector>

namespace qm::services {

using qm::DeviceOrder;
using qm::ListKey;

long long deviceCount(Session& session);
std::vector<DeviceListRow> devicePage(Session& session, DeviceOrder order, const std::optional<ListKey>& after,
                                      int limit);
std::vector<ListKey> deviceBookmarks(Session& session, DeviceOrder order, int every);

}  // namespace qm::services
