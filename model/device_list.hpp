// The orders of the console's register list and the keyset key of a row: what the list
// presenter remembers to ask for "the rows after this one" (a search row carries its own key,
// search::ResultRow::key). Pure values.
#pragma once


#include <string>

namespace qm {

// The orders the list offers: each is backed by an index and ends on the unique asset tag.
enum class DeviceOrder { AssetTag, Serial, Imei, Status };

struct ListKey {
    std::string first;     // value of the sort column (equals assetTag for AssetTag order)
    std::string assetTag;  // tie-breaker
    bool operator==(const ListKey&) const = default;
};

}  // namespace qm
