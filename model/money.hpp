// Money in the register is a whole number of pence held in a long long, so totals over
// 32,000 devices never pick up floating-point rounding. parsePence() reads what the desk types.
#pragma once

#include "model/error.hpp"
#include "model/identifiers.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace qm {

// Ten billion pounds: far above any device cost, far below where a long long overflows.
inline constexpr long long kMaxPence = 1'000'000'000'000LL;

// Digits only, surrounding spaces allowed, 0 to kMaxPence. Throws qm::invalid(field, ...).
inline long long parsePence(std::string_view text, std::string_view field) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    const std::string label = fieldLabel(field);
    if (text.empty()) throw invalid(std::string(field), label + " is missing.");
    const std::string shown = label + " " + quoteInput(text);
    if (text.front() == '-')
        throw invalid(std::string(field), shown + " is negative: enter a whole number of pence, 0 or more.");
    long long pence = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            // "12.5" in a pence field is almost always pounds: say what to type instead.
            const auto dot = text.find('.');
            const std::string_view pounds = text.substr(0, dot), fraction = text.substr(dot + 1);
            bool looksLikePounds = dot != std::string_view::npos && !pounds.empty() && pounds.size() <= 9 &&
                                   !fraction.empty() && fraction.size() <= 2;
            for (char d : pounds) looksLikePounds = looksLikePounds && d >= '0' && d <= '9';
            for (char d : fraction) looksLikePounds = looksLikePounds && d >= '0' && d <= '9';
            std::string hint;
            if (looksLikePounds) {
                std::string asPence = std::string(pounds) + std::string(fraction) + (fraction.size() == 1 ? "0" : "");
                asPence.erase(0, std::min(asPence.find_first_not_of('0'), asPence.size() - 1));
                hint = "; for \xC2\xA3" + std::string(pounds) + "." + std::string(fraction) +
                       (fraction.size() == 1 ? "0" : "") + " enter " + asPence;
            }
            throw invalid(std::string(field), shown + " is not a whole number of pence" + hint + ".");
        }
        pence = pence * 10 + (c - '0');  // cannot overflow: pence <= kMaxPence before each step
        if (pence > kMaxPence)
            throw invalid(std::string(field), shown + " is too large: the most is " + std::to_string(kMaxPence) +
                                                  " pence.");
    }
    return pence;
}

// "£551.08" for 55108 pence, as the desk reads an amount (UTF-8).
inline std::string formatPence(long long pence) {
    const std::string digits = std::to_string(pence / 100), cents = std::to_string(100 + pence % 100).substr(1);
    return "\xC2\xA3" + digits + "." + cents;
}

}  // namespace qm
