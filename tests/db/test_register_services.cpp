// Register services against a real register: `qmctl device add|show` and `person add` as the
// desk uses them — who may add, what gets created on the fly, and that names survive intact.
#include "db/register_repository.hpp"
#include "model/identifiers.hpp"
#include "services/register/register.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace qm::test {
namespace {

std::string imei(const std::string& first14) { return first14 + Imei::checkDigit(first14); }

const std::string kImei = imei("35693803564380");
const std::string kImei2 = imei("35693803564381");

Error expectError(const std::function<void()>& fn, ErrorKind kind) {
    try {
        fn();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        return e;
    }
    ADD_FAILURE() << "no error";
    return Error(ErrorKind::Other, "");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class RegisterServices : public RegisterTest {
protected:
    services::DeviceInput phone(const std::string& tag, const std::string& serial) {
        services::DeviceInput in;
        in.assetTag = tag;
        in.serial = serial;
        in.model = "Samsung Galaxy A54 5G";
        return in;
    }
};

TEST_F(RegisterServices, ManagerAddsDeviceAndUnknownModelIsCreatedAndReported) {
    auto manager = session("manager");
    services::DeviceInput in;
    in.assetTag = " mps-000001 ";  // typed in lower case with stray spaces
    in.serial = "r58n1a2b3c4";
    in.imei = kImei.substr(0, 8) + " " + kImei.substr(8);
    in.imei2 = kImei2;
    in.model = "Samsung  Galaxy Z Fold6";
    in.phone = "07700 900123";
    in.unit = "Central West";
    auto added = services::addDevice(*manager, in);
    EXPECT_EQ(added.device.assetTag, "MPS-000001");
    EXPECT_EQ(added.device.serial, "R58N1A2B3C4");
    EXPECT_EQ(added.device.imei, kImei);
    EXPECT_EQ(added.device.imei2, kImei2);
    EXPECT_EQ(added.device.manufacturer, "Samsung");
    EXPECT_EQ(added.device.model, "Galaxy Z Fold6");
    EXPECT_EQ(added.device.phone, "+447700900123");
    EXPECT_EQ(added.device.status, DeviceStatus::InStock);
    EXPECT_EQ(added.device.unit, "Central West");
    EXPECT_EQ(added.device.version, 1);
    EXPECT_EQ(added.created,
              (std::vector<std::string>{"device model Samsung Galaxy Z Fold6", "command unit Central West"}));

    // The second device of the same model (typed differently) reuses it and reports nothing new.
    auto again = services::addDevice(*manager, [&] {
        auto in2 = phone("MPS-000002", "R58N1A2B3C5");
        in2.model = "samsung galaxy z fold6";
        in2.unit = "central west";
        return in2;
    }());
    EXPECT_TRUE(again.created.empty());
    EXPECT_EQ(again.device.model, "Galaxy Z Fold6");
    EXPECT_EQ(scalar("select count(*) from device_model"), 1);
    EXPECT_EQ(scalar("select count(*) from command_unit"), 1);
    EXPECT_EQ(scalar("select count(*) from device"), 2);
}

TEST_F(RegisterServices, AgentAndViewerMayNotAddDevicesOrPeople) {
    for (const char* role : {"agent", "viewer"}) {
        SCOPED_TRACE(role);
        auto s = session(role);
        Error e = expectError([&] { services::addDevice(*s, phone("MPS-000001", "R58N1A2B3C4")); },
                              ErrorKind::Permission);
        EXPECT_TRUE(contains(e.what(), "manager")) << e.what();
        services::PersonInput p;
        p.staffNo = "210001";
        p.name = "Ann Example";
        expectError([&] { services::addPerson(*s, p); }, ErrorKind::Permission);
    }
    EXPECT_EQ(scalar("select count(*) from device") + scalar("select count(*) from person") +
                  scalar("select count(*) from device_model"),
              0);
}

TEST_F(RegisterServices, RefusedDeviceLeavesNoModelBehind) {
    auto manager = session("manager");
    services::addDevice(*manager, phone("MPS-000001", "R58N1A2B3C4"));
    // The serial is taken: the new model made for this row must not stay behind.
    auto dup = phone("MPS-000002", "r58n1a2b3c4");
    dup.model = "Apple iPhone 15";
    Error e = expectError([&] { services::addDevice(*manager, dup); }, ErrorKind::Conflict);
    EXPECT_TRUE(contains(e.what(), "R58N1A2B3C4")) << e.what();
    EXPECT_EQ(e.field(), "serial");
    EXPECT_EQ(scalar("select count(*) from device_model"), 1);
    EXPECT_EQ(scalar("select count(*) from device"), 1);

    // A bad IMEI is refused before anything is written, naming the field.
    auto bad = phone("MPS-000003", "R58N1A2B3C6");
    bad.imei = kImei.substr(0, 14) + static_cast<char>('0' + (kImei[14] - '0' + 1) % 10);
    bad.model = "Google Pixel 8";
    e = expectError([&] { services::addDevice(*manager, bad); }, ErrorKind::Invalid);
    EXPECT_EQ(e.field(), "imei");
    EXPECT_EQ(scalar("select count(*) from device_model"), 1);
}

TEST_F(RegisterServices, AddPersonCreatesUnitOnTheFly) {
    auto manager = session("manager");
    services::PersonInput in;
    in.staffNo = "mp123456";
    in.name = "  Ann   Example ";
    in.rank = "Band D";
    in.unit = "Road and Transport Policing";
    in.email = "Ann.Example@MET.Example.Police.UK";
    auto added = services::addPerson(*manager, in);
    EXPECT_EQ(added.created, (std::vector<std::string>{"command unit Road and Transport Policing"}));
    EXPECT_EQ(added.person.staffNo, "MP123456");
    EXPECT_EQ(added.person.name, "Ann Example");
    EXPECT_EQ(added.person.unit, "Road and Transport Policing");
    EXPECT_EQ(added.person.email, "Ann.Example@met.example.police.uk");
    EXPECT_TRUE(added.person.active);

    services::PersonInput other;
    other.staffNo = "210001";
    other.name = "Bob Example";
    other.unit = "ROAD AND TRANSPORT POLICING";
    auto second = services::addPerson(*manager, other);
    EXPECT_TRUE(second.created.empty());
    EXPECT_EQ(second.person.unit, "Road and Transport Policing");
    EXPECT_EQ(scalar("select count(*) from command_unit"), 1);

    // Same staff number again: a conflict naming it.
    other.name = "Someone Else";
    Error e = expectError([&] { services::addPerson(*manager, other); }, ErrorKind::Conflict);
    EXPECT_TRUE(contains(e.what(), "210001")) << e.what();
}

TEST_F(RegisterServices, NamesAreStoredByteForByte) {
    auto manager = session("manager");
    const std::vector<std::string> names = {
        "Siobhán O'Brien",
        "Zo\xC3\xAB Smith",                 // Zoë
        "\xC5\x81ukasiewicz",               // Łukasiewicz
        "\xE6\x9D\x8E",                     // 李
        "Robert'); DROP TABLE device;--",
        "Anne-Marie \"Annie\" d'Arcy \\ Jones",
    };
    for (std::size_t i = 0; i < names.size(); ++i) {
        services::PersonInput in;
        in.staffNo = "P" + std::to_string(1000 + i);
        in.name = names[i];
        EXPECT_EQ(services::addPerson(*manager, in).person.name, names[i]);
    }
    db::Database viewer(as("viewer"));
    for (std::size_t i = 0; i < names.size(); ++i) {
        auto p = db::findPerson(viewer, "P" + std::to_string(1000 + i));
        ASSERT_TRUE(p.has_value());
        EXPECT_EQ(p->name, names[i]);
    }
    // The device table is still there and usable.
    EXPECT_NO_THROW(services::addDevice(*manager, phone("MPS-000001", "R58N1A2B3C4")));
    EXPECT_EQ(db::countDevices(viewer), 1);
    // Case-insensitive lookups agree with the C.UTF-8 ctype for non-ASCII names.
    db::Database owner(as("owner"));
    long long n = 0;
    const std::string upper = "\xC5\x82UKASIEWICZ";  // SOCI binds by reference: never a temporary
    owner.sql() << "select count(*) from person where lower(name) = lower(:n)", soci::use(upper), soci::into(n);
    EXPECT_EQ(n, 1);
}

TEST_F(RegisterServices, ShowDeviceFindsByAnyKey) {
    auto manager = session("manager");
    auto in = phone("MPS-000001", "R58N1A2B3C4");
    in.imei = kImei;
    in.imei2 = kImei2;
    services::addDevice(*manager, in);
    services::addDevice(*manager, phone("MPS-000002", "R58N1A2B3C5"));

    auto viewer = session("viewer");
    const std::string spaced = kImei.substr(0, 2) + " " + kImei.substr(2, 6) + " " + kImei.substr(8, 6) + " " +
                               kImei.substr(14);
    for (const std::string& key : {std::string("MPS-000001"), std::string(" mps-000001 "), std::string("R58N1A2B3C4"),
                                  std::string("r58n1a2b3c4"), kImei, spaced, kImei2}) {
        SCOPED_TRACE(key);
        EXPECT_EQ(services::showDevice(*viewer, key).assetTag, "MPS-000001");
    }
    EXPECT_EQ(services::showDevice(*viewer, "R58N1A2B3C5").assetTag, "MPS-000002");

    Error e = expectError([&] { services::showDevice(*viewer, "NOPE-404"); }, ErrorKind::Invalid);
    EXPECT_TRUE(contains(e.what(), "NOPE-404")) << e.what();
    EXPECT_EQ(e.field(), "device");
    expectError([&] { services::showDevice(*viewer, "   "); }, ErrorKind::Invalid);
    // A key that looks like SQL is just a key that matches nothing.
    expectError([&] { services::showDevice(*viewer, "' or 1=1 --"); }, ErrorKind::Invalid);
}

}  // namespace
}  // namespace qm::test
