// Graph's managedDevices endpoints: the paged list, one device, and the remote actions.
#include "sim/server.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <thread>
#include <utility>

namespace qm::sim {
namespace {

using Poco::Net::HTTPRequest;

constexpr std::size_t kMaxPage = 1000;
constexpr std::array<std::string_view, 7> kActions = {"wipe",          "retire",       "remoteLock", "syncDevice",
                                                      "resetPasscode", "locateDevice", "rebootNow"};

// `$select=a,b` as a property mask; id is always there and unknown names are ignored, as Graph.
PropMask selection(const std::string& select) {
    if (select.empty()) return kAllProps;
    PropMask mask = bit(Prop::id);
    std::size_t start = 0;
    while (start <= select.size()) {
        const std::size_t comma = select.find(',', start);
        std::string name = select.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        name.erase(0, name.find_first_not_of(' '));
        name.erase(name.find_last_not_of(' ') + 1);
        if (const auto p = findProp(name)) mask |= bit(*p);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return mask;
}

// The one filter supported: serialNumber eq 'VALUE' (OData doubles a quote inside the value).
std::optional<std::string> serialFilter(const std::string& filter) {
    std::string_view f = filter;
    const auto skipSpaces = [&] { while (!f.empty() && f.front() == ' ') f.remove_prefix(1); };
    skipSpaces();
    if (f.size() < 12 || !equalsIgnoreCase(f.substr(0, 12), "serialNumber")) return std::nullopt;
    f.remove_prefix(12);
    if (f.empty() || f.front() != ' ') return std::nullopt;
    skipSpaces();
    if (f.size() < 3 || !equalsIgnoreCase(f.substr(0, 2), "eq") || f[2] != ' ') return std::nullopt;
    f.remove_prefix(3);
    skipSpaces();
    while (!f.empty() && f.back() == ' ') f.remove_suffix(1);
    if (f.size() < 2 || f.front() != '\'' || f.back() != '\'') return std::nullopt;
    f = f.substr(1, f.size() - 2);
    std::string value;
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (f[i] == '\'') {
            if (i + 1 >= f.size() || f[i + 1] != '\'') return std::nullopt;
            ++i;
        }
        value += f[i];
    }
    return value;
}

}  // namespace

// ---- Skip tokens -----------------------------------------------------------------------------
// Standard base64 of nonce(4) | offset(4) | HMAC-SHA-256(nonce | offset)[0..12): opaque, tamper-
// evident and stateless. The nonce is chosen so that every token holds '+', '/' and '=', which
// is what catches a client that decodes and re-encodes the nextLink instead of using it as is.
std::string Simulator::skipToken(std::uint32_t offset) const {
    unsigned char data[20];
    for (int i = 0; i < 4; ++i) data[4 + i] = static_cast<unsigned char>(offset >> (24 - 8 * i));
    std::string token;
    // About one nonce in nine qualifies; the bound only guards against a loop that cannot end.
    auto nonce = static_cast<std::uint32_t>(splitmix64(offset));
    for (int attempt = 0; attempt < 4096; ++attempt, ++nonce) {
        for (int i = 0; i < 4; ++i) data[i] = static_cast<unsigned char>(nonce >> (24 - 8 * i));
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int macLength = 0;
        HMAC(EVP_sha256(), skipKey_.data(), static_cast<int>(skipKey_.size()), data, 8, mac, &macLength);
        std::copy(mac, mac + 12, data + 8);
        token = base64(std::string_view(reinterpret_cast<const char*>(data), sizeof data));
        if (token.find('+') != std::string::npos && token.find('/') != std::string::npos) break;
    }
    return token;
}

bool Simulator::readSkipToken(const std::string& token, std::uint32_t& offset) const {
    std::string bytes;
    if (!unbase64(token, bytes) || bytes.size() != 20) return false;
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macLength = 0;
    HMAC(EVP_sha256(), skipKey_.data(), static_cast<int>(skipKey_.size()), data, 8, mac, &macLength);
    if (CRYPTO_memcmp(mac, data + 8, 12) != 0) return false;
    offset = 0;
    for (int i = 0; i < 4; ++i) offset = (offset << 8) | data[4 + i];
    return true;
}

// ---- Dispatch and faults ---------------------------------------------------------------------
void Simulator::graph(Exchange& ex) {
    const std::string& method = ex.request.getMethod();
    const std::size_t depth = ex.segments.size();
    const bool list = depth == 3 && method == HTTPRequest::HTTP_GET;
    const bool one = depth == 4 && method == HTTPRequest::HTTP_GET;
    const bool act = depth == 5 && method == HTTPRequest::HTTP_POST;
    if (list) ++counters_.list;
    if (one) ++counters_.get;
    if (act) ++counters_.action;

    const FaultSettings faults = this->faults();
    Rng dice = dice_.roll();
    // Draw every decision up front so one fault's setting never shifts another's stream.
    const double dropBefore = dice.unit(), slow = dice.unit(), throttle = dice.unit(), error = dice.unit();
    if (dropBefore < faults.dropBeforeRate) {
        ++counters_.droppedBefore;
        return drop(ex);
    }
    ex.body = readBody(ex.request);
    if (slow < faults.slowRate) {
        ++counters_.slowed;
        std::this_thread::sleep_for(std::chrono::milliseconds(faults.slowMs));
    }
    if (!authorised(ex)) {
        ++counters_.unauthorized;
        return sendGraphError(ex, 401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
    }
    if (throttle < faults.throttleRate) return sendFault(ex, faults, true);
    if (error < faults.errorRate) return sendFault(ex, faults, false);

    if (list) return this->list(ex, dice, faults);
    if (one) return getOne(ex, dice, faults);
    if (act) return action(ex, dice, faults);
    sendGraphError(ex, 405, "BadRequest", "Request method '" + method + "' is not allowed on this resource.");
}

// ---- GET managedDevices ----------------------------------------------------------------------
void Simulator::list(Exchange& ex, Rng& dice, const FaultSettings& faults) {
    std::size_t top = kMaxPage;
    if (ex.hasParam("$top")) {
        const std::string t = ex.param("$top");
        if (t.empty() || t.size() > 9 || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
            std::stoul(t) == 0)
            return sendGraphError(ex, 400, "BadRequest", "Invalid $top value '" + t + "'.");
        top = std::min<std::size_t>(std::stoul(t), kMaxPage);
    }
    const std::string select = ex.param("$select");
    const std::string filter = ex.param("$filter");
    const std::string token = ex.param("$skiptoken");
    std::uint32_t offset = 0;
    if (ex.hasParam("$skiptoken") && !readSkipToken(token, offset))
        return sendGraphError(ex, 400, "BadRequest", "Invalid skip token");

    // Unsupported filters are ignored, as Graph does; clients re-check on their side.
    std::vector<std::size_t> matches;
    const std::optional<std::string> serial = serialFilter(filter);
    if (serial) matches = fleet_.withSerial(*serial);
    const std::size_t total = serial ? matches.size() : fleet_.size();
    const std::size_t first = std::min<std::size_t>(offset, total);
    const std::size_t last = std::min(first + top, total);
    std::vector<std::size_t> page;
    page.reserve(last - first);
    for (std::size_t i = first; i < last; ++i) page.push_back(serial ? matches[i] : i);

    const std::string base = "https://" + ex.host + "/v1.0/";
    const auto link = [&](const std::string& skip) {
        std::string url = base + "deviceManagement/managedDevices?$top=" + std::to_string(top);
        if (!select.empty()) url += "&$select=" + percentEncode(select, ",");
        if (!filter.empty()) url += "&$filter=" + percentEncode(filter, "'");
        return url + "&$skiptoken=" + percentEncode(skip);
    };
    std::string next;
    if (last < total) next = link(skipToken(static_cast<std::uint32_t>(last)));
    if (faults.repeatNextLink && ex.hasParam("$skiptoken")) {
        // Once per setting: this page points back at the link that fetched it.
        bool fire = false;
        {
            std::lock_guard lock(mutex_);
            fire = std::exchange(faults_.repeatNextLink, false);
        }
        if (fire) next = link(token);
    }

    RenderOptions options;
    options.select = selection(select);
    options.actionResults = false;
    options.unknownValues = faults.unknownValues;
    options.nullFields = faults.nullFields;
    std::string body;
    body.reserve(256 + page.size() * (options.select == kAllProps ? 1100 : 200));
    body += "{\"@odata.context\":";
    appendJsonString(body, base + "$metadata#deviceManagement/managedDevices" + (select.empty() ? "" : "(" + select + ")"));
    if (!next.empty()) {
        body += ",\"@odata.nextLink\":";
        appendJsonString(body, next);
    }
    body += ",\"value\":[";
    fleet_.appendDevices(body, page, options, nowTicks());
    body += "]}";
    if (dice.unit() < faults.malformedRate) {
        ++counters_.malformed;
        body.resize(body.size() / 2);
    }
    send(ex, 200, body);
}

// ---- GET managedDevices/{id} -----------------------------------------------------------------
void Simulator::getOne(Exchange& ex, Rng& dice, const FaultSettings& faults) {
    const std::string& id = ex.segments[3];
    const auto index = fleet_.find(id);
    if (!index)
        return sendGraphError(ex, 404, "ResourceNotFound", "Resource '" + id + "' does not exist or one of its "
                                                           "queried reference-property objects are not present.");
    const std::string select = ex.param("$select");
    RenderOptions options;
    options.select = selection(select);
    options.unknownValues = faults.unknownValues;
    options.nullFields = faults.nullFields;
    std::string device;
    fleet_.appendDevice(device, *index, options, nowTicks());
    std::string body = "{\"@odata.context\":";
    appendJsonString(body, "https://" + ex.host + "/v1.0/$metadata#deviceManagement/managedDevices" +
                               (select.empty() ? "" : "(" + select + ")") + "/$entity");
    body += ',';
    body.append(device, 1);
    if (dice.unit() < faults.malformedRate) {
        ++counters_.malformed;
        body.resize(body.size() / 2);
    }
    send(ex, 200, body);
}

// ---- POST managedDevices/{id}/{action} -------------------------------------------------------
bool Simulator::failsActions(std::size_t index) const {
    if (settings_.failDevices.empty()) return false;
    const std::string id = jsonUnquote(fleet_.literal(index, Prop::id));
    const std::string serial = jsonUnquote(fleet_.literal(index, Prop::serialNumber));
    return std::any_of(settings_.failDevices.begin(), settings_.failDevices.end(), [&](const std::string& f) {
        return f == id || (!serial.empty() && equalsIgnoreCase(f, serial));
    });
}

void Simulator::action(Exchange& ex, Rng& dice, const FaultSettings& faults) {
    const std::string& id = ex.segments[3];
    const std::string& name = ex.segments[4];
    const auto known = std::find_if(kActions.begin(), kActions.end(),
                                     [&](std::string_view a) { return equalsIgnoreCase(a, name); });
    const auto index = fleet_.find(id);
    if (!index)
        return sendGraphError(ex, 404, "ResourceNotFound", "Resource '" + id + "' does not exist or one of its "
                                                           "queried reference-property objects are not present.");
    if (known == kActions.end())
        return sendGraphError(ex, 400, "BadRequest", "Resource not found for the segment '" + name + "'.");
    if (*known == "wipe" && ex.body.find_first_not_of(" \t\r\n") != std::string::npos) {
        try {
            Poco::JSON::Parser parser;
            if (parser.parse(ex.body).type() != typeid(Poco::JSON::Object::Ptr))
                return sendGraphError(ex, 400, "BadRequest", "The wipe parameters must be a JSON object.");
        } catch (const Poco::Exception&) {
            return sendGraphError(ex, 400, "BadRequest", "The wipe parameters are not valid JSON.");
        }
    }

    RecordedAction recorded = fleet_.recordAction(*index, *known, nowTicks(), failsActions(*index));
    {
        std::lock_guard lock(mutex_);
        actions_.push_back(std::move(recorded));
    }
    if (faults.hangAfterActionMs > 0) {
        // Processed, answer late: the moment a dispatcher can be killed between send and reply.
        std::this_thread::sleep_for(std::chrono::milliseconds(faults.hangAfterActionMs));
    }
    if (dice.unit() < faults.dropAfterRate) {
        // The action stands; only the answer is lost, so the client cannot know it landed.
        ++counters_.droppedAfter;
        return drop(ex);
    }
    send(ex, 204, {});
}

}  // namespace qm::sim
