#include "services/mdm/https.hpp"

#include "model/error.hpp"
#include "platform/certificates.hpp"

#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <random>
#include <sstream>

namespace qm::services::mdm {
namespace {

// Poco's SSL manager asks a handler what to do with a certificate that failed verification; the
// only acceptable answer here is no. Installed once per process.
void installRejectingHandler() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject = new Poco::Net::RejectCertificateHandler(false);
        Poco::Net::Context::Ptr unused;  // each client passes its own context
        Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, unused);
    });
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

}  // namespace

ParsedUrl parseHttpsUrl(const std::string& url, const std::string& field) {
    const std::string scheme = "https://";
    if (lower(url.substr(0, scheme.size())) != scheme)
        throw invalid(field, "The " + field + " must start with https:// (the MDM is only spoken to over TLS).");
    std::string rest = url.substr(scheme.size());
    const auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    ParsedUrl p;
    p.pathAndQuery = slash == std::string::npos ? "/" : rest.substr(slash);
    if (authority.find('@') != std::string::npos)
        throw invalid(field, "The " + field + " must not carry a user name or password.");
    const auto colon = authority.rfind(':');
    if (colon != std::string::npos && authority.find(']') == std::string::npos) {
        const std::string port = authority.substr(colon + 1);
        authority = authority.substr(0, colon);
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit) ||
            std::stoi(port) == 0 || std::stoi(port) > 65535)
            throw invalid(field, "The " + field + " has a port that is not a number between 1 and 65535.");
        p.port = static_cast<unsigned short>(std::stoi(port));
    }
    if (authority.empty()) throw invalid(field, "The " + field + " has no host name.");
    p.host = authority;
    return p;
}

std::string newGuid() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_int_distribution<unsigned> byte(0, 255);
    unsigned char b[16];
    for (auto& x : b) x = static_cast<unsigned char>(byte(rng));
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        s += hex[b[i] >> 4];
        s += hex[b[i] & 15];
    }
    return s;
}

struct HttpsClient::Impl {
    TlsOptions options;
    Poco::Net::Context::Ptr context;
    std::map<std::string, std::unique_ptr<Poco::Net::HTTPSClientSession>> sessions;  // by host:port

    Poco::Net::HTTPSClientSession& sessionFor(const ParsedUrl& u) {
        const std::string key = u.host + ":" + std::to_string(u.port);
        auto& s = sessions[key];
        if (!s) {
            s = std::make_unique<Poco::Net::HTTPSClientSession>(u.host, u.port, context);
            s->setKeepAlive(true);
        }
        s->setTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(options.connectTimeout).count()),
                      Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(options.readTimeout).count()),
                      Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(options.readTimeout).count()));
        return *s;
    }
};

namespace {

// Where OpenSSL cannot find the system's trusted roots itself (Windows), the certificate
// store's are added to the context's, so graph.microsoft.com verifies without a CA file.
void addSystemRoots(Poco::Net::Context& context) {
    if (!platform::rootsComeFromTheCertificateStore()) return;
    X509_STORE* store = SSL_CTX_get_cert_store(context.sslContext());
    for (const std::string& der : platform::systemRootCertificates()) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(der.data());
        if (X509* cert = d2i_X509(nullptr, &bytes, static_cast<long>(der.size()))) {
            X509_STORE_add_cert(store, cert);  // a duplicate is refused harmlessly
            X509_free(cert);
        }
    }
}

}  // namespace

HttpsClient::HttpsClient(const TlsOptions& options) : impl_(std::make_unique<Impl>()) {
    installRejectingHandler();
    impl_->options = options;
    try {
        Poco::Net::Context::Params params;
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.loadDefaultCAs = true;  // the system's CAs, plus the configured file
        params.caLocation = options.caFile;
        params.verificationDepth = 9;
        params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
        impl_->context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        addSystemRoots(*impl_->context);
        impl_->context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        // Host names are checked by Poco after the handshake (extended verification).
        impl_->context->enableExtendedCertificateVerification(true);
    } catch (const Poco::Exception& e) {
        throw invalid("mdm-ca", "The MDM's CA file " + options.caFile + " could not be used: " + e.message() + ".");
    }
}

HttpsClient::~HttpsClient() = default;

HttpResponse HttpsClient::send(const HttpRequest& request) {
    const ParsedUrl url = parseHttpsUrl(request.url, "MDM address");
    auto& session = impl_->sessionFor(url);
    Poco::Net::HTTPRequest req(request.method, url.pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setHost(url.host, url.port);
    for (const auto& [k, v] : request.headers) req.set(k, v);
    if (!request.body.empty() || request.method == "POST") {
        req.setContentLength(static_cast<std::streamsize>(request.body.size()));
        if (!request.contentType.empty()) req.setContentType(request.contentType);
    }
    bool written = false;
    try {
        std::ostream& out = session.sendRequest(req);
        written = true;
        out << request.body;
        out.flush();
        Poco::Net::HTTPResponse res;
        std::istream& in = session.receiveResponse(res);
        HttpResponse r;
        r.status = static_cast<int>(res.getStatus());
        for (const auto& [k, v] : res) r.headers[lower(k)] = v;
        std::ostringstream body;
        Poco::StreamCopier::copyStream(in, body);  // drained so the connection can be reused
        r.body = body.str();
        // A body cut short (the connection closed mid-way) is no answer.
        if (res.hasContentLength() && static_cast<std::streamsize>(r.body.size()) != res.getContentLength()) {
            session.reset();
            throw TransportError(Delivery::Unknown, false, "The MDM's answer was cut short.");
        }
        return r;
    } catch (const TransportError&) {
        throw;
    } catch (const Poco::Net::CertificateValidationException& e) {
        session.reset();
        throw TransportError(Delivery::NotSent, true,
                             "The MDM at " + url.host + " did not prove its identity (" + e.message() +
                                 "); nothing was sent. Check the address, or --mdm-ca for a private CA.");
    } catch (const Poco::Net::SSLException& e) {
        session.reset();
        // A failed handshake happens before anything is written: the server was not trusted.
        if (!written)
            throw TransportError(Delivery::NotSent, true,
                                 "The MDM at " + url.host + " did not prove its identity (" + e.message() +
                                     "); nothing was sent. Check the address, or --mdm-ca for a private CA.");
        throw TransportError(Delivery::Unknown, false,
                             "The TLS connection to the MDM at " + url.host + " failed (" + e.message() + ").");
    } catch (const Poco::Exception& e) {
        session.reset();
        const bool refused = dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&e) != nullptr ||
                             dynamic_cast<const Poco::Net::HostNotFoundException*>(&e) != nullptr ||
                             dynamic_cast<const Poco::Net::NoAddressFoundException*>(&e) != nullptr;
        const Delivery d = (refused || !written) ? Delivery::NotSent : Delivery::Unknown;
        const bool timeout = dynamic_cast<const Poco::TimeoutException*>(&e) != nullptr;
        throw TransportError(d, false,
                             std::string("The MDM at ") + url.host + (timeout ? " did not answer in time" :
                                                                      " could not be reached (" + e.displayText() + ")") +
                                 (d == Delivery::NotSent ? "; nothing was sent." : "."));
    } catch (const std::exception& e) {
        session.reset();
        throw TransportError(written ? Delivery::Unknown : Delivery::NotSent, false,
                             std::string("The connection to the MDM failed: ") + e.what() + ".");
    }
}

}  // namespace qm::services::mdm
