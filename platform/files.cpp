#include "platform/files.hpp"

#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#ifdef _WIN32
#include <windows.h>

namespace qm::platform {
std::string privateFileProblem(const std::string&) { return {}; }
std::string userConfigDir() {
    const char* appData = std::getenv("APPDATA");
    return appData ? std::string(appData) + "\\Quartermaster" : std::string();
}

namespace {
std::wstring wide(const std::string& utf8) {
    const int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
    std::wstring out(static_cast<std::size_t>(n), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
    return out;
}
}  // namespace

void replaceFile(const std::string& path, const std::string& data, bool) {
    const std::string temp = path + ".tmp";
    {
        std::ofstream out(wide(temp).c_str(), std::ios::binary | std::ios::trunc);
        out.write(data.data(), static_cast<std::streamsize>(data.size()));
        if (!out.flush()) throw std::runtime_error("Cannot write " + path + ".");
    }
    // rename() will not replace an existing file on Windows; MoveFileEx will.
    if (!MoveFileExW(wide(temp).c_str(), wide(path).c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        throw std::runtime_error("Cannot write " + path + ".");
}
}  // namespace qm::platform
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

void replaceFile(const std::string& path, const std::string& data, bool ownerOnly) {
    const std::string temp = path + ".tmp";
    const mode_t mode = ownerOnly ? 0600 : 0644;
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) throw std::runtime_error("Cannot write " + path + ".");
    ::fchmod(fd, mode);  // a left-over .tmp keeps its old mode through O_TRUNC
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n <= 0) {
            ::close(fd);
            throw std::runtime_error("Cannot write " + path + ".");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 || std::rename(temp.c_str(), path.c_str()) != 0)
        throw std::runtime_error("Cannot write " + path + ".");
}

}  // namespace qm::platform
#endif
