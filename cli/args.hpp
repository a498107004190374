// Command-line parsing for qmctl: global options, a command path ("device import") and the
// command's own options. Unknown or incomplete options are usage errors (exit 2).
#pragma once

#include "model/error.hpp"

#include <map>
#include <string>
#include <vector>

namespace qm::cli {

struct OptionSpec {
    std::string name;      // "--rejects"
    bool takesValue = true;
};

class Args {
public:
    // Parses argv[from..] against the allowed options. Throws Error(Usage).
    Args(const std::vector<std::string>& argv, std::size_t from, const std::vector<OptionSpec>& allowed);

    const std::vector<std::string>& positional() const { return positional_; }
    bool has(const std::string& name) const { return options_.count(name) > 0; }
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    std::vector<std::string> values(const std::string& name) const;
    // Exactly n positional arguments, else a usage error naming `usage`.
    void expectPositional(std::size_t n, const std::string& usage) const;

private:
    std::vector<std::string> positional_;
    std::multimap<std::string, std::string> options_;
};

// A whole number option within [min, max]; invalid input naming the option otherwise.
int wholeNumber(const Args& args, const std::string& name, int min, int max);

inline Error usage(const std::string& sentence) { return Error(ErrorKind::Usage, sentence); }

}  // namespace qm::cli
