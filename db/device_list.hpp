// Device list bookmarks — for the console's virtual list over the whole register.
//
// Its pages are searches with no terms (db/search: "the N rows after this key in this order",
// answered from an index at any depth, never OFFSET). To reach an arbitrary row quickly
// (dragging the scroll bar to the end), the presenter first asks for bookmarks: the key of
// every Kth row, in one index-only pass.
#pragma once

#include "db/database.hpp"
#include "model/device_list.hpp"
#include "model/register.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qm::db {

using qm::DeviceOrder;
using qm::ListKey;

// Keys of rows every, 2*every, ... (1-based): page k (k >= 1) starts after bookmark k-1.
std::vector<ListKey> deviceBookmarks(Database& db, DeviceOrder order, int every);

}  // namespace qm::db
