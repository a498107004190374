#include "model/lifecycle.hpp"

#include "model/error.hpp"
#include "model/identifiers.hpp"

#include <algorithm>
#include <array>

namespace qm {
namespace {

using enum DeviceStatus;

constexpr Transition kTransitions[] = {
    {InStock, Issued, "issue"},
    {Issued, InStock, "return"},
    {Issued, Lost, "report lost"},
    {Issued, Stolen, "report stolen"},
    {Lost, InStock, "recovered"},
    {Stolen, InStock, "recovered"},

    {InStock, InRepair, "send to repair"},
    {Issued, InRepair, "send to repair"},
    {Lost, InRepair, "send to repair"},
    {Stolen, InRepair, "send to repair"},
    {Wiped, InRepair, "send to repair"},
    {InRepair, InStock, "back from repair"},

    // No pending_wipe -> in_stock or in_repair: a device waiting for a wipe must be wiped
    // before reuse (through repair it came back to stock with its data on it).
    {InStock, PendingWipe, "request wipe"},
    {Issued, PendingWipe, "request wipe"},
    {Lost, PendingWipe, "request wipe"},
    {Stolen, PendingWipe, "request wipe"},
    {InRepair, PendingWipe, "request wipe"},
    {PendingWipe, Wiped, "wiped"},
    {Wiped, InStock, "restock"},

    {InStock, Retired, "retire"},
    {Issued, Retired, "retire"},
    {Lost, Retired, "retire"},
    {Stolen, Retired, "retire"},
    {InRepair, Retired, "retire"},
    {PendingWipe, Retired, "retire"},
    {Wiped, Retired, "retire"},
};

constexpr bool tableIsWellFormed() {
    for (const auto& t : kTransitions) {
        if (t.from == t.to || t.from == Retired || t.action.empty()) return false;
        int seen = 0;
        for (const auto& u : kTransitions) seen += (u.from == t.from && u.to == t.to) ? 1 : 0;
        if (seen != 1) return false;
    }
    return true;
}
static_assert(tableIsWellFormed(), "a self-transition, a move out of retired or a duplicate row");

struct StatusWords {
    std::string_view db;
    std::string_view label;
    std::string_view subject;  // how a sentence starts: "A device in stock ..."
};

// Indexed by DeviceStatus.
constexpr std::array<StatusWords, 8> kStatusWords = {{
    {"in_stock", "In stock", "A device in stock"},
    {"issued", "Issued", "An issued device"},
    {"lost", "Lost", "A lost device"},
    {"stolen", "Stolen", "A stolen device"},
    {"in_repair", "In repair", "A device in repair"},
    {"pending_wipe", "Pending wipe", "A device pending wipe"},
    {"wiped", "Wiped", "A wiped device"},
    {"retired", "Retired", "A retired device"},
}};

const StatusWords& words(DeviceStatus s) { return kStatusWords[static_cast<std::size_t>(s)]; }

// Lower-case, trimmed, with spaces and hyphens as underscores: "In stock" -> "in_stock".
std::string normalise(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    std::string out;
    for (char c : text) {
        if (c == ' ' || c == '-') c = '_';
        else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out += c;
    }
    return out;
}

}  // namespace

std::string_view toString(DeviceStatus status) { return words(status).db; }

std::string_view statusLabel(DeviceStatus status) { return words(status).label; }

std::optional<DeviceStatus> statusFromString(std::string_view text) {
    const std::string wanted = normalise(text);
    for (DeviceStatus s : allStatuses())
        if (toString(s) == wanted) return s;
    return std::nullopt;
}

DeviceStatus parseStatus(std::string_view text, std::string_view field) {
    if (auto status = statusFromString(text)) return *status;
    std::string allowed;
    for (DeviceStatus s : allStatuses()) allowed += (allowed.empty() ? "" : ", ") + std::string(toString(s));
    const std::string label = fieldLabel(field);
    if (normalise(text).empty()) throw invalid(std::string(field), label + " is missing: use one of " + allowed + ".");
    throw invalid(std::string(field),
                  label + " " + quoteInput(text) + " is not a device status: use one of " + allowed + ".");
}

const std::vector<DeviceStatus>& allStatuses() {
    static const std::vector<DeviceStatus> all = {InStock, Issued, Lost, Stolen, InRepair, PendingWipe, Wiped, Retired};
    return all;
}

std::span<const Transition> allowedTransitions() { return kTransitions; }

std::vector<Transition> transitionsFrom(DeviceStatus from) {
    std::vector<Transition> out;
    for (const auto& t : kTransitions)
        if (t.from == from) out.push_back(t);
    return out;
}

std::optional<Transition> findTransition(DeviceStatus from, DeviceStatus to) {
    const auto* it = std::find_if(std::begin(kTransitions), std::end(kTransitions),
                                  [&](const Transition& t) { return t.from == from && t.to == to; });
    if (it == std::end(kTransitions)) return std::nullopt;
    return *it;
}

bool isAllowedTransition(DeviceStatus from, DeviceStatus to) { return findTransition(from, to).has_value(); }

bool legalHoldBlocks(DeviceStatus to) {
    return to == Issued || to == PendingWipe || to == Wiped || to == Retired;
}

std::optional<std::string> transitionRefusal(DeviceStatus from, DeviceStatus to, bool legalHold) {
    if (from == Retired) return "A retired device cannot change status.";
    if (from == to) {
        std::string state(statusLabel(to));
        state[0] = static_cast<char>(state[0] - 'A' + 'a');
        return "The device is already " + state + ".";
    }
    if (isAllowedTransition(from, to)) {
        if (legalHold && legalHoldBlocks(to))
            return "The device is under legal hold: it cannot be issued, wiped or retired until the hold is "
                   "released.";
        return std::nullopt;
    }
    const std::string subject(words(from).subject);
    if (to == Issued) return subject + " cannot be issued; only a device in stock can.";
    if (to == Lost) return subject + " cannot be reported lost; only an issued device can.";
    if (to == Stolen) return subject + " cannot be reported stolen; only an issued device can.";
    if (to == Wiped) return subject + " cannot be marked wiped; a wipe must be requested first.";
    if (from == PendingWipe && (to == InStock || to == InRepair))
        return "A device pending wipe must be wiped first; it cannot go back into stock or to repair until then.";
    if (from == Wiped && to == PendingWipe)
        return "A wiped device has already been wiped; restock it or retire it instead.";
    return "A device cannot go from " + std::string(statusLabel(from)) + " to " + std::string(statusLabel(to)) + ".";
}

std::string_view toString(DeviceKind kind) { return kind == DeviceKind::Phone ? "phone" : "tablet"; }

std::string_view kindLabel(DeviceKind kind) { return kind == DeviceKind::Phone ? "Phone" : "Tablet"; }

std::optional<DeviceKind> kindFromString(std::string_view text) {
    const std::string wanted = normalise(text);
    if (wanted == "phone") return DeviceKind::Phone;
    if (wanted == "tablet") return DeviceKind::Tablet;
    return std::nullopt;
}

DeviceKind parseKind(std::string_view text, std::string_view field) {
    if (auto kind = kindFromString(text)) return *kind;
    const std::string label = fieldLabel(field);
    if (normalise(text).empty()) throw invalid(std::string(field), label + " is missing: use phone or tablet.");
    throw invalid(std::string(field), label + " " + quoteInput(text) + " is not known: use phone or tablet.");
}

}  // namespace qm
