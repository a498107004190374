// The simulator's TLS identity: a private test CA and a server certificate it signed, made with
// OpenSSL 3's C API and kept in the state directory so clients can trust DIR/ca.pem across runs.
//
// Clients verify TLS strictly (the project never turns verification off), so the simulator has
// to present a certificate that chains to a CA the test trusts and names the host the test
// connects to: --cert-names goes into the subjectAltName, and a change of names re-issues the
// server certificate under the same CA.
#pragma once

#include <string>
#include <vector>

namespace qm::sim {

struct ServerIdentity {
    std::string certificateFile;
    std::string privateKeyFile;
    std::string caFile;  // empty when --cert/--key were given
};

// Reuses DIR/ca.pem, DIR/ca-key.pem, DIR/server.pem and DIR/server-key.pem when they are
// present, valid and issued for `names`; generates whatever is missing. Throws
// std::runtime_error with a sentence.
ServerIdentity ensureCertificates(const std::string& stateDir, const std::vector<std::string>& names);

}  // namespace qm::sim
