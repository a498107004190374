#include "sim/faults.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>

namespace qm::sim {
namespace {

void appendNumber(std::string& out, double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", value);
    out += buf;
}

struct FieldError {
    std::string sentence;
};

double rate(const Poco::Dynamic::Var& v, const std::string& name) {
    if (!v.isNumeric()) throw FieldError{"\"" + name + "\" must be a number from 0 to 1."};
    const double r = v.convert<double>();
    if (!(r >= 0 && r <= 1)) throw FieldError{"\"" + name + "\" must be a number from 0 to 1."};
    return r;
}

int integer(const Poco::Dynamic::Var& v, const std::string& name, int low, int high) {
    const std::string range = std::to_string(low) + " to " + std::to_string(high);
    if (!v.isNumeric()) throw FieldError{"\"" + name + "\" must be a whole number from " + range + "."};
    const double d = v.convert<double>();
    if (d != std::floor(d) || d < low || d > high)
        throw FieldError{"\"" + name + "\" must be a whole number from " + range + "."};
    return static_cast<int>(d);
}

bool flag(const Poco::Dynamic::Var& v, const std::string& name) {
    if (!v.isBoolean()) throw FieldError{"\"" + name + "\" must be true or false."};
    return v.convert<bool>();
}

}  // namespace

std::string applyFaults(FaultSettings& settings, const std::string& json) {
    Poco::JSON::Object::Ptr object;
    try {
        Poco::JSON::Parser parser;
        const Poco::Dynamic::Var parsed = parser.parse(json);
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return "The fault settings must be a JSON object.";
        object = parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        return "The fault settings are not valid JSON: " + e.message() + ".";
    }
    FaultSettings next = settings;
    try {
        for (const auto& [name, v] : *object) {
            if (name == "throttle_rate") next.throttleRate = rate(v, name);
            else if (name == "error_rate") next.errorRate = rate(v, name);
            else if (name == "slow_rate") next.slowRate = rate(v, name);
            else if (name == "drop_before_rate") next.dropBeforeRate = rate(v, name);
            else if (name == "drop_after_rate") next.dropAfterRate = rate(v, name);
            else if (name == "malformed_rate") next.malformedRate = rate(v, name);
            else if (name == "error_status") next.errorStatus = integer(v, name, 500, 599);
            else if (name == "slow_ms") next.slowMs = integer(v, name, 0, 600'000);
            else if (name == "hang_after_action_ms") next.hangAfterActionMs = integer(v, name, 0, 600'000);
            else if (name == "repeat_next_link") next.repeatNextLink = flag(v, name);
            else if (name == "unknown_values") next.unknownValues = flag(v, name);
            else if (name == "null_fields") next.nullFields = flag(v, name);
            else if (name == "retry_after") {
                if (v.isEmpty() || !(v.isString() || v.isNumeric()))
                    throw FieldError{"\"retry_after\" must be a string such as \"2.128\" or an HTTP date."};
                std::string text = v.convert<std::string>();
                // It goes into a header verbatim, so no line breaks and nothing empty.
                if (text.empty() || text.find_first_of("\r\n") != std::string::npos)
                    throw FieldError{"\"retry_after\" must be a single non-empty line."};
                next.retryAfter = std::move(text);
            } else {
                throw FieldError{"There is no fault called \"" + name + "\"."};
            }
        }
    } catch (const FieldError& e) {
        return e.sentence;
    }
    settings = next;
    return {};
}

std::string faultsJson(const FaultSettings& s) {
    std::string out = "{\"throttle_rate\":";
    appendNumber(out, s.throttleRate);
    out += ",\"retry_after\":";
    appendJsonString(out, s.retryAfter);
    out += ",\"error_rate\":";
    appendNumber(out, s.errorRate);
    out += ",\"error_status\":" + std::to_string(s.errorStatus) + ",\"slow_rate\":";
    appendNumber(out, s.slowRate);
    out += ",\"slow_ms\":" + std::to_string(s.slowMs) + ",\"drop_before_rate\":";
    appendNumber(out, s.dropBeforeRate);
    out += ",\"drop_after_rate\":";
    appendNumber(out, s.dropAfterRate);
    out += ",\"hang_after_action_ms\":" + std::to_string(s.hangAfterActionMs);
    out += ",\"malformed_rate\":";
    appendNumber(out, s.malformedRate);
    out += std::string(",\"repeat_next_link\":") + (s.repeatNextLink ? "true" : "false");
    out += std::string(",\"unknown_values\":") + (s.unknownValues ? "true" : "false");
    out += std::string(",\"null_fields\":") + (s.nullFields ? "true" : "false") + "}";
    return out;
}

void Counters::reset() {
    for (auto* c : {&token, &list, &get, &action, &throttled, &errors, &slowed, &droppedBefore, &droppedAfter,
                    &unauthorized, &malformed, &tokensIssued})
        c->store(0);
}

std::string statsJson(const Counters& c, const std::vector<RecordedAction>& actions) {
    const auto n = [](const std::atomic<std::uint64_t>& v) { return std::to_string(v.load()); };
    std::string out = "{\"requests\":{\"token\":" + n(c.token) + ",\"list\":" + n(c.list) + ",\"get\":" + n(c.get) +
                      ",\"action\":" + n(c.action) + ",\"throttled\":" + n(c.throttled) + ",\"errors\":" +
                      n(c.errors) + ",\"slowed\":" + n(c.slowed) + ",\"dropped_before\":" + n(c.droppedBefore) +
                      ",\"dropped_after\":" + n(c.droppedAfter) + ",\"unauthorized\":" + n(c.unauthorized) +
                      ",\"malformed\":" + n(c.malformed) + "},\"tokens_issued\":" + n(c.tokensIssued) +
                      ",\"actions\":[";
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const RecordedAction& a = actions[i];
        out += i == 0 ? "{\"device\":" : ",{\"device\":";
        out += a.idLiteral;
        out += ",\"serial\":";
        out += a.serialLiteral.empty() ? "null" : a.serialLiteral;
        out += ",\"action\":";
        appendJsonString(out, a.action);
        out += ",\"at\":\"";
        appendTimestamp(out, a.at);
        out += "\"}";
    }
    out += "]}";
    return out;
}

}  // namespace qm::sim
