// Shared by the qmctl end-to-end tests: run the qmctl under test, and compare text ignoring case.
#pragma once

#include "tests/support/process.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace qm::test {

// A unique temporary file path (created empty by mkstemp).
inline std::string tempPath(const std::string& stem) {
    std::string pattern = ::testing::TempDir() + "/qm-" + stem + "-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    int fd = ::mkstemp(buf.data());
    if (fd < 0) throw std::runtime_error("mkstemp failed for " + pattern);
    ::close(fd);
    return buf.data();
}

// Nothing of the database or the C++ runtime reaches the user's error output.
inline void noLeaks(const std::string& err) {
    for (const char* leak : {"insert into", "ERROR:", "soci", "SQLSTATE", "terminate called", "what():"})
        EXPECT_THAT(err, ::testing::Not(::testing::HasSubstr(leak))) << "stderr leaks internals: " << err;
}

inline ProcessResult qmctl(const std::vector<std::string>& args, const std::string& input = {}) {
    std::vector<std::string> argv{QMCTL_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    return runProcess(argv, input);
}

inline std::string lowered(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// The §7 error contract: the exit code, exactly one line on stderr starting "qmctl: " and
// naming `mentions` (any case), nothing on stdout, no SQL, driver internals or `secret`.
inline void expectOneLineError(const ProcessResult& r, int code, const std::vector<std::string>& mentions = {},
                               const std::string& secret = {}) {
    EXPECT_EQ(r.exitCode, code) << "stdout: " << r.out << "\nstderr: " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "stderr: " << r.err;
    EXPECT_TRUE(!r.err.empty() && r.err.back() == '\n') << "stderr: " << r.err;
    EXPECT_THAT(r.err, ::testing::StartsWith("qmctl: "));
    const std::string low = lowered(r.err);
    for (const auto& m : mentions) EXPECT_THAT(low, ::testing::HasSubstr(lowered(m))) << "stderr: " << r.err;
    for (const char* leak : {"select ", "insert into", "create role", "error:", "soci", "sqlstate", "terminate called",
                             "what():", "violates", "constraint", "scram-sha-256$"})
        EXPECT_THAT(low, ::testing::Not(::testing::HasSubstr(leak))) << "stderr leaks internals: " << r.err;
    if (!secret.empty()) {
        EXPECT_THAT(r.err, ::testing::Not(::testing::HasSubstr(secret)));
        EXPECT_THAT(r.out, ::testing::Not(::testing::HasSubstr(secret)));
    }
    EXPECT_TRUE(r.out.empty()) << "stdout on failure: " << r.out;
}

}  // namespace qm::test
