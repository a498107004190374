#include "sim/sources.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <libpq-fe.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace qm::sim {
namespace {

std::string literalOf(const Poco::Dynamic::Var& value) {
    if (value.isEmpty()) return {};
    if (value.isString()) return jsonString(value.extract<std::string>());
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

// The register query from the simulator's brief: current holders come from the open custody.
constexpr const char* kRegisterQuery =
    "SELECT d.asset_tag, d.serial, d.imei, d.phone, d.mdm_id, m.manufacturer, m.model, m.kind, p.name, p.email, "
    "d.status FROM device d JOIN device_model m ON m.id = d.model_id "
    "LEFT JOIN custody c ON c.device_id = d.id AND c.returned_at IS NULL "
    "LEFT JOIN person p ON p.id = c.person_id WHERE d.status NOT IN ('retired','wiped') ORDER BY d.id";

enum Column { kAssetTag, kSerial, kImei, kPhone, kMdmId, kManufacturer, kModel, kKind, kName, kEmail };

struct ConnectionCloser {
    void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultClearer {
    void operator()(PGresult* r) const { PQclear(r); }
};

std::string trimmed(const char* text) {
    std::string s(text);
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

void addFixtureDevices(Fleet& fleet, const std::string& path, std::uint64_t seed) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("Cannot read the fixture " + path + ".");
    Poco::JSON::Array::Ptr devices;
    try {
        Poco::JSON::Parser parser;
        const Poco::Dynamic::Var parsed = parser.parse(in);
        if (parsed.type() != typeid(Poco::JSON::Array::Ptr))
            throw std::runtime_error("The fixture " + path + " is not a JSON array of devices.");
        devices = parsed.extract<Poco::JSON::Array::Ptr>();
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("The fixture " + path + " is not valid JSON: " + e.message() + ".");
    }
    Rng ids(splitmix64(seed ^ 0xF17));
    for (std::size_t i = 0; i < devices->size(); ++i) {
        const Poco::JSON::Object::Ptr object = devices->getObject(static_cast<unsigned>(i));
        if (object.isNull())
            throw std::runtime_error("Entry " + std::to_string(i + 1) + " of " + path + " is not a JSON object.");
        DeviceDraft d;
        d.checksIn = false;
        for (const auto& [key, value] : *object) {
            const std::optional<Prop> prop = findProp(key);
            if (prop == Prop::deviceActionResults) continue;  // results come from actions sent here
            if (!prop) {
                if (!d.extras.empty()) d.extras += ',';
                appendJsonString(d.extras, key);
                d.extras += ':';
                const std::string l = literalOf(value);
                d.extras += l.empty() ? "null" : l;
                continue;
            }
            if (*prop == Prop::id && !value.isEmpty()) {
                d.set(Prop::id, value.convert<std::string>());  // numbers become strings
                continue;
            }
            d.setRaw(*prop, literalOf(value));
        }
        if (d.literal[0].empty()) {
            unsigned char bytes[16];
            for (int k = 0; k < 16; k += 8) {
                const std::uint64_t v = ids.next();
                for (int b = 0; b < 8; ++b) bytes[k + b] = static_cast<unsigned char>(v >> (8 * b));
            }
            bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
            bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
            d.set(Prop::id, guidFromBytes(bytes));
        }
        d.identity = hashText(d.literal[0]);
        fleet.add(std::move(d));
    }
}

void addRegisterDevices(Fleet& fleet, const std::string& conninfo, const FleetRecipe& recipe) {
    std::unique_ptr<PGconn, ConnectionCloser> conn(PQconnectdb(conninfo.c_str()));
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
        throw std::runtime_error("Cannot connect to the register: " + trimmed(PQerrorMessage(conn.get())));
    PQsetClientEncoding(conn.get(), "UTF8");
    std::unique_ptr<PGresult, ResultClearer> result(PQexec(conn.get(), kRegisterQuery));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
        throw std::runtime_error("Cannot read devices from the register: " +
                                 trimmed(PQresultErrorMessage(result.get())));

    const int rows = PQntuples(result.get());
    fleet.reserve(fleet.size() + static_cast<std::size_t>(rows) + static_cast<std::size_t>(rows) / 8);
    for (int r = 0; r < rows; ++r) {
        const auto text = [&](Column c) -> std::optional<std::string> {
            if (PQgetisnull(result.get(), r, c)) return std::nullopt;
            return std::string(PQgetvalue(result.get(), r, c));
        };
        const std::string serial = text(kSerial).value_or("");
        const std::string manufacturer = text(kManufacturer).value_or("");
        const bool apple = equalsIgnoreCase(manufacturer, "Apple");
        const std::optional<std::string> imei = text(kImei), phone = text(kPhone), email = text(kEmail),
                                         name = text(kName);

        DeviceDraft d;
        d.identity = hashText("register:" + serial);
        // Devices the MDM never reported keep a stable id across runs, made from the serial.
        d.set(Prop::id, text(kMdmId).value_or(nameGuid("qm-mdm-sim/serial/" + serial)));
        d.set(Prop::deviceName, text(kAssetTag).value_or(""));
        d.set(Prop::serialNumber, serial);
        d.set(Prop::manufacturer, manufacturer);
        d.set(Prop::model, text(kModel).value_or(""));
        if (imei) {
            d.set(Prop::imei, *imei);
            if (apple && imei->size() >= 14) d.set(Prop::meid, imei->substr(0, 14));
        }
        if (phone) d.set(Prop::phoneNumber, *phone);
        if (email) {
            d.set(Prop::userPrincipalName, *email);
            d.set(Prop::emailAddress, *email);
        }
        if (name) d.set(Prop::userDisplayName, *name);
        fillSimulatedFields(d, apple, text(kKind) == "tablet", imei.has_value() || phone.has_value(),
                            recipe.startedAt);

        const Drift drift = driftFor(d.identity, recipe.drift);
        if (drift == Drift::leftOut) continue;
        applyDrift(d, drift);
        fleet.add(std::move(d));
    }
    addUnregisteredDevices(fleet, static_cast<std::size_t>(rows), recipe);
}

}  // namespace qm::sim
