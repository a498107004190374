// HTTPS for the MDM client — one connection per host, kept alive, with strict TLS: the system's
// CAs plus an optional CA file, the host name checked, no prompt and no way to turn checking off.
// TLS is verified during the handshake, so nothing (no secret) is written before the server
// has proved who it is. Every failure says whether the request can have reached the server:
// that decides whether a destructive action may simply be sent again (services/mdm/graph.cpp).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace qm::services::mdm {

struct HttpRequest {
    std::string method = "GET";
    std::string url;  // absolute https:// URL
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string contentType;  // with a body
};

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string header(const std::string& lowerName) const {
        auto it = headers.find(lowerName);
        return it == headers.end() ? std::string() : it->second;
    }
};

// Why a request got no answer.
enum class Delivery {
    NotSent,    // refused before anything was written (connect failed, TLS not trusted)
    Unknown,    // written, but no complete answer (timeout, connection dropped)
};

class TransportError : public std::runtime_error {
public:
    TransportError(Delivery delivery, bool untrusted, const std::string& sentence)
        : std::runtime_error(sentence), delivery_(delivery), untrusted_(untrusted) {}
    Delivery delivery() const { return delivery_; }
    bool untrusted() const { return untrusted_; }  // the server's certificate or name was refused

private:
    Delivery delivery_;
    bool untrusted_;
};

struct TlsOptions {
    std::string caFile;  // trusted in addition to the system's CAs ("" for the system's only)
    std::chrono::milliseconds connectTimeout{10000};
    std::chrono::milliseconds readTimeout{30000};
};

class HttpsClient {
public:
    explicit HttpsClient(const TlsOptions& options);
    ~HttpsClient();
    HttpsClient(const HttpsClient&) = delete;
    HttpsClient& operator=(const HttpsClient&) = delete;

    // Throws TransportError when there is no answer; any HTTP status is an answer.
    HttpResponse send(const HttpRequest& request);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// A random version 4 GUID ("client-request-id").
std::string newGuid();

// "https://host:port/path?query" split; throws invalid(field) for anything that is not https.
struct ParsedUrl {
    std::string host;
    unsigned short port = 443;
    std::string pathAndQuery;
};
ParsedUrl parseHttpsUrl(const std::string& url, const std::string& field);

}  // namespace qm::services::mdm
