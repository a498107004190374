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

// A program left running (qmctl agent): its output goes to files until stop() sends a signal
// and collects what it printed and how it ended.
class BackgroundProcess {
public:
    explicit BackgroundProcess(const std::vector<std::string>& argv);
    ~BackgroundProcess();  // kills it if still running
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    std::string errSoFar() const;
    std::string outSoFar() const;
    bool running() const;
    ProcessResult stop(int signal);

private:
    int pid_ = -1;
    std::string outFile_, errFile_;
};

}  // namespace qm::test
