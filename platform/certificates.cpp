#include "platform/certificates.hpp"

#ifdef _WIN32
#include <windows.h>
#include <wincrypt.h>

namespace qm::platform {

bool rootsComeFromTheCertificateStore() { return true; }

std::vector<std::string> systemRootCertificates() {
    std::vector<std::string> roots;
    HCERTSTORE store = CertOpenSystemStoreW(0, L"ROOT");
    if (!store) return roots;
    for (PCCERT_CONTEXT c = CertEnumCertificatesInStore(store, nullptr); c;
         c = CertEnumCertificatesInStore(store, c))
        if (c->dwCertEncodingType & X509_ASN_ENCODING)
            roots.emplace_back(reinterpret_cast<const char*>(c->pbCertEncoded), c->cbCertEncoded);
    CertCloseStore(store, 0);
    return roots;
}

}  // namespace qm::platform
#else
namespace qm::platform {

bool rootsComeFromTheCertificateStore() { return false; }
std::vector<std::string> systemRootCertificates() { return {}; }

}  // namespace qm::platform
#endif
