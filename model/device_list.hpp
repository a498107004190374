// The orders of the console's register list and the keyset key of a row in each: what the
// list presenter remembers to ask for "the rows after this one". Pure values.
#pragma once

#include "model/register.hpp"

#include <string>

namespace qm {

// The orders the list offers: each is backed by an index and ends on the unique asset tag.
enum class DeviceOrder { AssetTag, Serial, Imei, Status };

struct ListKey {
    std::string first;     // value of the sort column (equals assetTag for AssetTag order)
    std::string assetTag;  // tie-breaker
    bool operator==(const ListKey&) const = default;
};

// The key of a row in an order: the page after it starts just past this key.
inline ListKey keyOf(const DeviceListRow& row, DeviceOrder order) {
    switch (order) {
    case DeviceOrder::AssetTag: return {row.assetTag, row.assetTag};
    case DeviceOrder::Serial: return {row.serial, row.assetTag};
    case DeviceOrder::Imei: return {row.imei, row.assetTag};
    case DeviceOrder::Status: return {std::string(toString(row.status)), row.assetTag};
    }
    return {row.assetTag, row.assetTag};
}

}  // namespace qm
