// Graph JSON at the edge — turns what Microsoft Graph (or the simulator) sends into plain
// structs, and back into the JSON the register's sync functions take. Everything from the MDM
// is untrusted: nulls, wrong types, unknown fields and enum values the client has never seen
// are kept as "" or "unknown", never a crash; a body that is not JSON at all is an Error with
// one sentence. Poco's JSON types stay inside graph_json.cpp. Fuzzed by tests/fuzz.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qm::services::mdm {

struct ActionResult {
    std::string actionName, actionState, startDateTime, lastUpdatedDateTime;
};

struct ManagedDevice {
    std::string id, deviceName, serialNumber, imei, meid, operatingSystem, osVersion, complianceState;
    std::string lastSyncDateTime, enrolledDateTime, userPrincipalName, userDisplayName, emailAddress;
    std::string model, manufacturer, phoneNumber, managedDeviceOwnerType;
    std::vector<ActionResult> actionResults;
};

struct DevicePage {
    std::vector<ManagedDevice> devices;
    std::string nextLink;  // "" on the last page
};

struct TokenReply {
    std::string accessToken;
    double expiresInSeconds = 0;
};

struct GraphError {
    std::string code, message, requestId;  // "" when the body says nothing usable
};

DevicePage parseDevicePage(std::string_view body);
ManagedDevice parseDevice(std::string_view body);
TokenReply parseToken(std::string_view body);
GraphError parseError(std::string_view body);  // never throws

// A JSON array of the devices with Graph's property names (for mdm_sync_page).
std::string devicesToJson(const std::vector<ManagedDevice>& devices);

// Graph's timestamps ("2024-05-01T10:02:49.3205976Z", or with an offset) as microseconds since
// 1970 (UTC); nullopt when unreadable.
std::optional<long long> graphTimeMicros(std::string_view text);

// Retry-After: seconds (possibly fractional) or an HTTP date; nullopt when absent or unreadable.
// `nowSeconds` is the Unix time used for dates.
std::optional<double> retryAfterSeconds(std::string_view header, double nowSeconds);

}  // namespace qm::services::mdm
