#include "services/settings_file.hpp"

#include "model/error.hpp"
#include "model/text.hpp"
#include "platform/files.hpp"

#include <cerrno>
#include <cstdio>
#include <fstream>

namespace qm::services {

std::map<std::string, std::string> readSettingsFile(const std::string& path, const std::string& field,
                                                    bool mustBePrivate) {
    if (mustBePrivate)
        if (std::string problem = platform::privateFileProblem(path); !problem.empty()) throw denied(problem);
    std::ifstream in(path);
    if (!in) throw invalid(field, "The settings file " + path + " cannot be read.");
    std::map<std::string, std::string> values;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        const std::string t = trimmed(line);
        if (t.empty() || t[0] == '#') continue;
        const auto eq = t.find('=');
        if (eq == std::string::npos)
            throw invalid(field, "Line " + std::to_string(n) + " of " + path + " is not 'name = value'.");
        values[trimmed(t.substr(0, eq))] = trimmed(t.substr(eq + 1));
    }
    return values;
}

std::string unreadableReason(const std::string& path) {
    errno = 0;
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
        std::fclose(f);
        return {};
    }
    if (errno == ENOENT || errno == ENOTDIR) return "does not exist";
    if (errno == EACCES || errno == EPERM)
        return "cannot be read by this account (check the permissions of the file and of the folders above it)";
    return "cannot be read";
}

}  // namespace qm::services
