#include "sim/server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>

#include <openssl/crypto.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

namespace qm::sim {
namespace {

using Poco::Net::HTTPRequest;

constexpr std::size_t kMaxBody = 1 << 20;
constexpr const char* kAadJson = "application/json; charset=utf-8";
constexpr const char* kPlainJson = "application/json";

std::vector<std::string> splitPath(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::string_view part = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
        if (!part.empty()) segments.push_back(percentDecode(part));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return segments;
}

std::vector<std::pair<std::string, std::string>> splitQuery(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> params;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (!pair.empty()) {
            params.emplace_back(percentDecode(pair.substr(0, eq)),
                                eq == std::string_view::npos ? std::string() : percentDecode(pair.substr(eq + 1)));
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return params;
}

std::string aadError(std::string_view error, std::string_view code, std::string_view description,
                     std::string_view traceId, std::int64_t now) {
    const std::string correlation = randomGuid();
    std::string text = "AADSTS" + std::string(code) + ": " + std::string(description) + "\r\nTrace ID: " +
                       std::string(traceId) + "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " +
                       timestampAad(now);
    std::string out = "{\"error\":";
    appendJsonString(out, error);
    out += ",\"error_description\":";
    appendJsonString(out, text);
    out += ",\"error_codes\":[" + std::string(code) + "],\"timestamp\":";
    appendJsonString(out, timestampAad(now));
    out += ",\"trace_id\":";
    appendJsonString(out, traceId);
    out += ",\"correlation_id\":";
    appendJsonString(out, correlation);
    out += ",\"error_uri\":\"https://login.microsoftonline.com/error?code=" + std::string(code) + "\"}";
    return out;
}

}  // namespace

Simulator::Simulator(Fleet& fleet, ServerSettings settings, FaultSettings faults)
    : fleet_(fleet), settings_(std::move(settings)), dice_(settings_.seed), skipKey_(randomToken(32)),
      faults_(std::move(faults)) {}

std::string Simulator::readBody(Poco::Net::HTTPServerRequest& request) {
    std::string body;
    // HTTP/1.1: a request with neither Content-Length nor chunking has no body. Poco would
    // otherwise read a POST until the client closes (curl -X POST sends no Content-Length).
    if (!request.hasContentLength() && !request.getChunkedTransferEncoding()) return body;
    std::istream& in = request.stream();
    char buf[8192];
    // Always drain the body, even when it is ignored, so the keep-alive connection stays in step.
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        if (body.size() < kMaxBody) body.append(buf, static_cast<std::size_t>(in.gcount()));
    }
    return body;
}

std::string Simulator::Exchange::param(std::string_view name) const {
    for (const auto& [k, v] : query) {
        if (k == name) return v;
    }
    return {};
}

bool Simulator::Exchange::hasParam(std::string_view name) const {
    return std::any_of(query.begin(), query.end(), [&](const auto& p) { return p.first == name; });
}

FaultSettings Simulator::faults() {
    std::lock_guard lock(mutex_);
    return faults_;
}

void Simulator::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    const auto started = std::chrono::steady_clock::now();
    Exchange ex{request, response, randomGuid(), request.get("client-request-id", ""), request.getHost(), {}, {},
                {}, 0};
    if (ex.clientRequestId.empty()) ex.clientRequestId = ex.requestId;  // Graph echoes its own id then
    if (ex.host.empty()) ex.host = settings_.defaultHost;
    const std::string& uri = request.getURI();
    const std::size_t mark = uri.find('?');
    ex.segments = splitPath(std::string_view(uri).substr(0, mark));
    if (mark != std::string::npos) ex.query = splitQuery(std::string_view(uri).substr(mark + 1));

    try {
        route(ex);
    } catch (const std::exception& e) {
        if (!response.sent()) sendGraphError(ex, 500, "InternalServerError", e.what());
    }
    if (settings_.verbose) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                               started).count();
        const std::string line = timestamp(nowTicks()) + " " + request.getMethod() + " " + uri + " -> " +
                                 (ex.status == 0 ? std::string("dropped") : std::to_string(ex.status)) + " (" +
                                 std::to_string(ms) + " ms)\n";
        std::cerr << line << std::flush;
    }
}

void Simulator::route(Exchange& ex) {
    const auto& s = ex.segments;
    if (!s.empty() && s[0] == "_sim") return control(ex);
    if (s.size() == 4 && s[1] == "oauth2" && s[2] == "v2.0" && s[3] == "token") return token(ex);
    if (s.size() >= 3 && s[0] == "v1.0" && s[1] == "deviceManagement" && s[2] == "managedDevices") return graph(ex);
    ex.body = readBody(ex.request);
    sendGraphError(ex, 404, "ResourceNotFound", "The simulator has no resource at this address.");
}

void Simulator::send(Exchange& ex, int status, const std::string& body, const char* contentType) {
    auto& r = ex.response;
    ex.status = status;
    r.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    r.set("request-id", ex.requestId);
    r.set("client-request-id", ex.clientRequestId);
    if (status == 204) {
        r.send();
        return;
    }
    r.setContentType(contentType);
    r.sendBuffer(body.data(), body.size());
}

void Simulator::sendGraphError(Exchange& ex, int status, std::string_view code, std::string_view message) {
    std::string out = "{\"error\":{\"code\":";
    appendJsonString(out, code);
    out += ",\"message\":";
    appendJsonString(out, message);
    out += ",\"innerError\":{\"date\":\"" + timestampSeconds(nowTicks()) + "\",\"request-id\":";
    appendJsonString(out, ex.requestId);
    out += ",\"client-request-id\":";
    appendJsonString(out, ex.clientRequestId);
    out += "}}}";
    send(ex, status, out);
}

void Simulator::sendFault(Exchange& ex, const FaultSettings& faults, bool throttle) {
    if (throttle || faults.errorStatus == 503) ex.response.set("Retry-After", faults.retryAfter);
    if (throttle) {
        ++counters_.throttled;
        return sendGraphError(ex, 429, "TooManyRequests", "Too many requests. Retry after the time in Retry-After.");
    }
    ++counters_.errors;
    if (faults.errorStatus == 503)
        return sendGraphError(ex, 503, "ServiceUnavailable", "The service is temporarily unavailable.");
    sendGraphError(ex, faults.errorStatus, faults.errorStatus == 500 ? "InternalServerError" : "UnknownError",
                   "The service encountered an unexpected error.");
}

// Closes the TCP connection under the open TLS session without a byte of HTTP, the way a
// crashed front end or a broken network looks to a client: no status line, no body.
void Simulator::drop(Exchange& ex) {
    auto& impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(ex.request);
    Poco::Net::StreamSocket& socket = impl.socket();
    ex.response.setKeepAlive(false);  // Poco then ends the connection instead of reading on
    ex.status = 0;
    socket.setLinger(true, 0);  // and the final close() sends a reset
    // The plain TCP shutdown, not the TLS one the socket's own shutdown() would send first.
    socket.impl()->Poco::Net::SocketImpl::shutdown();
}

bool Simulator::authorised(const Exchange& ex) {
    const std::string header = ex.request.get("Authorization", "");
    if (header.size() <= 7 || !equalsIgnoreCase(header.substr(0, 7), "Bearer ")) return false;
    const std::string token = header.substr(7);
    std::lock_guard lock(mutex_);
    const auto it = tokens_.find(token);
    return it != tokens_.end() && nowTicks() < it->second;
}

void Simulator::token(Exchange& ex) {
    ++counters_.token;
    if (ex.request.getMethod() != HTTPRequest::HTTP_POST) {
        return send(ex, 405, aadError("invalid_request", "900561", "The endpoint only accepts POST requests.",
                                      ex.requestId, nowTicks()),
                    kAadJson);
    }
    ex.body = readBody(ex.request);
    const FaultSettings faults = this->faults();
    Rng dice = dice_.roll();
    const double slow = dice.unit(), throttle = dice.unit(), error = dice.unit();
    if (slow < faults.slowRate) {
        ++counters_.slowed;
        std::this_thread::sleep_for(std::chrono::milliseconds(faults.slowMs));
    }
    if (throttle < faults.throttleRate) return sendFault(ex, faults, true);
    if (error < faults.errorRate) return sendFault(ex, faults, false);

    const auto form = splitQuery(ex.body);
    const auto field = [&](std::string_view name) -> std::optional<std::string> {
        for (const auto& [k, v] : form) {
            if (k == name) return v;
        }
        return std::nullopt;
    };
    const std::int64_t now = nowTicks();
    const auto grant = field("grant_type");
    if (!grant) {
        return send(ex, 400, aadError("invalid_request", "900144",
                                      "The request body must contain the following parameter: 'grant_type'.",
                                      ex.requestId, now), kAadJson);
    }
    if (*grant != "client_credentials") {
        return send(ex, 400, aadError("unsupported_grant_type", "70003",
                                      "The app requested an unsupported grant type '" + *grant + "'.", ex.requestId,
                                      now), kAadJson);
    }
    const std::string id = field("client_id").value_or(""), secret = field("client_secret").value_or("");
    const bool good = id == settings_.clientId && secret.size() == settings_.clientSecret.size() &&
                      CRYPTO_memcmp(secret.data(), settings_.clientSecret.data(), secret.size()) == 0;
    if (!good) {
        return send(ex, 401, aadError("invalid_client", "7000215",
                                      "Invalid client secret provided. Ensure the secret being sent in the request "
                                      "is the client secret value, not the client secret ID, for a secret added to "
                                      "app '" + id + "'.", ex.requestId, now), kAadJson);
    }
    if (!field("scope")) {
        return send(ex, 400, aadError("invalid_request", "90014", "The required field 'scope' is missing.",
                                      ex.requestId, now), kAadJson);
    }

    const std::string accessToken = randomToken(48);
    {
        std::lock_guard lock(mutex_);
        if (tokens_.size() > 10'000) std::erase_if(tokens_, [&](const auto& t) { return t.second <= now; });
        tokens_[accessToken] = now + settings_.tokenLifetime * kTicksPerSecond;
    }
    ++counters_.tokensIssued;
    const std::string lifetime = std::to_string(settings_.tokenLifetime);
    send(ex, 200, "{\"token_type\":\"Bearer\",\"expires_in\":" + lifetime + ",\"ext_expires_in\":" + lifetime +
                      ",\"access_token\":\"" + accessToken + "\"}",
         kAadJson);
}

void Simulator::control(Exchange& ex) {
    const auto& s = ex.segments;
    const std::string& method = ex.request.getMethod();
    const bool get = method == HTTPRequest::HTTP_GET, post = method == HTTPRequest::HTTP_POST;
    ex.body = readBody(ex.request);
    const std::string what = s.size() >= 2 ? s[1] : "";

    if (what == "faults" && s.size() == 2 && (get || post)) {
        std::string error;
        std::string current;
        {
            std::lock_guard lock(mutex_);
            if (post) error = applyFaults(faults_, ex.body.empty() ? "{}" : ex.body);
            current = faultsJson(faults_);
        }
        if (!error.empty()) return sendGraphError(ex, 400, "BadRequest", error);
        return send(ex, 200, current, kPlainJson);
    }
    if (what == "expire-tokens" && s.size() == 2 && post) {
        const std::int64_t now = nowTicks();
        std::size_t expired = 0;
        {
            std::lock_guard lock(mutex_);
            for (auto& [token, expiry] : tokens_) {
                if (expiry > now) ++expired;
                expiry = std::min(expiry, now);
            }
        }
        return send(ex, 200, "{\"expired\":" + std::to_string(expired) + "}", kPlainJson);
    }
    if (what == "stats" && ((s.size() == 2 && get) || (s.size() == 3 && s[2] == "reset" && post))) {
        std::vector<RecordedAction> actions;
        {
            std::lock_guard lock(mutex_);
            if (post) {
                counters_.reset();
                actions_.clear();
            }
            actions = actions_;
        }
        return send(ex, 200, statsJson(counters_, actions), kPlainJson);
    }
    if (what == "devices" && s.size() == 3 && get) {
        const auto index = fleet_.find(s[2]);
        if (!index) return sendGraphError(ex, 404, "ResourceNotFound", "No managed device has the id " + s[2] + ".");
        std::string body;
        fleet_.appendDevice(body, *index, RenderOptions{}, nowTicks());
        return send(ex, 200, body, kPlainJson);
    }
    sendGraphError(ex, 404, "ResourceNotFound",
                   "The control endpoints are GET|POST /_sim/faults, POST /_sim/expire-tokens, GET /_sim/stats, "
                   "POST /_sim/stats/reset and GET /_sim/devices/{id}.");
}

namespace {

class SimulatorHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit SimulatorHandler(Simulator& simulator) : simulator_(simulator) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        simulator_.handle(request, response);
    }

private:
    Simulator& simulator_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* SimulatorHandlerFactory::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
    return new SimulatorHandler(simulator_);
}

}  // namespace qm::sim
