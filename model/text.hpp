// Small text helpers shared by every layer (pure, standard library only).
#pragma once

#include <string>
#include <string_view>

namespace qm {

// Without leading and trailing spaces, tabs and line ends.
inline std::string trimmed(std::string_view s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

}  // namespace qm
