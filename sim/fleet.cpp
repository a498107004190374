#include "sim/fleet.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace qm::sim {
namespace {

constexpr std::string_view kPropNames[kPropCount] = {
    "id", "deviceName", "managedDeviceOwnerType", "enrolledDateTime", "lastSyncDateTime", "operatingSystem",
    "complianceState", "jailBroken", "managementAgent", "osVersion", "emailAddress", "deviceEnrollmentType",
    "model", "manufacturer", "imei", "meid", "serialNumber", "phoneNumber", "userPrincipalName", "userDisplayName",
    "wiFiMacAddress", "subscriberCarrier", "iccid", "isEncrypted", "isSupervised", "totalStorageSpaceInBytes",
    "freeStorageSpaceInBytes", "deviceActionResults",
};

// `,"name":` for every property, built once so rendering is a run of appends.
const std::array<std::string, kPropCount>& keyPrefixes() {
    static const std::array<std::string, kPropCount> prefixes = [] {
        std::array<std::string, kPropCount> p;
        for (std::size_t i = 0; i < kPropCount; ++i) p[i] = ",\"" + std::string(kPropNames[i]) + "\":";
        return p;
    }();
    return prefixes;
}

// Which devices the unknown_values and null_fields faults touch: a fixed one in five each,
// chosen from different residues so a device is never both.
bool oddValues(std::uint64_t identity) { return identity % 5 == 2; }
bool mostlyNull(std::uint64_t identity) { return identity % 5 == 4; }

}  // namespace

std::optional<Prop> findProp(std::string_view name) {
    for (std::size_t i = 0; i < kPropCount; ++i) {
        if (equalsIgnoreCase(kPropNames[i], name)) return static_cast<Prop>(i);
    }
    return std::nullopt;
}

void Fleet::add(DeviceDraft&& draft) {
    const std::string& id = draft.literal[0];
    if (id.size() < 3 || id.front() != '"')
        throw std::runtime_error("Every device needs a string id.");
    Device d;
    std::size_t total = 0;
    for (const std::string& l : draft.literal) total += l.size();
    if (total > std::numeric_limits<std::uint16_t>::max())
        throw std::runtime_error("Device " + id + " is too large for the simulator (over 64 KB of properties).");
    d.literals.reserve(total);
    for (std::size_t i = 0; i < kPropCount; ++i) {
        d.literals += draft.literal[i];
        d.ends[i] = static_cast<std::uint16_t>(d.literals.size());
    }
    d.identity = draft.identity;
    d.checksIn = draft.checksIn;
    if (!draft.extras.empty()) extras_.emplace(devices_.size(), std::move(draft.extras));
    devices_.push_back(std::move(d));
}

void Fleet::seal() {
    byId_.resize(devices_.size());
    for (std::size_t i = 0; i < devices_.size(); ++i) byId_[i] = static_cast<std::uint32_t>(i);
    const auto idOf = [this](std::uint32_t i) { return literalOf(devices_[i], Prop::id); };
    std::sort(byId_.begin(), byId_.end(), [&](std::uint32_t a, std::uint32_t b) { return idOf(a) < idOf(b); });
    const auto dup = std::adjacent_find(byId_.begin(), byId_.end(),
                                        [&](std::uint32_t a, std::uint32_t b) { return idOf(a) == idOf(b); });
    if (dup != byId_.end()) throw std::runtime_error("Two devices share the id " + std::string(idOf(*dup)) + ".");
}

std::string_view Fleet::literalOf(const Device& d, Prop p) const {
    const auto i = static_cast<std::size_t>(p);
    const std::size_t begin = i == 0 ? 0 : d.ends[i - 1];
    return std::string_view(d.literals).substr(begin, d.ends[i] - begin);
}

std::string_view Fleet::literal(std::size_t index, Prop p) const { return literalOf(devices_[index], p); }

std::optional<std::size_t> Fleet::find(std::string_view id) const {
    // Ids are compared as the literals we wrote, so no decoding is needed on either side.
    const std::string needle = jsonString(id);
    const auto it = std::lower_bound(byId_.begin(), byId_.end(), std::string_view(needle),
                                     [this](std::uint32_t i, std::string_view key) {
                                         return literalOf(devices_[i], Prop::id) < key;
                                     });
    if (it == byId_.end() || literalOf(devices_[*it], Prop::id) != needle) return std::nullopt;
    return *it;
}

std::vector<std::size_t> Fleet::withSerial(std::string_view serial) const {
    const std::string needle = jsonString(serial);
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < devices_.size(); ++i) {
        if (equalsIgnoreCase(literalOf(devices_[i], Prop::serialNumber), needle)) found.push_back(i);
    }
    return found;
}

RecordedAction Fleet::recordAction(std::size_t index, std::string_view action, std::int64_t at, bool fails) {
    {
        std::lock_guard lock(mutex_);
        Activity& activity = activity_[index];
        auto it = std::find_if(activity.actions.begin(), activity.actions.end(),
                               [&](const ActionResult& r) { return r.name == action; });
        if (it == activity.actions.end()) {
            activity.actions.push_back({std::string(action), at, fails});
        } else {
            // A replaced sync that already finished still moved lastSyncDateTime.
            const std::int64_t finished = it->startedAt + timing_.actionDelay;
            if (it->name == "syncDevice" && !it->fails && finished <= at)
                activity.syncedAt = std::max(activity.syncedAt, finished);
            *it = {std::string(action), at, fails};
        }
    }
    const Device& d = devices_[index];
    return {std::string(literalOf(d, Prop::id)), std::string(literalOf(d, Prop::serialNumber)), std::string(action),
            at};
}

std::int64_t Fleet::syncedAtLocked(std::size_t index, std::int64_t now) const {
    const auto it = activity_.find(index);
    if (it == activity_.end()) return 0;
    std::int64_t synced = it->second.syncedAt;
    for (const ActionResult& r : it->second.actions) {
        const std::int64_t finished = r.startedAt + timing_.actionDelay;
        if (r.name == "syncDevice" && !r.fails && finished <= now) synced = std::max(synced, finished);
    }
    return synced;
}

std::int64_t Fleet::lastSync(const Device& d, std::int64_t syncedAt, std::int64_t now) const {
    const std::uint64_t h = splitmix64(d.identity);
    std::int64_t cycle;
    if (h % 100 < 5) {
        // Stale: went quiet on a fixed date 20–120 days before the simulator started.
        const auto days = static_cast<std::int64_t>(20 + (h >> 8) % 101);
        cycle = timing_.startedAt - days * kTicksPerDay - static_cast<std::int64_t>((h >> 24) % kTicksPerDay);
    } else {
        const std::int64_t period = std::max<std::int64_t>(timing_.checkinEvery, 1);
        const auto phase = static_cast<std::int64_t>((h >> 8) % static_cast<std::uint64_t>(period));
        cycle = now - ((now - phase) % period);
    }
    return std::max(cycle, syncedAt);
}

void Fleet::render(std::string& out, std::size_t index, const RenderOptions& options, std::int64_t now,
                   std::int64_t syncedAt, const std::vector<ActionResult>* actions) const {
    const Device& d = devices_[index];
    const auto& prefixes = keyPrefixes();
    const bool odd = options.unknownValues && oddValues(d.identity);
    const bool nulled = options.nullFields && mostlyNull(d.identity);
    out += '{';
    if (options.unknownValues) out += "\"@odata.type\":\"#microsoft.graph.managedDevice\",";
    out += "\"id\":";
    out += literalOf(d, Prop::id);
    for (std::size_t i = 1; i < kPropCount; ++i) {
        const auto p = static_cast<Prop>(i);
        if ((options.select & bit(p)) == 0) continue;
        out += prefixes[i];
        if (p == Prop::deviceActionResults) {
            out += '[';
            if (options.actionResults && actions != nullptr) {
                bool first = true;
                for (const ActionResult& r : *actions) {
                    const std::int64_t finished = r.startedAt + timing_.actionDelay;
                    const bool pending = now < finished;
                    out += first ? "{\"actionName\":" : ",{\"actionName\":";
                    first = false;
                    appendJsonString(out, r.name);
                    out += ",\"actionState\":";
                    out += pending ? "\"pending\"" : r.fails ? "\"failed\"" : "\"done\"";
                    out += ",\"startDateTime\":\"";
                    appendTimestamp(out, r.startedAt);
                    out += "\",\"lastUpdatedDateTime\":\"";
                    appendTimestamp(out, pending ? r.startedAt : finished);
                    out += "\"}";
                }
            }
            out += ']';
            continue;
        }
        if (nulled) {
            out += "null";
        } else if (p == Prop::lastSyncDateTime && (d.checksIn || syncedAt > 0)) {
            out += '"';
            appendTimestamp(out, d.checksIn ? lastSync(d, syncedAt, now) : syncedAt);
            out += '"';
        } else if (odd && p == Prop::complianceState) {
            out += "\"quantumState\"";
        } else if (odd && p == Prop::managedDeviceOwnerType) {
            out += "\"borrowed\"";
        } else {
            const std::string_view l = literalOf(d, p);
            if (l.empty()) out += "null"; else out += l;
        }
    }
    if (options.select == kAllProps && !extras_.empty()) {
        const auto it = extras_.find(index);
        if (it != extras_.end()) {
            out += ',';
            out += it->second;
        }
    }
    if (options.unknownValues) out += ",\"futureProperty\":{\"nested\":[1,2]}";
    out += '}';
}

void Fleet::appendDevice(std::string& out, std::size_t index, const RenderOptions& options, std::int64_t now) const {
    std::int64_t synced = 0;
    std::vector<ActionResult> actions;
    {
        std::lock_guard lock(mutex_);
        synced = syncedAtLocked(index, now);
        const auto it = activity_.find(index);
        if (it != activity_.end()) actions = it->second.actions;
    }
    render(out, index, options, now, synced, &actions);
}

void Fleet::appendDevices(std::string& out, const std::vector<std::size_t>& indices, const RenderOptions& options,
                          std::int64_t now) const {
    // Copy the little mutable state the page needs, then render without the lock.
    std::vector<std::int64_t> synced(indices.size(), 0);
    if (options.select & bit(Prop::lastSyncDateTime)) {
        std::lock_guard lock(mutex_);
        if (!activity_.empty()) {
            for (std::size_t k = 0; k < indices.size(); ++k) synced[k] = syncedAtLocked(indices[k], now);
        }
    }
    for (std::size_t k = 0; k < indices.size(); ++k) {
        if (k > 0) out += ',';
        render(out, indices[k], options, now, synced[k], nullptr);
    }
}

}  // namespace qm::sim
