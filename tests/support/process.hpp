// Runs a program (qmctl) as a child process for CLI tests: argv, optional standard input, and
// what it printed and returned.
#pragma once

#include <string>
#include <vector>

namespace qm::test {

struct ProcessResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

ProcessResult runProcess(const std::vector<std::string>& argv, const std::string& input = {});

}  // namespace qm::test
