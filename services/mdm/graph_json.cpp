#include "services/mdm/graph_json.hpp"

#include "model/error.hpp"
#include "model/text.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace qm::services::mdm {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Poco::Dynamic::Var parse(std::string_view body, const char* what) {
    try {
        Poco::JSON::Parser parser;
        return parser.parse(std::string(body));
    } catch (const Poco::Exception&) {
        throw unavailable(std::string("The MDM sent ") + what + " that is not valid JSON; nothing from it was used.");
    } catch (const std::exception&) {
        throw unavailable(std::string("The MDM sent ") + what + " that could not be read; nothing from it was used.");
    }
}

Object::Ptr asObject(const Poco::Dynamic::Var& v) {
    try {
        if (v.type() == typeid(Object::Ptr)) return v.extract<Object::Ptr>();
    } catch (const Poco::Exception&) {
    }
    return nullptr;
}

Array::Ptr asArray(const Poco::Dynamic::Var& v) {
    try {
        if (v.type() == typeid(Array::Ptr)) return v.extract<Array::Ptr>();
    } catch (const Poco::Exception&) {
    }
    return nullptr;
}

// A string property, or "" when absent, null or not a string.
std::string text(const Object::Ptr& o, const char* key) {
    if (!o || !o->has(key)) return {};
    const Poco::Dynamic::Var v = o->get(key);
    if (v.isEmpty() || !v.isString()) return {};
    try {
        return v.extract<std::string>();
    } catch (const Poco::Exception&) {
        return {};
    }
}

// An enum property: one of `known`, "unknown" for a value the client has never seen, "" for null.
std::string oneOf(const Object::Ptr& o, const char* key, std::initializer_list<const char*> known) {
    std::string v = text(o, key);
    if (v.empty()) return v;
    for (const char* k : known)
        if (v == k) return v;
    return "unknown";
}

// The properties kept as text, by their Graph names: read from the MDM and written for the
// register's sync function from the same list. (The two enums are checked on the way in.)
using TextField = std::pair<const char*, std::string ManagedDevice::*>;
constexpr TextField kFields[] = {
    {"id", &ManagedDevice::id},
    {"deviceName", &ManagedDevice::deviceName},
    {"serialNumber", &ManagedDevice::serialNumber},
    {"imei", &ManagedDevice::imei},
    {"meid", &ManagedDevice::meid},
    {"operatingSystem", &ManagedDevice::operatingSystem},
    {"osVersion", &ManagedDevice::osVersion},
    {"complianceState", &ManagedDevice::complianceState},
    {"lastSyncDateTime", &ManagedDevice::lastSyncDateTime},
    {"enrolledDateTime", &ManagedDevice::enrolledDateTime},
    {"userPrincipalName", &ManagedDevice::userPrincipalName},
    {"userDisplayName", &ManagedDevice::userDisplayName},
    {"emailAddress", &ManagedDevice::emailAddress},
    {"model", &ManagedDevice::model},
    {"manufacturer", &ManagedDevice::manufacturer},
    {"phoneNumber", &ManagedDevice::phoneNumber},
    {"managedDeviceOwnerType", &ManagedDevice::managedDeviceOwnerType},
};

ManagedDevice toDevice(const Object::Ptr& o) {
    ManagedDevice d;
    for (const auto& [name, member] : kFields) d.*member = text(o, name);
    d.complianceState = oneOf(o, "complianceState", {"unknown", "compliant", "noncompliant", "conflict", "error",
                                                     "inGracePeriod", "configManager"});
    d.managedDeviceOwnerType = oneOf(o, "managedDeviceOwnerType", {"unknown", "company", "personal"});
    if (o && o->has("deviceActionResults")) {
        if (auto results = asArray(o->get("deviceActionResults"))) {
            for (std::size_t i = 0; i < results->size(); ++i) {
                auto r = asObject(results->get(static_cast<unsigned>(i)));
                if (!r) continue;
                ActionResult a;
                a.actionName = text(r, "actionName");
                a.actionState = oneOf(r, "actionState",
                                      {"none", "pending", "canceled", "active", "done", "failed", "notSupported"});
                a.startDateTime = text(r, "startDateTime");
                a.lastUpdatedDateTime = text(r, "lastUpdatedDateTime");
                d.actionResults.push_back(std::move(a));
            }
        }
    }
    return d;
}


bool digits(std::string_view s, std::size_t at, std::size_t n, int& value) {
    if (at + n > s.size()) return false;
    value = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        value = value * 10 + (s[i] - '0');
    }
    return true;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
long long daysFromCivil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

}  // namespace

DevicePage parseDevicePage(std::string_view body) {
    auto root = asObject(parse(body, "a device page"));
    if (!root) throw unavailable("The MDM sent a device page that is not a JSON object; nothing from it was used.");
    auto value = root->has("value") ? asArray(root->get("value")) : nullptr;
    if (!value) throw unavailable("The MDM sent a device page without a list of devices; nothing from it was used.");
    DevicePage page;
    page.devices.reserve(value->size());
    for (std::size_t i = 0; i < value->size(); ++i) {
        auto o = asObject(value->get(static_cast<unsigned>(i)));
        if (!o) continue;
        ManagedDevice d = toDevice(o);
        if (!d.id.empty()) page.devices.push_back(std::move(d));
    }
    page.nextLink = text(root, "@odata.nextLink");
    return page;
}

ManagedDevice parseDevice(std::string_view body) {
    auto root = asObject(parse(body, "a device"));
    if (!root) throw unavailable("The MDM sent a device that is not a JSON object.");
    return toDevice(root);
}

TokenReply parseToken(std::string_view body) {
    auto root = asObject(parse(body, "a token reply"));
    TokenReply t;
    t.accessToken = text(root, "access_token");
    if (root && root->has("expires_in")) {
        const auto v = root->get("expires_in");
        try {
            if (v.isNumeric()) t.expiresInSeconds = v.convert<double>();
            else if (v.isString()) t.expiresInSeconds = std::stod(v.extract<std::string>());
        } catch (const Poco::Exception&) {
            t.expiresInSeconds = 0;
        } catch (const std::exception&) {
            t.expiresInSeconds = 0;
        }
    }
    if (t.accessToken.empty())
        throw unavailable("The MDM's sign-in service answered without an access token.");
    if (!(t.expiresInSeconds > 0) || !std::isfinite(t.expiresInSeconds)) t.expiresInSeconds = 300;
    return t;
}

GraphError parseError(std::string_view body) {
    GraphError e;
    try {
        auto root = asObject(Poco::JSON::Parser().parse(std::string(body)));
        if (!root) return e;
        if (auto inner = root->has("error") ? asObject(root->get("error")) : nullptr) {
            e.code = text(inner, "code");
            e.message = text(inner, "message");
            for (const char* key : {"innerError", "innererror"})
                if (auto ie = inner->has(key) ? asObject(inner->get(key)) : nullptr) e.requestId = text(ie, "request-id");
        } else {
            // The sign-in service's shape: {"error":"invalid_client","error_description":...}
            e.code = text(root, "error");
            e.message = text(root, "error_description");
        }
    } catch (...) {
        // Not JSON (a proxy's HTML page): nothing to branch on.
    }
    return e;
}

std::string devicesToJson(const std::vector<ManagedDevice>& devices) {
    std::string out;
    out.reserve(devices.size() * 600);
    out += '[';
    bool first = true;
    for (const auto& d : devices) {
        if (!first) out += ',';
        first = false;
        out += '{';
        bool firstField = true;
        for (const auto& [key, member] : kFields) {
            const std::string& value = d.*member;
            if (value.empty()) continue;
            if (!firstField) out += ',';
            firstField = false;
            out += jsonString(key);
            out += ':';
            out += jsonString(value);
        }
        out += '}';
    }
    out += ']';
    return out;
}

std::optional<long long> graphTimeMicros(std::string_view s) {
    int y, mo, d, h, mi, se;
    if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) ||
        s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
    std::size_t at = 19;
    long long micros = 0;
    if (at < s.size() && s[at] == '.') {
        ++at;
        int n = 0;
        while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
            if (n < 6) micros = micros * 10 + (s[at] - '0');
            ++n;
            ++at;
        }
        if (n == 0) return std::nullopt;
        for (int i = n; i < 6; ++i) micros *= 10;
    }
    long long offset = 0;
    if (at < s.size() && (s[at] == 'Z' || s[at] == 'z')) {
        ++at;
    } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
        int oh, om;
        if (!digits(s, at + 1, 2, oh) || at + 3 >= s.size() || s[at + 3] != ':' || !digits(s, at + 4, 2, om))
            return std::nullopt;
        offset = (s[at] == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
        at += 6;
    } else {
        return std::nullopt;  // Graph always says which zone
    }
    if (at != s.size()) return std::nullopt;
    const long long seconds = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400LL +
                              h * 3600LL + mi * 60LL + se - offset;
    return seconds * 1000000LL + micros;
}

std::optional<double> retryAfterSeconds(std::string_view header, double nowSeconds) {
    std::string_view h = header;
    while (!h.empty() && h.front() == ' ') h.remove_prefix(1);
    while (!h.empty() && h.back() == ' ') h.remove_suffix(1);
    if (h.empty()) return std::nullopt;
    if ((h[0] >= '0' && h[0] <= '9') || h[0] == '.') {
        double v = 0;
        auto [end, ec] = std::from_chars(h.data(), h.data() + h.size(), v);
        if (ec != std::errc() || end != h.data() + h.size() || !std::isfinite(v) || v < 0) return std::nullopt;
        return v;
    }
    // An HTTP date: "Wed, 21 Oct 2015 07:28:00 GMT".
    static const std::array<const char*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char mon[4] = {};
    int d = 0, y = 0, hh = 0, mm = 0, ss = 0;
    const std::string copy(h);
    if (std::sscanf(copy.c_str(), "%*3s, %2d %3s %4d %2d:%2d:%2d GMT", &d, mon, &y, &hh, &mm, &ss) != 6)
        return std::nullopt;
    auto it = std::find_if(months.begin(), months.end(), [&](const char* m) { return std::string_view(m) == mon; });
    if (it == months.end()) return std::nullopt;
    const unsigned month = static_cast<unsigned>(it - months.begin()) + 1;
    const double at = static_cast<double>(daysFromCivil(y, month, static_cast<unsigned>(d)) * 86400LL + hh * 3600LL +
                                          mm * 60LL + ss);
    return std::max(0.0, at - nowSeconds);
}

}  // namespace qm::services::mdm
