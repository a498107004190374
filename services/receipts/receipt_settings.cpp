#include "services/receipts/receipt_settings.hpp"

#include "model/error.hpp"
#include "model/identifiers.hpp"
#include "model/text.hpp"
#include "platform/files.hpp"
#include "services/settings_file.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace qm::services {
namespace {

constexpr std::size_t kMaxTerms = 8000;

std::string readWhole(const std::string& path, const std::string& field) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw invalid(field, "The file " + path + " named by " + field + " cannot be read.");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A relative path in the settings file is relative to the file's folder.
std::string besideFile(const std::string& settingsFile, const std::string& path) {
    if (path.empty() || path[0] == '/' || path[0] == '\\' || (path.size() > 1 && path[1] == ':')) return path;
    const auto slash = settingsFile.find_last_of("/\\");
    return slash == std::string::npos ? path : settingsFile.substr(0, slash + 1) + path;
}

}  // namespace

std::optional<Paper> paperFromString(std::string_view text) {
    std::string t(text);
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t == "a4") return Paper::A4;
    if (t == "letter" || t == "us-letter") return Paper::Letter;
    return std::nullopt;
}

const std::string& defaultReceiptTerms() {
    static const std::string terms =
        "This device and its accessories remain the property of the force. They are issued to you for "
        "police work and you are responsible for them until you hand them back at a service desk.\n\n"
        "Keep the device with you or locked away, keep its passcode to yourself, and do not remove the "
        "force's management software. Its use is monitored under the force's acceptable use policy.\n\n"
        "Report a lost or stolen device at once to the service desk and your supervisor, with the "
        "incident reference, so it can be locked and wiped.\n\n"
        "Return the device and everything listed on this receipt when asked, when you change role, or "
        "when you leave the force.";
    return terms;
}

std::string defaultReceiptSettingsFile() {
    const std::string dir = platform::userConfigDir();
    return dir.empty() ? std::string() : dir + "/receipt.conf";
}

ReceiptSettings loadReceiptSettings(const std::string& given) {
    std::string file = given;
    if (file.empty())
        if (const char* e = std::getenv("QM_RECEIPT_SETTINGS")) file = e;
    const bool named = !file.empty();
    if (!named && std::ifstream(defaultReceiptSettingsFile()).good()) file = defaultReceiptSettingsFile();
    ReceiptSettings s;
    s.terms = defaultReceiptTerms();
    if (file.empty()) return s;
    if (std::string why = unreadableReason(file); !why.empty())
        throw invalid("receipt-settings", "The receipt settings file " + file + " " + why + ".");
    auto values = readSettingsFile(file, "receipt-settings", false);
    static const char* known[] = {"force_name", "desk_location", "logo", "terms", "terms_file", "paper"};
    for (const auto& [key, value] : values)
        if (std::none_of(std::begin(known), std::end(known), [&](const char* k) { return key == k; }))
            throw invalid("receipt-settings", "The receipt setting '" + key + "' is not one Quartermaster knows (" +
                                                  "force_name, desk_location, logo, terms, terms_file, paper).");
    if (!values["force_name"].empty()) s.forceName = values["force_name"];
    s.deskLocation = values["desk_location"];
    if (!values["logo"].empty()) {
        s.logoFile = besideFile(file, values["logo"]);
        if (std::string why = unreadableReason(s.logoFile); !why.empty())
            throw invalid("logo", "The logo file " + s.logoFile + " " + why + ".");
    }
    if (!values["terms_file"].empty()) s.terms = readWhole(besideFile(file, values["terms_file"]), "terms_file");
    else if (!values["terms"].empty()) s.terms = values["terms"];
    if (s.terms.size() > kMaxTerms)
        throw invalid("terms", "The terms of use are " + std::to_string(s.terms.size()) + " bytes; at most " +
                                   std::to_string(kMaxTerms) + " fit on a receipt.");
    for (const auto* field : {&s.forceName, &s.deskLocation})
        if (field->size() > 200) throw invalid("receipt-settings", "A receipt's force name or desk location has at most 200 characters.");
    if (!values["paper"].empty()) {
        auto paper = paperFromString(values["paper"]);
        if (!paper) throw invalid("paper", "The paper size " + quoteInput(values["paper"]) + " is not a4 or letter.");
        s.paper = *paper;
    }
    return s;
}

}  // namespace qm::services
