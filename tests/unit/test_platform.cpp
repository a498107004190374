// The platform layer's answers where they can be checked without a system service: the
// trusted roots (read from the certificate store on Windows, run under Wine by
// scripts/test-windows; left to OpenSSL on Linux) and where the system log goes.
#include "platform/certificates.hpp"
#include "platform/system_log.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace qm::platform {
namespace {

TEST(PlatformCertificates, TheStoresRootsAreReadWhereOpenSslCannotFindThem) {
    const auto roots = systemRootCertificates();
    if (rootsComeFromTheCertificateStore()) {
        EXPECT_GT(roots.size(), 10u) << "the machine's ROOT store gave too few certificates";
        for (const auto& der : roots) {
            ASSERT_GT(der.size(), 100u);
            EXPECT_EQ(static_cast<unsigned char>(der[0]), 0x30u) << "not a DER SEQUENCE";
        }
    } else {
        EXPECT_TRUE(roots.empty());
    }
}

TEST(PlatformLog, WhereThereIsNoSystemLogALineGoesToTheUsersLogFile) {
    const std::string file = logFile();
    if (file.empty()) GTEST_SKIP() << "this system has its own log (syslog, kept by journald), not a file";
    EXPECT_NE(file.find("Quartermaster"), std::string::npos) << file;
    const std::string line = "platform log check " + std::to_string(std::time(nullptr));
    systemLog(LogLevel::Warning, "qm-unit-test", line);
    std::ifstream in(std::filesystem::path(file), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("warning qm-unit-test["), std::string::npos) << text.str();
    EXPECT_NE(text.str().find(line), std::string::npos) << text.str();
}

}  // namespace
}  // namespace qm::platform
