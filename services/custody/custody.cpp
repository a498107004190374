#include "model/text.hpp"
#include "services/custody/custody.hpp"

#include "db/custody_repository.hpp"
#include "db/register_repository.hpp"
#include "model/identifiers.hpp"
#include "services/register/register.hpp"

#include <algorithm>
#include <regex>

namespace qm::services {
namespace {


// The register's limits (schema version 6), checked here so the desk hears which field.
constexpr TextRule kDeviceKey{100};
constexpr TextRule kReason{500};
constexpr TextRule kNote{1000, true};

std::string requireText(const std::string& value, const std::string& field, const std::string& sentence,
                        const TextRule& rule = kDeviceKey) {
    std::string t = requireCleanText(field, trimmed(value), rule);
    if (t.empty()) throw invalid(field, sentence);
    return t;
}

// Optional free text: trimmed, line ends made plain, checked against the rule.
std::string optionalText(const std::string& value, const std::string& field, const TextRule& rule) {
    return requireCleanText(field, unixLineEnds(trimmed(value)), rule);
}

Device reload(Session& session, const std::string& key) { return showDevice(session, key); }

// The person a hand-over was with, read from its receipt: another desk may have moved the
// device on since, so its current holder is not necessarily them.
std::optional<Person> personOnReceipt(Session& session, const std::string& receipt) {
    auto staffNo = db::staffNoOnReceipt(session.db(), receipt);
    return staffNo ? db::findPerson(session.db(), *staffNo) : std::nullopt;
}

}  // namespace

namespace {

// An issue request with its values checked and made plain, ready for the register.
struct CheckedIssue {
    std::string staffNo, note, overrideReason;
    std::vector<std::string> accessories;
};

CheckedIssue checkIssue(const IssueRequest& request) {
    CheckedIssue c;
    c.staffNo = StaffNumber::parse(request.staffNo, "staff_no").str();
    requireText(request.device, "device", "Give the device to issue: an asset tag, serial, IMEI or MDM id.");
    if (request.accessories.size() > 20)
        throw invalid("accessory", "A hand-over lists at most 20 accessories, not " +
                                       std::to_string(request.accessories.size()) + ".");
    for (const auto& a : request.accessories)
        c.accessories.push_back(requireText(a, "accessory", "An accessory needs a name.", TextRule{60}));
    c.note = optionalText(request.note, "note", kNote);
    c.overrideReason = optionalText(request.overrideReason, "override_reason", kReason);
    return c;
}

}  // namespace

HandOver issueDevice(Session& session, const IssueRequest& request) {
    session.require(DeskRole::Agent, "issue devices");
    const CheckedIssue c = checkIssue(request);
    std::string receipt = db::issueDevice(session.db(), request.device, c.staffNo, c.accessories, c.note,
                                          c.overrideReason, request.expectedVersion);
    return {receipt, reload(session, request.device), personOnReceipt(session, receipt)};
}

SittingResult issueDevices(Session& session, const std::vector<IssueRequest>& requests) {
    session.require(DeskRole::Agent, "issue devices");
    if (requests.empty()) throw invalid("device", "Give at least one device to issue.");
    if (requests.size() > 20)
        throw invalid("device", "One receipt lists at most 20 devices, not " + std::to_string(requests.size()) + ".");
    std::vector<CheckedIssue> checked;
    for (const auto& r : requests) {
        checked.push_back(checkIssue(r));
        if (checked.back().staffNo != checked.front().staffNo)
            throw invalid("staff_no", "One receipt is for one person: staff numbers " + checked.front().staffNo +
                                          " and " + checked.back().staffNo + " differ.");
    }
    SittingResult result;
    {
        db::Transaction tx(session.db());
        for (std::size_t i = 0; i < requests.size(); ++i) {
            const CheckedIssue& c = checked[i];
            if (i == 0)
                result.receipt = db::issueDevice(session.db(), requests[i].device, c.staffNo, c.accessories, c.note,
                                                 c.overrideReason, requests[i].expectedVersion);
            else
                db::issueDeviceOnReceipt(session.db(), result.receipt, requests[i].device, c.staffNo, c.accessories,
                                         c.note, c.overrideReason, requests[i].expectedVersion);
        }
        tx.commit();
    }
    for (const auto& r : requests) result.devices.push_back(reload(session, r.device));
    result.person = personOnReceipt(session, result.receipt);
    return result;
}

HandOver returnDevice(Session& session, const ReturnRequest& request) {
    session.require(DeskRole::Agent, "take devices back");
    requireText(request.device, "device", "Give the device being returned: an asset tag, serial, IMEI or MDM id.");
    static const std::vector<std::string> conditions = {"good", "damaged", "faulty", "incomplete"};
    std::string condition = trimmed(request.condition).empty() ? "good" : trimmed(request.condition);
    if (std::find(conditions.begin(), conditions.end(), condition) == conditions.end())
        throw invalid("condition", "Condition " + quoteInput(condition) +
                                       " is not one of good, damaged, faulty or incomplete.");
    std::string receipt = db::returnDevice(session.db(), request.device, condition,
                                           optionalText(request.note, "note", kNote), request.expectedVersion);
    return {receipt, reload(session, request.device), personOnReceipt(session, receipt)};
}

SwapResult swapDevice(Session& session, const std::string& oldDevice, const std::string& newDevice,
                      const std::string& reason, std::optional<int> expectedVersion) {
    session.require(DeskRole::Agent, "swap devices");
    requireText(oldDevice, "old_device", "Give the device being swapped out.");
    requireText(newDevice, "new_device", "Give the device being swapped in.");
    const std::string why =
        requireText(reason, "reason", "A swap needs a reason: say what is wrong with the old device.", kReason);
    std::string receipt = db::swapDevice(session.db(), oldDevice, newDevice, why, expectedVersion);
    SwapResult result{receipt, reload(session, oldDevice), reload(session, newDevice), {}};
    if (auto person = personOnReceipt(session, receipt)) result.person = *person;
    return result;
}

LostResult reportLost(Session& session, const std::string& device, bool stolen, const std::string& reference,
                      std::optional<int> expectedVersion) {
    session.require(DeskRole::Agent, "report devices lost or stolen");
    requireText(device, "device", "Give the device that is lost or stolen.");
    long long command = db::reportLost(session.db(), device, stolen,
                                       optionalText(reference, "reference", TextRule{100}), expectedVersion);
    return {reload(session, device), db::lossReceipt(session.db(), command), command};
}

Device sendToRepair(Session& session, const std::string& device, const std::string& note,
                    std::optional<int> expectedVersion) {
    session.require(DeskRole::Agent, "send devices to repair");
    requireText(device, "device", "Give the device to send to repair.");
    db::moveDevice(session.db(), device, "in_repair", optionalText(note, "note", kReason), expectedVersion);
    return reload(session, device);
}

Device restock(Session& session, const std::string& device, const std::string& note,
               std::optional<int> expectedVersion) {
    session.require(DeskRole::Agent, "put devices back in stock");
    requireText(device, "device", "Give the device to put back in stock.");
    db::moveDevice(session.db(), device, "in_stock", optionalText(note, "note", kReason), expectedVersion);
    return reload(session, device);
}

Device placeHold(Session& session, const std::string& device, const std::string& reason,
                 std::optional<int> expectedVersion) {
    session.require(DeskRole::Manager, "place legal holds");
    requireText(device, "device", "Give the device to hold.");
    db::setLegalHold(session.db(), device, true, requireText(reason, "reason", "A legal hold needs a reason.", kReason),
                     expectedVersion);
    return reload(session, device);
}

Device releaseHold(Session& session, const std::string& device, std::optional<int> expectedVersion) {
    session.require(DeskRole::Manager, "release legal holds");
    requireText(device, "device", "Give the device to release.");
    db::setLegalHold(session.db(), device, false, "", expectedVersion);
    return reload(session, device);
}

std::optional<db::CustodyRow> currentHolder(Session& session, const Device& device) {
    return db::openCustody(session.db(), device.id);
}

std::optional<db::CustodyRow> custodyAt(Session& session, const std::string& device, const std::string& isoTime) {
    // ISO 8601 date and time, with an optional zone; without one it means London time.
    static const std::regex shape(R"(^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$)");
    const std::string t = trimmed(isoTime);
    if (!std::regex_match(t, shape))
        throw invalid("time", "Time " + quoteInput(t) + " is not an ISO 8601 date and time, e.g. 2026-03-14T10:42.");
    std::string when = t;
    static const std::regex zoned(R"((Z|[+-]\d{2}(:?\d{2})?)$)");
    if (!std::regex_search(t.size() > 10 ? t.substr(10) : std::string(), zoned)) when += " Europe/London";
    Device d = reload(session, device);
    std::vector<db::CustodyRow> rows;
    try {
        rows = db::custodyAt(session.db(), d.id, when);
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Invalid) throw invalid("time", "Time " + quoteInput(t) + " is not a real moment.");
        throw;
    }
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

History history(Session& session, const std::string& key) {
    History h;
    requireText(key, "device", "Give a device (asset tag, serial, IMEI) or a staff number.");
    if (auto device = db::findDevice(session.db(), key)) {
        h.device = device;
        h.events = db::deviceTimeline(session.db(), device->id);
        return h;
    }
    if (auto person = db::findPerson(session.db(), key)) {
        h.person = person;
        h.events = db::personTimeline(session.db(), person->id);
        h.custody = db::personCustody(session.db(), person->id);
        return h;
    }
    throw invalid("device", "Nothing in the register has the asset tag, serial, IMEI, MDM id or staff number " +
                                quoteInput(trimmed(key)) + ".");
}

}  // namespace qm::services
