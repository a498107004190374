// The simulated tenant's managed devices and what has been done to them.
//
// Devices are loaded once (generated, from a fixture or from the register) and never change
// afterwards, so pages are rendered without a lock. Each device keeps its properties as ready
// JSON literals in one string, which is what lets a client page 200,000 devices quickly and
// keeps the fleet small in memory. What does change — remote actions and manual syncs — lives
// in a small map behind a mutex; lastSyncDateTime and actionState are computed when read, from
// the check-in cycle and the actions' start times, so nothing runs in the background.
#pragma once

#include "sim/wire.hpp"

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qm::sim {

// managedDevice properties in the order they are written (Graph's own order is no contract).
enum class Prop : std::uint8_t {
    id, deviceName, managedDeviceOwnerType, enrolledDateTime, lastSyncDateTime, operatingSystem,
    complianceState, jailBroken, managementAgent, osVersion, emailAddress, deviceEnrollmentType,
    model, manufacturer, imei, meid, serialNumber, phoneNumber, userPrincipalName, userDisplayName,
    wiFiMacAddress, subscriberCarrier, iccid, isEncrypted, isSupervised, totalStorageSpaceInBytes,
    freeStorageSpaceInBytes, deviceActionResults, count
};
inline constexpr std::size_t kPropCount = static_cast<std::size_t>(Prop::count);

using PropMask = std::uint32_t;
inline constexpr PropMask kAllProps = (PropMask{1} << kPropCount) - 1;
constexpr PropMask bit(Prop p) { return PropMask{1} << static_cast<unsigned>(p); }

std::optional<Prop> findProp(std::string_view name);  // case-insensitive, as Graph's $select

// A device on its way into the fleet: each property a JSON literal, "" meaning null.
struct DeviceDraft {
    std::array<std::string, kPropCount> literal;
    std::string extras;          // a fixture's unknown fields, as `"name":value,...`
    std::uint64_t identity = 0;  // seeds the per-device choices: check-in phase, staleness
    bool checksIn = true;        // false: lastSyncDateTime stays as given (fixtures)

    void set(Prop p, std::string_view text) { literal[static_cast<std::size_t>(p)] = jsonString(text); }
    void setRaw(Prop p, std::string json) { literal[static_cast<std::size_t>(p)] = std::move(json); }
    void setNull(Prop p) { literal[static_cast<std::size_t>(p)].clear(); }
    std::string get(Prop p) const { return jsonUnquote(literal[static_cast<std::size_t>(p)]); }
};

struct FleetTiming {
    std::int64_t startedAt = 0;     // ticks; staleness is measured back from here
    std::int64_t checkinEvery = 0;  // ticks between a healthy device's check-ins
    std::int64_t actionDelay = 0;   // ticks an action stays pending
};

struct RenderOptions {
    PropMask select = kAllProps;
    bool actionResults = true;   // false for the list call, which Graph answers with []
    bool unknownValues = false;  // fault: enum values and fields a client does not know
    bool nullFields = false;     // fault: some devices with nearly every property null
};

// An action the simulator accepted, for /_sim/stats.
struct RecordedAction {
    std::string idLiteral;
    std::string serialLiteral;
    std::string action;
    std::int64_t at = 0;
};

class Fleet {
public:
    explicit Fleet(FleetTiming timing) : timing_(timing) {}

    void reserve(std::size_t count) { devices_.reserve(count); }
    void add(DeviceDraft&& draft);  // throws std::runtime_error with a sentence
    void seal();                    // indexes ids; throws when two devices share one
    std::size_t size() const { return devices_.size(); }

    std::optional<std::size_t> find(std::string_view id) const;
    std::vector<std::size_t> withSerial(std::string_view serial) const;  // case-insensitive
    std::string_view literal(std::size_t index, Prop p) const;

    // Replaces any earlier result for the same action (Graph keeps one per action name).
    RecordedAction recordAction(std::size_t index, std::string_view action, std::int64_t at, bool fails);

    void appendDevice(std::string& out, std::size_t index, const RenderOptions& options, std::int64_t now) const;
    void appendDevices(std::string& out, const std::vector<std::size_t>& indices, const RenderOptions& options,
                       std::int64_t now) const;

private:
    struct Device {
        std::string literals;                             // the property literals back to back
        std::array<std::uint16_t, kPropCount> ends{};     // where each property's literal ends
        std::uint64_t identity = 0;
        bool checksIn = true;
    };
    struct ActionResult {
        std::string name;
        std::int64_t startedAt = 0;
        bool fails = false;
    };
    struct Activity {
        std::vector<ActionResult> actions;
        std::int64_t syncedAt = 0;  // the latest completed syncDevice that has been replaced
    };

    std::string_view literalOf(const Device& d, Prop p) const;
    std::int64_t syncedAtLocked(std::size_t index, std::int64_t now) const;
    std::int64_t lastSync(const Device& d, std::int64_t syncedAt, std::int64_t now) const;
    void render(std::string& out, std::size_t index, const RenderOptions& options, std::int64_t now,
                std::int64_t syncedAt, const std::vector<ActionResult>* actions) const;

    FleetTiming timing_;
    std::vector<Device> devices_;
    std::vector<std::uint32_t> byId_;                     // device indices sorted by id literal
    std::unordered_map<std::size_t, std::string> extras_;  // rare: fixture devices only

    mutable std::mutex mutex_;
    std::unordered_map<std::size_t, Activity> activity_;
};

}  // namespace qm::sim
