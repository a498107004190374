#include "platform/system_log.hpp"

#include <mutex>

#ifndef _WIN32
#include <syslog.h>
#endif

namespace qm::platform {

void systemLog(LogLevel level, const std::string& program, const std::string& message) {
#ifdef _WIN32
    // The Windows event log needs a registered source (the installer's work); until then the
    // anchors file is the record.
    (void)level;
    (void)program;
    (void)message;
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
