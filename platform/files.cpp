#include "platform/files.hpp"

#include <cstdlib>
#include <cstdio>

#ifdef _WIN32
namespace qm::platform {
std::string privateFileProblem(const std::string&) { return {}; }
std::string userConfigDir() {
    const char* appData = std::getenv("APPDATA");
    return appData ? std::string(appData) + "\\Quartermaster" : std::string();
}
}  // namespace qm::platform
#else
#include <sys/stat.h>

namespace qm::platform {

std::string privateFileProblem(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "The settings file " + path + " cannot be read.";
    if (!S_ISREG(st.st_mode)) return "The settings file " + path + " is not a regular file.";
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return "The settings file " + path + " holds the MDM secret but others may read or change it (mode " + mode +
               "); run chmod 600 " + path + ".";
    }
    return {};
}

std::string userConfigDir() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::string(xdg) + "/quartermaster";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config/quartermaster";
    return {};
}

}  // namespace qm::platform
#endif
