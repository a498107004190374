// The operating system's trusted root certificates, for TLS to the MDM (Poco over OpenSSL).
// On Linux OpenSSL reads the system's CA folder itself, so there is nothing to hand over; on
// Windows the roots live in the machine's certificate store (kept current by Windows Update
// and by a force's Group Policy), which OpenSSL does not read, so they are read here.
#pragma once

#include <string>
#include <vector>

namespace qm::platform {

// True where OpenSSL cannot find the system's roots by itself (Windows).
bool rootsComeFromTheCertificateStore();

// The trusted roots as DER blobs (the ROOT store on Windows; empty elsewhere).
std::vector<std::string> systemRootCertificates();

}  // namespace qm::platform
