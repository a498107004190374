#include "model/dates.hpp"

#include "model/error.hpp"
#include "model/identifiers.hpp"

#include <array>

namespace qm {
namespace {

constexpr int kFirstYear = 1990;
constexpr int kLastYear = 2100;

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December"};

std::string padded(int value, std::size_t width) {
    std::string digits = std::to_string(value);
    return std::string(digits.size() < width ? width - digits.size() : 0, '0') + digits;
}

// The whole of text as a number, or -1 when it is empty, too long or not all digits.
int number(std::string_view text, std::size_t minDigits, std::size_t maxDigits) {
    if (text.size() < minDigits || text.size() > maxDigits) return -1;
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

std::string Date::iso() const { return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2); }

std::string Date::uk() const { return padded(day, 2) + "/" + padded(month, 2) + "/" + padded(year, 4); }

bool isLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int daysInMonth(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
}

Date parseDate(std::string_view text, std::string_view field) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    const std::string label = fieldLabel(field);
    if (text.empty()) throw invalid(std::string(field), label + " is missing.");
    const std::string shown = label + " " + quoteInput(text);

    Date date{-1, -1, -1};
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        date = {number(text.substr(0, 4), 4, 4), number(text.substr(5, 2), 2, 2), number(text.substr(8, 2), 2, 2)};
    } else if (const auto first = text.find('/'), second = text.find('/', first + 1);
               first != std::string_view::npos && second != std::string_view::npos) {
        date = {number(text.substr(second + 1), 4, 4), number(text.substr(first + 1, second - first - 1), 1, 2),
                number(text.substr(0, first), 1, 2)};
    }
    if (date.year < 0 || date.month < 0 || date.day < 0)
        throw invalid(std::string(field), shown + " is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.");
    if (date.year < kFirstYear || date.year > kLastYear)
        throw invalid(std::string(field), shown + " is in " + std::to_string(date.year) + ": dates must fall between " +
                                              std::to_string(kFirstYear) + " and " + std::to_string(kLastYear) + ".");
    if (date.month < 1 || date.month > 12)
        throw invalid(std::string(field),
                      shown + " has month " + std::to_string(date.month) + ": months run from 1 to 12.");
    const int days = daysInMonth(date.year, date.month);
    if (date.day < 1 || date.day > days)
        throw invalid(std::string(field), shown + " does not exist: " +
                                              std::string(kMonthNames[static_cast<std::size_t>(date.month - 1)]) +
                                              " " + std::to_string(date.year) + " has " + std::to_string(days) +
                                              " days.");
    return date;
}

namespace {

// Days from 1970-01-01 to a date in the proleptic Gregorian calendar (Howard Hinnant's
// days_from_civil).
long long daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

}  // namespace

std::optional<long long> parseUtcSeconds(std::string_view iso) {
    if (iso.size() < 19 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':' || iso[16] != ':')
        return std::nullopt;
    auto number = [&](std::size_t at, std::size_t n) -> int {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (iso[i] < '0' || iso[i] > '9') return -1;
            v = v * 10 + (iso[i] - '0');
        }
        return v;
    };
    const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
    const int hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59 || second < 0 || second > 60)
        return std::nullopt;
    std::string_view rest = iso.substr(19);
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') rest.remove_prefix(1);
    }
    if (rest == "Z" || rest == "+00:00") rest = {};
    if (!rest.empty()) return std::nullopt;
    return daysFromCivil(year, month, day) * 86400LL + hour * 3600LL + minute * 60LL + second;
}

}  // namespace qm
