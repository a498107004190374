#include "cli/args.hpp"

#include <algorithm>

namespace qm::cli {

Args::Args(const std::vector<std::string>& argv, std::size_t from, const std::vector<OptionSpec>& allowed) {
    bool onlyPositional = false;
    for (std::size_t i = from; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (onlyPositional || arg.size() < 2 || arg.rfind("--", 0) != 0) {
            positional_.push_back(arg);
            continue;
        }
        if (arg == "--") {
            onlyPositional = true;
            continue;
        }
        std::string name = arg, value;
        bool inlineValue = false;
        if (auto eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
            inlineValue = true;
        }
        auto spec = std::find_if(allowed.begin(), allowed.end(), [&](const OptionSpec& s) { return s.name == name; });
        if (spec == allowed.end()) throw usage("Unknown option " + name + "; see 'qmctl --help'.");
        if (spec->takesValue && !inlineValue) {
            if (i + 1 >= argv.size()) throw usage("Option " + name + " needs a value.");
            value = argv[++i];
        } else if (!spec->takesValue && inlineValue) {
            throw usage("Option " + name + " takes no value.");
        }
        options_.emplace(name, value);
    }
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
    auto it = options_.find(name);
    return it == options_.end() ? fallback : it->second;
}

std::vector<std::string> Args::values(const std::string& name) const {
    std::vector<std::string> out;
    auto [b, e] = options_.equal_range(name);
    for (auto it = b; it != e; ++it) out.push_back(it->second);
    return out;
}

void Args::expectPositional(std::size_t n, const std::string& usageLine) const {
    if (positional_.size() != n) throw usage("Usage: qmctl " + usageLine);
}

// A whole number option within [min, max]; invalid input naming the option otherwise.
int wholeNumber(const Args& args, const std::string& name, int min, int max) {
    const std::string v = args.value(name);
    try {
        std::size_t used = 0;
        const int n = std::stoi(v, &used);
        if (used == v.size() && n >= min && n <= max) return n;
    } catch (const std::exception&) {
    }
    throw invalid(name.substr(2), "Option " + name + " needs a whole number from " + std::to_string(min) + " to " +
                                      std::to_string(max) + ", not '" + v + "'.");
}

}  // namespace qm::cli
