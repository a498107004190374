#include "model/search_results.hpp"

#include <array>

namespace qm::search {
namespace {

constexpr std::array<std::pair<SortField, const char*>, 10> kSorts{{
    {SortField::Tag, "tag"}, {SortField::Serial, "serial"}, {SortField::Imei, "imei"},
    {SortField::Status, "status"}, {SortField::Model, "model"}, {SortField::Unit, "unit"},
    {SortField::Holder, "holder"}, {SortField::LastSeen, "lastseen"}, {SortField::Issued, "issued"},
    {SortField::Warranty, "warranty"},
}};

}  // namespace

const std::vector<std::string>& sortNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& [field, name] : kSorts) out.emplace_back(name);
        return out;
    }();
    return names;
}

std::optional<Sort> parseSort(std::string_view text) {
    Sort sort;
    if (!text.empty() && text.front() == '-') {
        sort.descending = true;
        text.remove_prefix(1);
    }
    for (const auto& [field, name] : kSorts)
        if (text == name) {
            sort.field = field;
            return sort;
        }
    return std::nullopt;
}

std::string sortName(Sort sort) {
    for (const auto& [field, name] : kSorts)
        if (field == sort.field) return (sort.descending ? "-" : "") + std::string(name);
    return "tag";
}

const std::vector<Column>& resultColumns() {
    static const std::vector<Column> columns{
        {"asset_tag", "Asset tag"}, {"model", "Model"},        {"kind", "Kind"},
        {"imei", "IMEI"},           {"serial", "Serial"},      {"phone", "Phone"},
        {"status", "Status"},       {"unit", "Unit"},          {"legal_hold", "Legal hold"},
        {"staff_no", "Staff no."},  {"holder", "Holder"},      {"issued_at", "Issued at"},
        {"last_seen", "Last check-in"}, {"compliance", "Compliance"}, {"os", "OS"},
        {"warranty_until", "Warranty until"},
    };
    return columns;
}

std::string cell(const ResultRow& row, std::string_view name) {
    if (name == "asset_tag") return row.assetTag;
    if (name == "model") return row.makeAndModel;
    if (name == "kind") return row.kind;
    if (name == "imei") return row.imei;
    if (name == "serial") return row.serial;
    if (name == "phone") return row.phone;
    if (name == "status") return std::string(toString(row.status));
    if (name == "unit") return row.unit;
    if (name == "legal_hold") return row.legalHold ? "yes" : "no";
    if (name == "staff_no") return row.staffNo;
    if (name == "holder") return row.holder;
    if (name == "issued_at") return row.issuedAt;
    if (name == "last_seen") return row.lastSeen;
    if (name == "compliance") return row.compliance;
    if (name == "os") return row.os;
    if (name == "warranty_until") return row.warrantyUntil;
    return {};
}

}  // namespace qm::search
