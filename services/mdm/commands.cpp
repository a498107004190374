#include "services/mdm/commands.hpp"

#include "db/mdm_repository.hpp"
#include "model/error.hpp"
#include "model/identifiers.hpp"
#include "model/text.hpp"

#include <algorithm>
#include <charconv>

namespace qm::services::mdm {
namespace {

constexpr TextRule kDeviceKey{100};
constexpr TextRule kReason{500};

std::string words(const std::string& action) {
    if (action == "remote_lock") return "remote lock";
    if (action == "sync") return "MDM sync";
    return action;
}

}  // namespace

std::string checkAction(const std::string& action) {
    static const std::vector<std::string> known = {"wipe", "retire", "remote_lock", "sync"};
    std::string a = trimmed(action);
    if (a == "lock") a = "remote_lock";
    if (std::find(known.begin(), known.end(), a) == known.end())
        throw invalid("action", "Action " + quoteInput(a) + " is not one of wipe, retire, remote_lock or sync.");
    return a;
}

long long request(Session& session, const std::string& device, const std::string& action, const std::string& reason) {
    const std::string a = checkAction(action);
    session.require(DeskRole::Agent, "request a " + words(a));
    const std::string key = requireCleanText("device", trimmed(device), kDeviceKey);
    if (key.empty()) throw invalid("device", "Give the device: an asset tag, serial, IMEI or MDM id.");
    const std::string why = requireCleanText("reason", trimmed(reason), kReason);
    if ((a == "wipe" || a == "retire") && why.empty())
        throw invalid("reason", "A " + a + " request needs a reason (--reason).");
    return db::requestCommand(session.db(), key, a, why);
}

std::string approve(Session& session, long long id) {
    session.require(DeskRole::Approver, "approve wipes and retirements");
    return db::approveCommand(session.db(), id);
}

void reject(Session& session, long long id, const std::string& reason) {
    session.require(DeskRole::Approver, "reject wipes and retirements");
    const std::string why = requireCleanText("reason", trimmed(reason), kReason);
    if (why.empty()) throw invalid("reason", "Rejecting a request needs a reason (--reason).");
    db::rejectCommand(session.db(), id, why);
}

void release(Session& session, long long id) {
    session.require(DeskRole::Admin, "release held wipes");
    db::releaseCommand(session.db(), id);
}

void cancel(Session& session, long long id, const std::string& reason) {
    session.require(DeskRole::Agent, "cancel MDM commands");
    db::cancelCommand(session.db(), id, requireCleanText("reason", trimmed(reason), kReason));
}

const std::vector<std::string>& states() {
    static const std::vector<std::string> s = {"awaiting_approval", "held", "queued", "sent", "done",
                                               "failed", "needs_attention", "rejected", "cancelled"};
    return s;
}

std::vector<CommandRow> list(Session& session, const std::string& state, int limit) {
    const std::string s = trimmed(state);
    if (!s.empty() && std::find(states().begin(), states().end(), s) == states().end()) {
        std::string all;
        for (const auto& x : states()) all += (all.empty() ? "" : ", ") + x;
        throw invalid("state", "State " + quoteInput(s) + " is not one of " + all + ".");
    }
    db::CommandFilter f;
    f.state = s;
    f.limit = limit;
    return db::listCommands(session.db(), f);
}

std::vector<CommandRow> forDevice(Session& session, long long deviceId, int limit) {
    db::CommandFilter f;
    f.deviceId = deviceId;
    f.limit = limit;
    return db::listCommands(session.db(), f);
}

std::optional<CommandRow> find(Session& session, long long id) { return db::findCommand(session.db(), id); }

WipeLimits wipeLimits(Session& session) {
    auto p = db::wipePolicy(session.db());
    return {p.perPersonPerDay, p.perHourBeforeHold};
}

void setWipeLimits(Session& session, std::optional<int> perPersonPerDay, std::optional<int> perHourBeforeHold) {
    session.require(DeskRole::Admin, "change the wipe limits");
    db::setWipePolicy(session.db(), perPersonPerDay, perHourBeforeHold);
}

long long parseCommandId(const std::string& text) {
    std::string t = trimmed(text);
    if (t.size() > 4 && (t.rfind("CMD-", 0) == 0 || t.rfind("cmd-", 0) == 0)) t = t.substr(4);
    long long id = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || id <= 0)
        throw invalid("command", "Command id " + quoteInput(trimmed(text)) + " is not a number such as 42.");
    return id;
}

}  // namespace qm::services::mdm
