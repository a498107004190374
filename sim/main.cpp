// qm-mdm-sim: a Microsoft Graph (Intune managedDevices) simulator over real HTTPS, for the
// MDM adapter's tests and the demo. See server.hpp for the endpoints, faults.hpp for the
// misbehaviour it can be asked for, and certificates.hpp for the TLS identity it presents.
#include "platform/stop_request.hpp"
#include "sim/certificates.hpp"
#include "sim/faults.hpp"
#include "sim/fleet.hpp"
#include "sim/generator.hpp"
#include "sim/server.hpp"
#include "sim/sources.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/ThreadPool.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "sim/usage.hpp"

namespace {

using namespace qm::sim;


struct Options {
    std::string stateDir;
    int port = 0;
    std::string bind = "127.0.0.1";
    std::string cert, key;
    std::vector<std::string> certNames{"localhost", "127.0.0.1"};
    std::size_t devices = 0;
    std::uint64_t seed = 1;
    std::string fixture;
    std::string registerConninfo;
    double drift = 0;
    std::int64_t actionDelayMs = 2000;
    std::int64_t checkinEvery = 60;
    FaultSettings faults;
    ServerSettings server;
};

struct BadFlag {
    std::string sentence;
};

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = text.find(',', start);
        std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty()) items.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return items;
}

template <typename T>
T number(const std::string& flag, const std::string& text, T low, T high) {
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high) {
        throw BadFlag{flag + " needs a number from " + std::to_string(low) + " to " + std::to_string(high) +
                      ", not \"" + text + "\"."};
    }
    return value;
}

Options parse(int argc, char** argv) {
    Options o;
    if (const char* id = std::getenv("QM_SIM_CLIENT_ID"); id && *id) o.server.clientId = id;
    if (const char* secret = std::getenv("QM_SIM_CLIENT_SECRET"); secret && *secret) o.server.clientSecret = secret;
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        std::optional<std::string> inline_;
        if (const std::size_t eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
            inline_ = flag.substr(eq + 1);
            flag.resize(eq);
        }
        if (flag == "--help" || flag == "-h") {
            std::cout << kSimulatorUsage;
            std::exit(0);
        }
        if (flag == "--version") {
            std::cout << "qm-mdm-sim (Quartermaster) " << QM_VERSION << "\n";
            std::exit(0);
        }
        if (flag == "--verbose") {
            o.server.verbose = true;
            continue;
        }
        const auto value = [&]() -> std::string {
            if (inline_) return *inline_;
            if (i + 1 >= argc) throw BadFlag{flag + " needs a value."};
            return argv[++i];
        };
        if (flag == "--state-dir") o.stateDir = value();
        else if (flag == "--port") o.port = number<int>(flag, value(), 0, 65535);
        else if (flag == "--bind") o.bind = value();
        else if (flag == "--cert") o.cert = value();
        else if (flag == "--key") o.key = value();
        else if (flag == "--cert-names") {
            o.certNames = splitList(value());
            if (o.certNames.empty()) throw BadFlag{"--cert-names needs at least one host name or IP address."};
            for (const std::string& n : o.certNames) {
                if (n.find_first_of(" \t/") != std::string::npos)
                    throw BadFlag{"\"" + n + "\" in --cert-names is not a host name or IP address."};
            }
        } else if (flag == "--devices") o.devices = number<std::size_t>(flag, value(), 0, 10'000'000);
        else if (flag == "--seed") o.seed = number<std::uint64_t>(flag, value(), 0, UINT64_MAX);
        else if (flag == "--fixture") o.fixture = value();
        else if (flag == "--from-register") o.registerConninfo = value();
        else if (flag == "--drift") {
            const std::string text = value();
            char* end = nullptr;
            o.drift = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !(o.drift >= 0 && o.drift <= 1))
                throw BadFlag{"--drift needs a fraction from 0 to 1, not \"" + text + "\"."};
        } else if (flag == "--client-id") o.server.clientId = value();
        else if (flag == "--client-secret") o.server.clientSecret = value();
        else if (flag == "--token-lifetime") o.server.tokenLifetime = number<std::int64_t>(flag, value(), 1, 86'400 * 365);
        else if (flag == "--action-delay-ms") o.actionDelayMs = number<std::int64_t>(flag, value(), 0, 86'400'000);
        else if (flag == "--fail-devices") o.server.failDevices = splitList(value());
        else if (flag == "--checkin-every") o.checkinEvery = number<std::int64_t>(flag, value(), 1, 86'400 * 30);
        else if (flag == "--faults") {
            if (const std::string error = applyFaults(o.faults, value()); !error.empty())
                throw BadFlag{"--faults: " + error};
        }
        else throw BadFlag{"Unknown option \"" + flag + "\"; see --help."};
    }
    if (o.stateDir.empty()) throw BadFlag{"--state-dir is required."};
    if (o.cert.empty() != o.key.empty()) throw BadFlag{"--cert and --key go together."};
    if (o.server.clientId.empty() || o.server.clientSecret.empty())
        throw BadFlag{"--client-id and --client-secret must not be empty."};
    o.server.seed = o.seed;
    return o;
}

int run(const Options& o) {
    std::filesystem::create_directories(o.stateDir);
    const ServerIdentity identity =
        o.cert.empty() ? ensureCertificates(o.stateDir, o.certNames) : ServerIdentity{o.cert, o.key, ""};

    FleetTiming timing;
    timing.startedAt = nowTicks();
    timing.checkinEvery = o.checkinEvery * kTicksPerSecond;
    timing.actionDelay = o.actionDelayMs * (kTicksPerSecond / 1000);
    Fleet fleet(timing);
    const FleetRecipe recipe{o.seed, o.drift, timing.startedAt};
    if (!o.fixture.empty()) addFixtureDevices(fleet, o.fixture, o.seed);
    if (o.devices > 0) addGeneratedDevices(fleet, o.devices, recipe);
    if (!o.registerConninfo.empty()) addRegisterDevices(fleet, o.registerConninfo, recipe);
    fleet.seal();

    Poco::Net::initializeSSL();
    Poco::Net::Context::Params params;
    params.privateKeyFile = identity.privateKeyFile;
    params.certificateFile = identity.certificateFile;
    // The server asks no certificate of its clients; it is the clients that verify strictly.
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4";
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);

    Poco::Net::SecureServerSocket socket(Poco::Net::SocketAddress(o.bind, static_cast<Poco::UInt16>(o.port)), 128,
                                         context);
    const int port = socket.address().port();
    const std::string host = (o.bind.find(':') != std::string::npos ? "[" + o.bind + "]" : o.bind) + ":" +
                             std::to_string(port);

    Poco::Net::HTTPServerParams::Ptr httpParams = new Poco::Net::HTTPServerParams;
    httpParams->setMaxThreads(32);
    httpParams->setMaxQueued(512);
    httpParams->setKeepAlive(true);
    httpParams->setKeepAliveTimeout(Poco::Timespan(10, 0));
    httpParams->setTimeout(Poco::Timespan(30, 0));
    httpParams->setSoftwareVersion("qm-mdm-sim");
    Poco::ThreadPool pool(8, 32);
    Simulator simulator(fleet, o.server, o.faults);
    simulator.setDefaultHost(host);
    {
        Poco::Net::HTTPServer server(new SimulatorHandlerFactory(simulator), pool, socket, httpParams);
        server.start();
        std::printf("listening on https://%s\n", host.c_str());
        std::fflush(stdout);

        qm::platform::waitForStopRequest();
        server.stopAll(true);
    }
    pool.joinAll();
    Poco::Net::uninitializeSSL();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        options = parse(argc, argv);
    } catch (const BadFlag& e) {
        std::cerr << "qm-mdm-sim: " << e.sentence << "\n";
        return 2;
    }
    // Before any thread starts: only the main thread's wait may see a stop request.
    qm::platform::holdStopRequests();
    try {
        return run(options);
    } catch (const Poco::Exception& e) {
        std::cerr << "qm-mdm-sim: " << e.displayText() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "qm-mdm-sim: " << e.what() << "\n";
    }
    return 1;
}
