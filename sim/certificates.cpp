#include "sim/certificates.hpp"

#include "platform/files.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace qm::sim {
namespace {

struct OpenSslFree {
    void operator()(X509* p) const { X509_free(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
};
using CertPtr = std::unique_ptr<X509, OpenSslFree>;
using KeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree>;
using BioPtr = std::unique_ptr<BIO, OpenSslFree>;

constexpr long kDay = 86'400;
constexpr const char* kCaName = "qm-mdm-sim test CA";

[[noreturn]] void fail(const std::string& what) {
    char detail[256] = "unknown error";
    if (const unsigned long code = ERR_get_error(); code != 0) ERR_error_string_n(code, detail, sizeof detail);
    ERR_clear_error();
    throw std::runtime_error(what + " (" + detail + ").");
}

KeyPtr newKey() {
    // P-256 rather than RSA: generated in milliseconds, and every TLS client takes it.
    KeyPtr key(EVP_EC_gen("P-256"));
    if (!key) fail("Cannot generate a P-256 key");
    return key;
}

void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (ext == nullptr) fail("Cannot build the certificate extension " + value);
    const int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    if (ok != 1) fail("Cannot add the certificate extension " + value);
}

// A v3 certificate for `key`, valid from a day ago (clock skew between test hosts) for `days`.
CertPtr newCertificate(const std::string& commonName, EVP_PKEY* key, X509* issuer, long days) {
    CertPtr cert(X509_new());
    if (!cert) fail("Cannot allocate a certificate");
    X509_set_version(cert.get(), X509_VERSION_3);
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1) fail("Cannot draw a certificate serial number");
    serial[0] &= 0x7F;  // serial numbers must be positive
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kDay);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), (days - 1) * kDay);

    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Quartermaster tests"),
                               -1, -1, 0);
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(commonName.c_str()), -1, -1, 0) != 1)
        fail("Cannot use \"" + commonName + "\" as a certificate name");
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    if (X509_set_pubkey(cert.get(), key) != 1) fail("Cannot attach the public key");
    return cert;
}

void sign(X509* cert, EVP_PKEY* key) {
    if (X509_sign(cert, key, EVP_sha256()) <= 0) fail("Cannot sign the certificate");
}

std::string pem(X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string pem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

CertPtr readCertificate(const std::string& path) {
    BioPtr bio(BIO_new_file(path.c_str(), "r"));
    CertPtr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    ERR_clear_error();
    return cert;
}

KeyPtr readKey(const std::string& path) {
    BioPtr bio(BIO_new_file(path.c_str(), "r"));
    KeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    ERR_clear_error();
    return key;
}

std::string readLine(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

bool usable(X509* cert, EVP_PKEY* key) {
    if (!cert || !key || X509_check_private_key(cert, key) != 1) return false;
    time_t weekAhead = time(nullptr) + 7 * kDay;  // so a long test run never watches it expire
    return X509_cmp_current_time(X509_get0_notBefore(cert)) < 0 &&
           X509_cmp_time(X509_get0_notAfter(cert), &weekAhead) > 0;
}

std::string subjectAltName(const std::vector<std::string>& names) {
    std::string san;
    for (const std::string& n : names) {
        ASN1_OCTET_STRING* address = a2i_IPADDRESS(n.c_str());  // an IPv4 or IPv6 address, or null
        const bool ip = address != nullptr;
        ASN1_OCTET_STRING_free(address);
        if (!san.empty()) san += ',';
        san += (ip ? "IP:" : "DNS:") + n;
    }
    return san;
}

}  // namespace

ServerIdentity ensureCertificates(const std::string& stateDir, const std::vector<std::string>& names) {
    const ServerIdentity id{stateDir + "/server.pem", stateDir + "/server-key.pem", stateDir + "/ca.pem"};
    const std::string caKeyFile = stateDir + "/ca-key.pem";
    const std::string namesFile = stateDir + "/cert-names";
    std::string namesLine;
    for (const std::string& n : names) namesLine += (namesLine.empty() ? "" : ",") + n;

    CertPtr ca = readCertificate(id.caFile);
    KeyPtr caKey = readKey(caKeyFile);
    bool newCa = false;
    if (!usable(ca.get(), caKey.get())) {
        caKey = newKey();
        ca = newCertificate(kCaName, caKey.get(), nullptr, 10 * 365);
        addExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
        addExtension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
        addExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
        sign(ca.get(), caKey.get());
        platform::replaceFile(caKeyFile, pem(caKey.get()), true);
        platform::replaceFile(id.caFile, pem(ca.get()), false);
        newCa = true;
    }

    CertPtr server = readCertificate(id.certificateFile);
    KeyPtr serverKey = readKey(id.privateKeyFile);
    const bool reuse = !newCa && usable(server.get(), serverKey.get()) &&
                       X509_verify(server.get(), X509_get0_pubkey(ca.get())) == 1 && readLine(namesFile) == namesLine;
    ERR_clear_error();
    if (reuse) return id;

    serverKey = newKey();
    const std::string commonName = names.front().size() <= 64 ? names.front() : "qm-mdm-sim";
    server = newCertificate(commonName, serverKey.get(), ca.get(), 2 * 365);
    addExtension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    addExtension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
    addExtension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    addExtension(server.get(), ca.get(), NID_subject_alt_name, subjectAltName(names));
    addExtension(server.get(), ca.get(), NID_subject_key_identifier, "hash");
    addExtension(server.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    sign(server.get(), caKey.get());
    platform::replaceFile(id.privateKeyFile, pem(serverKey.get()), true);
    platform::replaceFile(id.certificateFile, pem(server.get()), false);
    platform::replaceFile(namesFile, namesLine + "\n", false);
    return id;
}

}  // namespace qm::sim
