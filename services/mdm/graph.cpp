#include "services/mdm/graph.hpp"

#include "model/error.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <thread>

namespace qm::services::mdm {
namespace {

using Clock = std::chrono::steady_clock;

const char* kSelect =
    "id,deviceName,serialNumber,imei,meid,operatingSystem,osVersion,complianceState,lastSyncDateTime,"
    "enrolledDateTime,userPrincipalName,userDisplayName,emailAddress,model,manufacturer,phoneNumber,"
    "managedDeviceOwnerType";

std::string formEncode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

double unixNow() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool retryableStatus(int status) { return status == 429 || status == 503 || status == 504; }

std::string describeAnswer(const HttpResponse& r) {
    GraphError e = parseError(r.body);
    std::string s = "HTTP " + std::to_string(r.status);
    if (!e.code.empty()) s += " " + e.code;
    const std::string id = r.header("request-id");
    if (!id.empty()) s += ", request-id " + id;
    return s;
}

}  // namespace

GraphGateway::GraphGateway(const MdmSettings& settings, Log log) : settings_(settings), log_(std::move(log)) {
    TlsOptions tls;
    tls.caFile = settings.caFile;
    const auto timeout = std::chrono::milliseconds(static_cast<long long>(settings.timeoutSeconds * 1000));
    tls.connectTimeout = std::min(timeout, std::chrono::milliseconds(10000));
    tls.readTimeout = timeout;
    http_ = std::make_unique<HttpsClient>(tls);
}

GraphGateway::~GraphGateway() = default;

void GraphGateway::log(const std::string& line) const {
    if (log_) log_(line);
}

void GraphGateway::sleepFor(double seconds, const std::function<bool()>& cancelled) {
    const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    while (Clock::now() < until) {
        if (cancelled && cancelled()) return;
        std::this_thread::sleep_for(std::min<Clock::duration>(until - Clock::now(), std::chrono::milliseconds(100)));
    }
}

std::string GraphGateway::token(bool renew) {
    std::lock_guard lock(tokenMutex_);
    const auto now = Clock::now();
    if (!renew && !token_.empty() && now < tokenRenewAt_) return token_;
    HttpRequest req;
    req.method = "POST";
    req.url = settings_.tokenUrl;
    req.contentType = "application/x-www-form-urlencoded";
    req.body = "client_id=" + formEncode(settings_.clientId) + "&client_secret=" + formEncode(settings_.clientSecret) +
               "&scope=" + formEncode(settings_.scope) + "&grant_type=client_credentials";
    req.headers = {{"Accept", "application/json"}, {"client-request-id", newGuid()}};
    // Asking for a token changes nothing, so it is retried like a read.
    std::mt19937 rng{std::random_device{}()};
    double waited = 0;
    for (int attempt = 0;; ++attempt) {
        HttpResponse r;
        std::string why;
        try {
            std::lock_guard httpLock(httpMutex_);
            r = http_->send(req);
        } catch (const TransportError& e) {
            if (e.untrusted()) throw unavailable(e.what());
            why = e.what();
        }
        if (why.empty() && r.status == 200) {
            TokenReply t = parseToken(r.body);
            token_ = t.accessToken;
            const auto life = std::chrono::duration<double>(t.expiresInSeconds);
            // Renewed five minutes early, or half-way for short-lived tokens.
            const auto early = std::min(std::chrono::duration<double>(300), life / 2);
            tokenRenewAt_ = now + std::chrono::duration_cast<Clock::duration>(life - early);
            log("signed in to the MDM (token for " + std::to_string(static_cast<long long>(t.expiresInSeconds)) + " s)");
            return token_;
        }
        if (why.empty() && !retryableStatus(r.status) && r.status < 500) {
            const GraphError e = parseError(r.body);
            throw denied("The MDM's sign-in service refused Quartermaster's client credentials (" +
                         (e.code.empty() ? "HTTP " + std::to_string(r.status) : e.code) +
                         "); check the client id and secret.");
        }
        if (why.empty()) why = "the sign-in service answered " + describeAnswer(r);
        double wait = 0;
        if (auto ra = retryAfterSeconds(r.header("retry-after"), unixNow())) wait = *ra;
        else wait = std::uniform_real_distribution<double>(0, std::min(30.0, 0.5 * std::pow(2.0, attempt)))(rng);
        if (attempt + 1 >= settings_.maxRetries || waited + wait > settings_.maxRetryWaitSeconds)
            throw unavailable("Could not sign in to the MDM: " + why + ".");
        waited += wait;
        sleepFor(wait, {});
    }
}

HttpResponse GraphGateway::authorised(HttpRequest request) {
    const std::string requestId = newGuid();
    request.headers.push_back({"client-request-id", requestId});
    request.headers.push_back({"Accept", "application/json"});
    for (int attempt = 0; attempt < 2; ++attempt) {
        HttpRequest r = request;
        r.headers.push_back({"Authorization", "Bearer " + token(attempt > 0)});
        HttpResponse answer;
        {
            std::lock_guard lock(httpMutex_);
            answer = http_->send(r);
        }
        const std::string path = r.url.substr(0, r.url.find('?'));
        log(r.method + " " + path + " -> " + std::to_string(answer.status) + " (client-request-id " + requestId +
            ", request-id " + answer.header("request-id") + ")");
        // An expired or revoked token: renew once and try once more (the MDM did nothing).
        if (answer.status == 401 && attempt == 0 && parseError(answer.body).code != "Authorization_RequestDenied")
            continue;
        return answer;
    }
    throw std::logic_error("unreachable");
}

HttpResponse GraphGateway::get(const std::string& url, const std::function<bool()>& cancelled) {
    std::mt19937 rng{std::random_device{}()};
    double waited = 0;
    for (int attempt = 0;; ++attempt) {
        HttpRequest req;
        req.url = url;
        HttpResponse r;
        std::string why;
        try {
            r = authorised(req);
            if (r.status == 200) {
                // A body that is not JSON is as good as no answer: a read may simply be repeated.
                if (r.body.empty() || (r.body.front() != '{' && r.body.front() != '[')) why = "the answer was not JSON";
                else return r;
            } else if (!retryableStatus(r.status) && r.status < 500) {
                return r;  // 4xx: the caller decides
            } else {
                why = describeAnswer(r);
            }
        } catch (const TransportError& e) {
            if (e.untrusted()) throw unavailable(e.what());
            why = e.what();
        }
        double wait = 0;
        if (auto ra = retryAfterSeconds(r.header("retry-after"), unixNow())) wait = *ra;
        else wait = std::uniform_real_distribution<double>(0, std::min(30.0, 0.5 * std::pow(2.0, attempt)))(rng);
        if (attempt + 1 >= settings_.maxRetries || waited + wait > settings_.maxRetryWaitSeconds)
            throw unavailable("The MDM could not be read after " + std::to_string(attempt + 1) + " attempts: " + why + ".");
        log("retrying a read in " + std::to_string(wait).substr(0, 5) + " s: " + why);
        waited += wait;
        sleepFor(wait, cancelled);
        if (cancelled && cancelled()) throw unavailable("Cancelled.");
    }
}

void GraphGateway::listDevices(const std::function<void(std::vector<ManagedDevice>&&)>& onPage,
                               const std::function<bool()>& cancelled) {
    const ParsedUrl graph = parseHttpsUrl(settings_.graphUrl, "mdm-graph-url");
    std::string url = settings_.graphUrl + "/deviceManagement/managedDevices?$select=" + kSelect +
                      "&$top=" + std::to_string(settings_.pageSize);
    std::map<std::string, int> followed;
    while (!url.empty()) {
        if (cancelled && cancelled()) return;
        DevicePage page;
        for (int attempt = 0;; ++attempt) {
            HttpResponse r = get(url, cancelled);
            if (r.status != 200)
                throw unavailable("The MDM refused the device list (" + describeAnswer(r) + "); the inventory was not read.");
            try {
                page = parseDevicePage(r.body);
                break;
            } catch (const Error& e) {
                if (attempt >= 2) throw;
                log(std::string("reading the page again: ") + e.what());
            }
        }
        onPage(std::move(page.devices));
        if (page.nextLink.empty()) break;
        // Followed as given; but never to another host (the token would go with it), and a
        // link that keeps coming back is a loop.
        const ParsedUrl next = parseHttpsUrl(page.nextLink, "MDM next page link");
        if (next.host != graph.host || next.port != graph.port)
            throw unavailable("The MDM's next page link points at another host (" + next.host +
                              "); the inventory was not read to the end.");
        if (++followed[page.nextLink] > 2)
            throw unavailable("The MDM kept sending the same next page link; the inventory was not read to the end.");
        url = page.nextLink;
    }
}

std::optional<ManagedDevice> GraphGateway::device(const std::string& mdmId) {
    HttpResponse r = get(settings_.graphUrl + "/deviceManagement/managedDevices/" + formEncode(mdmId) +
                             "?$select=id,serialNumber,lastSyncDateTime,deviceActionResults",
                         {});
    if (r.status == 404) return std::nullopt;
    if (r.status != 200) throw unavailable("The MDM refused to show device " + mdmId + " (" + describeAnswer(r) + ").");
    return parseDevice(r.body);
}

std::string GraphGateway::actionName(const std::string& action) const {
    if (action == "remote_lock") return "remoteLock";
    if (action == "sync") return "syncDevice";
    return action;  // wipe, retire
}

void GraphGateway::waitForWriteSlot() {
    std::unique_lock lock(writeMutex_);
    const auto window = std::chrono::seconds(20);
    for (;;) {
        const auto now = Clock::now();
        while (!writes_.empty() && now - writes_.front() >= window) writes_.pop_front();
        if (static_cast<int>(writes_.size()) < settings_.writesPer20s) {
            writes_.push_back(now);
            return;
        }
        const auto until = writes_.front() + window;
        lock.unlock();
        std::this_thread::sleep_until(until);
        lock.lock();
    }
}

SendOutcome GraphGateway::sendAction(const std::string& mdmId, const std::string& action) {
    SendOutcome out;
    if (mdmId.empty()) {
        out.kind = SendOutcome::Kind::Refused;
        out.detail = "the device has no MDM id";
        return out;
    }
    waitForWriteSlot();
    HttpRequest req;
    req.method = "POST";
    req.url = settings_.graphUrl + "/deviceManagement/managedDevices/" + formEncode(mdmId) + "/" + actionName(action);
    if (action == "wipe") {
        req.body = R"({"keepEnrollmentData":false,"keepUserData":false})";
        req.contentType = "application/json";
    }
    HttpResponse r;
    try {
        r = authorised(req);
    } catch (const TransportError& e) {
        out.kind = e.delivery() == Delivery::NotSent ? SendOutcome::Kind::NotSent : SendOutcome::Kind::Unknown;
        out.detail = e.what();
        return out;
    } catch (const Error& e) {
        // No token: nothing was sent; wait before asking the sign-in service again.
        out.kind = SendOutcome::Kind::NotSent;
        out.detail = e.what();
        out.retryAfterSeconds = 300;
        return out;
    }
    out.detail = describeAnswer(r);
    if (r.status >= 200 && r.status < 300) {
        out.kind = SendOutcome::Kind::Accepted;
        out.detail = "accepted by the MDM (request-id " + r.header("request-id") + ")";
    } else if (r.status == 429) {
        // Throttled requests are not processed: safe to send again after the wait.
        out.kind = SendOutcome::Kind::NotSent;
        out.retryAfterSeconds = retryAfterSeconds(r.header("retry-after"), unixNow()).value_or(5);
    } else if (r.status >= 500) {
        out.kind = SendOutcome::Kind::Unknown;
        out.retryAfterSeconds = retryAfterSeconds(r.header("retry-after"), unixNow()).value_or(0);
    } else if (r.status == 401) {
        out.kind = SendOutcome::Kind::NotSent;  // still refused after a new token: nothing was done
        out.retryAfterSeconds = 60;
    } else {
        out.kind = SendOutcome::Kind::Refused;
    }
    return out;
}

}  // namespace qm::services::mdm
