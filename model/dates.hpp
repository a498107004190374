// Calendar dates as the register keeps them (purchase date, warranty end): a plain year, month
// and day with no time zone, because these are days on paper, not instants.
//
// parseDate() accepts what the desk types, ISO "2024-02-29" or UK "29/02/2024", and refuses
// dates that do not exist or fall outside 1990-2100, naming the field in the desk's words.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace qm {

struct Date {
    int year = 0;
    int month = 0;
    int day = 0;

    auto operator<=>(const Date&) const = default;
    // "2024-02-29", the form PostgreSQL and the CSV files use.
    std::string iso() const;
    // "29/02/2024", the form UK users read.
    std::string uk() const;
};

bool isLeapYear(int year);
// 28-31, or 0 when month is not 1-12.
int daysInMonth(int year, int month);

// Throws qm::invalid(field, ...) for anything but a real date in 1990-2100 written as
// YYYY-MM-DD or DD/MM/YYYY (day and month may have one digit in the UK form).
Date parseDate(std::string_view text, std::string_view field);

// Seconds since 1970-01-01 UTC for an ISO 8601 UTC time as the register writes it
// ("2026-03-14T10:42:00Z", fractions of a second and the Z optional); nullopt for anything
// else. Computed here rather than with strptime/timegm, which Windows lacks.
std::optional<long long> parseUtcSeconds(std::string_view iso);

}  // namespace qm
