// Shared by the qmctl end-to-end tests: run the qmctl under test, and compare text ignoring case.
#pragma once

#include "tests/support/process.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace qm::test {

inline ProcessResult qmctl(const std::vector<std::string>& args, const std::string& input = {}) {
    std::vector<std::string> argv{QMCTL_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    return runProcess(argv, input);
}

inline std::string lowered(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

}  // namespace qm::test
