// What a search returns, and how it may be ordered: the rows of the Register's search results,
// their keyset key, the count shown above them, and saved searches. Pure values shared by
// db/search, services/search and the two views.
#pragma once

#include "model/device_list.hpp"
#include "model/lifecycle.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qm::search {

// Every order is a keyset order that ends on the unique asset tag.
enum class SortField { Tag, Serial, Imei, Status, Model, Unit, Holder, LastSeen, Issued, Warranty };

struct Sort {
    SortField field = SortField::Tag;
    bool descending = false;
    bool operator==(const Sort&) const = default;
};

// The search order of one of the register list's orders.
inline Sort sortOf(DeviceOrder order) {
    switch (order) {
    case DeviceOrder::AssetTag: return {SortField::Tag};
    case DeviceOrder::Serial: return {SortField::Serial};
    case DeviceOrder::Imei: return {SortField::Imei};
    case DeviceOrder::Status: return {SortField::Status};
    }
    return {};
}

// "tag", "serial", ... in the order help lists them.
const std::vector<std::string>& sortNames();
// "lastseen", or "-lastseen" for descending; nullopt when unknown.
std::optional<Sort> parseSort(std::string_view text);
std::string sortName(Sort sort);

// One device in the results: what the list, CSV and JSON show.
struct ResultRow {
    long long id = 0;
    std::string assetTag;
    std::string makeAndModel;
    std::string kind;
    std::string imei;
    std::string serial;
    std::string phone;
    DeviceStatus status = DeviceStatus::InStock;
    std::string unit;
    bool legalHold = false;
    std::string staffNo;      // holder, while issued
    std::string holder;
    std::string issuedAt;     // ISO 8601 UTC, while issued
    std::string lastSeen;     // last MDM check-in, ISO 8601 UTC, "" when unknown
    std::string compliance;
    std::string os;
    std::string warrantyUntil;
    ListKey key;              // where the page after this row starts
};

struct Count {
    long long rows = 0;
    bool estimated = false;   // true: the planner's estimate, shown as "about"
    bool moreThan = false;    // true: at least `rows`, not counted further ("more than 10,000")
};

struct SavedSearch {
    std::string name;
    std::string query;
    std::string owner;
    bool shared = false;
    bool mine = false;
};

// The result columns for CSV/JSON/table output and the console's column chooser.
struct Column {
    const char* name;   // machine name used by --columns and JSON
    const char* title;  // heading for people
};
const std::vector<Column>& resultColumns();
// The cell of `row` under column `name` ("" for an unknown name).
std::string cell(const ResultRow& row, std::string_view name);

}  // namespace qm::search
