#include "platform/system_log.hpp"

#include <mutex>

#ifdef _WIN32
#include <windows.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#else
#include <syslog.h>
#endif

namespace qm::platform {

std::string logFile() {
#ifdef _WIN32
    const wchar_t* local = _wgetenv(L"LOCALAPPDATA");
    if (!local || !*local) return {};
    return (std::filesystem::path(local) / "Quartermaster" / "logs" / "quartermaster.log").string();
#else
    return {};
#endif
}

void systemLog(LogLevel level, const std::string& program, const std::string& message) {
#ifdef _WIN32
    // The event log needs a source registered per machine; a log file in the user's local
    // folder needs nothing and goes with the account that ran the agent or the desk.
    try {
        const std::filesystem::path file = logFile();
        if (file.empty()) return;
        std::filesystem::create_directories(file.parent_path());
        static std::mutex lock;
        std::lock_guard<std::mutex> hold(lock);
        if (std::FILE* out = _wfopen(file.wstring().c_str(), L"ab")) {
            char when[32];
            const std::time_t now = std::time(nullptr);
            std::tm utc{};
            gmtime_s(&utc, &now);
            std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
            const char* word = level == LogLevel::Error ? "error" : level == LogLevel::Warning ? "warning" : "info";
            std::fprintf(out, "%s %s %s[%lu]: %s\r\n", when, word, program.c_str(),
                         static_cast<unsigned long>(GetCurrentProcessId()), message.c_str());
            std::fclose(out);
        }
    } catch (...) {
        // never throws: a missing log must not stop the work
    }
#else
    const int priority = level == LogLevel::Error ? LOG_ERR : level == LogLevel::Warning ? LOG_WARNING : LOG_NOTICE;
    // openlog keeps the pointer it is given, so the identity must outlive the call, and the
    // log's settings are process-wide.
    static std::mutex lock;
    static std::string ident;
    std::lock_guard<std::mutex> hold(lock);
    ident = program;
    ::openlog(ident.c_str(), LOG_PID, LOG_USER);
    ::syslog(priority, "%s", message.c_str());
    ::closelog();
#endif
}

}  // namespace qm::platform
