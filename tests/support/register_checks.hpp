// Small helpers the register's database tests share: IMEIs that pass or fail the Luhn check,
// and where an import report refused its rows. Header-only; used by tests/db/.
#pragma once

#include "model/identifiers.hpp"
#include "services/import/register_import.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace qm::test {

// A valid IMEI from 14 digits (the check digit appended).
inline std::string imei(const std::string& first14) { return first14 + Imei::checkDigit(first14); }
// The same IMEI with its check digit off by one: 15 digits that fail Luhn.
inline std::string badLuhn(const std::string& first14) {
    return first14 + static_cast<char>('0' + (Imei::checkDigit(first14) - '0' + 1) % 10);
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// (line, column) of each refused row, in the report's order.
inline std::vector<std::pair<std::size_t, std::string>> where(const services::ImportReport& r) {
    std::vector<std::pair<std::size_t, std::string>> out;
    for (const auto& j : r.rejects) out.emplace_back(j.line, j.column);
    return out;
}
inline const services::RejectedRow* rejectAt(const services::ImportReport& r, std::size_t line) {
    for (const auto& j : r.rejects)
        if (j.line == line) return &j;
    return nullptr;
}

}  // namespace qm::test
