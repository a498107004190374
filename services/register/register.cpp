#include "model/text.hpp"
#include "services/register/register.hpp"

#include "model/dates.hpp"
#include "model/identifiers.hpp"
#include "model/money.hpp"

#include <algorithm>
#include <cctype>

namespace qm::services {
namespace {


std::string collapseSpaces(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : trimmed(s)) {
        if (c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// Every field, before anything else: text that is not UTF-8 or holds a NUL byte (a CSV cell can)
// is refused naming the field, rather than cut short or refused by the server in its words.
void requireReadable(std::initializer_list<std::pair<const char*, const std::string*>> fields) {
    for (const auto& [field, value] : fields) {
        if (!isValidUtf8(*value) || value->find('\0') != std::string::npos)
            throw invalid(field, fieldLabel(field) + " " + textProblem(*value, TextRule{std::string::npos, true}));
    }
}

bool looksLikeTablet(const std::string& model) {
    std::string m = lower(model);
    return m.find("tab") != std::string::npos || m.find("ipad") != std::string::npos;
}

}  // namespace

ValidDevice validateDevice(const DeviceInput& in) {
    requireReadable({{"asset_tag", &in.assetTag}, {"serial", &in.serial}, {"imei", &in.imei}, {"imei2", &in.imei2},
                     {"manufacturer", &in.manufacturer}, {"model", &in.model}, {"phone", &in.phone},
                     {"unit", &in.unit}, {"status", &in.status}, {"purchased_on", &in.purchasedOn},
                     {"warranty_until", &in.warrantyUntil}, {"cost_pence", &in.costPence}, {"notes", &in.notes}});
    ValidDevice v;
    v.row.assetTag = AssetTag::parse(in.assetTag).str();
    v.row.serial = SerialNumber::parse(in.serial).str();
    if (!trimmed(in.imei).empty()) v.row.imei = Imei::parse(in.imei).str();
    if (!trimmed(in.imei2).empty()) {
        v.row.imei2 = Imei::parse(in.imei2, "imei2").str();
        if (v.row.imei.empty())
            throw invalid("imei2", "Second IMEI " + v.row.imei2 + " is given but the first IMEI is missing.");
        if (v.row.imei2 == v.row.imei)
            throw invalid("imei2", "Second IMEI " + v.row.imei2 + " is the same as the first IMEI.");
    }
    std::string maker = collapseSpaces(in.manufacturer), model = collapseSpaces(in.model);
    if (maker.empty()) {
        auto space = model.find(' ');
        if (model.empty())
            throw invalid("model", "Device model is missing: give it as \"MAKER MODEL\", e.g. \"Samsung Galaxy A54 5G\".");
        if (space == std::string::npos)
            throw invalid("model", "Device model " + quoteInput(model) +
                                       " needs both maker and model, e.g. \"Samsung Galaxy A54 5G\".");
        maker = model.substr(0, space);
        model = model.substr(space + 1);
    } else if (model.empty()) {
        throw invalid("model", "Device model is missing for maker " + quoteInput(maker) + ".");
    }
    requireCleanText("manufacturer", maker, TextRule{60, false, true});
    requireCleanText("model", model, TextRule{80, false, true});
    v.manufacturer = maker;
    v.modelName = model;
    if (!trimmed(in.phone).empty()) v.row.phone = PhoneNumber::parse(in.phone, "phone").str();
    if (!trimmed(in.status).empty()) v.row.status = std::string(toString(parseStatus(in.status)));
    // Every later status comes from a desk operation, which records it on the timeline (the
    // database enforces the same).
    if (v.row.status == "issued")
        throw invalid("status", "A device cannot be added as issued: add it in stock, then issue it to its holder "
                                "so the custody record starts with a receipt.");
    if (v.row.status != "in_stock" && v.row.status != "in_repair")
        throw invalid("status", "A device is added in stock or in repair, not " +
                                    lower(std::string(statusLabel(parseStatus(v.row.status)))) +
                                    "; later statuses come from the desk's operations (retire, report lost, ...).");
    std::optional<Date> purchased, warranty;
    if (!trimmed(in.purchasedOn).empty()) purchased = parseDate(in.purchasedOn, "purchased_on");
    if (!trimmed(in.warrantyUntil).empty()) warranty = parseDate(in.warrantyUntil, "warranty_until");
    if (purchased && warranty && *warranty < *purchased)
        throw invalid("warranty_until", "Warranty end date " + warranty->iso() + " is before the purchase date " +
                                            purchased->iso() + ".");
    if (purchased) v.row.purchasedOn = purchased->iso();
    if (warranty) v.row.warrantyUntil = warranty->iso();
    if (!trimmed(in.costPence).empty()) v.row.costPence = parsePence(in.costPence, "cost_pence");
    v.row.notes = requireCleanText("notes", unixLineEnds(trimmed(in.notes)), TextRule{4000, true});
    v.unit = requireCleanText("unit", collapseSpaces(in.unit), TextRule{120, false});
    return v;
}

ValidPerson validatePerson(const PersonInput& in) {
    requireReadable({{"staff_no", &in.staffNo}, {"name", &in.name}, {"rank", &in.rank}, {"unit", &in.unit},
                     {"email", &in.email}, {"active", &in.active}});
    ValidPerson v;
    v.row.staffNo = StaffNumber::parse(in.staffNo, "staff_no").str();
    v.row.name = PersonName::parse(in.name).str();
    v.row.rank = requireCleanText("rank", collapseSpaces(in.rank), TextRule{60, false});
    if (!trimmed(in.email).empty()) v.row.email = EmailAddress::parse(in.email).str();
    std::string active = lower(trimmed(in.active));
    if (active.empty() || active == "yes" || active == "y" || active == "true" || active == "1" || active == "active")
        v.row.active = true;
    else if (active == "no" || active == "n" || active == "false" || active == "0" || active == "leaver" ||
             active == "inactive")
        v.row.active = false;
    else
        throw invalid("active", "Active " + quoteInput(in.active) + " is not yes or no.");
    v.unit = requireCleanText("unit", collapseSpaces(in.unit), TextRule{120, false});
    return v;
}

long long Resolver::deviceModel(const std::string& manufacturer, const std::string& model) {
    std::string key = lower(manufacturer + " " + model);
    if (auto it = models_.find(key); it != models_.end()) return it->second;
    std::optional<long long> id = db::findDeviceModel(db_, manufacturer + " " + model);
    if (!id) {
        id = db::createDeviceModel(db_, manufacturer, model, looksLikeTablet(model) ? "tablet" : "phone");
        created_.push_back("device model " + manufacturer + " " + model);
        createdKeys_.push_back("m:" + key);
    }
    models_[key] = *id;
    return *id;
}

std::optional<long long> Resolver::commandUnit(const std::string& nameOrCode) {
    if (nameOrCode.empty()) return std::nullopt;
    std::string key = lower(nameOrCode);
    if (auto it = units_.find(key); it != units_.end()) return it->second;
    std::optional<long long> id = db::findCommandUnit(db_, nameOrCode);
    if (!id) {
        if (nameOrCode.size() < 2 || nameOrCode.size() > 120)
            throw invalid("unit", "Command unit " + quoteInput(nameOrCode) + " must be 2 to 120 characters.");
        id = db::createCommandUnit(db_, nameOrCode);
        created_.push_back("command unit " + nameOrCode);
        createdKeys_.push_back("u:" + key);
    }
    units_[key] = *id;
    return *id;
}

void Resolver::rollbackTo(std::size_t mark) {
    while (created_.size() > mark) {
        const std::string& k = createdKeys_.back();
        if (k[0] == 'm') models_.erase(k.substr(2));
        else units_.erase(k.substr(2));
        created_.pop_back();
        createdKeys_.pop_back();
    }
}

AddedDevice addDevice(Session& session, const DeviceInput& input) {
    session.require(DeskRole::Manager, "add devices to the register");
    ValidDevice v = validateDevice(input);
    db::Database& db = session.db();
    db::Transaction tx(db);
    Resolver resolver(db);
    v.row.modelId = resolver.deviceModel(v.manufacturer, v.modelName);
    v.row.unitId = resolver.commandUnit(v.unit);
    db::insertDevice(db, v.row);
    tx.commit();
    return {*db::findDevice(db, v.row.assetTag), resolver.created()};
}

AddedPerson addPerson(Session& session, const PersonInput& input) {
    session.require(DeskRole::Manager, "add people to the register");
    ValidPerson v = validatePerson(input);
    db::Database& db = session.db();
    db::Transaction tx(db);
    Resolver resolver(db);
    v.row.unitId = resolver.commandUnit(v.unit);
    db::insertPerson(db, v.row);
    tx.commit();
    return {*db::findPerson(db, v.row.staffNo), resolver.created()};
}

std::optional<Person> findPerson(Session& session, const std::string& staffNo) {
    return db::findPerson(session.db(), staffNo);
}

Device showDevice(Session& session, const std::string& key) {
    if (trimmed(key).empty()) throw invalid("device", "Give a device: an asset tag, serial, IMEI or MDM id.");
    auto device = db::findDevice(session.db(), key);
    if (!device)
        throw invalid("device", "No device in the register has the asset tag, serial, IMEI or MDM id " +
                                    quoteInput(trimmed(key)) + ".");
    return *device;
}

}  // namespace qm::services
