#include "services/mdm/settings.hpp"

#include "model/error.hpp"
#include "model/text.hpp"
#include "platform/files.hpp"
#include "services/mdm/https.hpp"
#include "services/settings_file.hpp"

#include <cstdlib>
#include <fstream>
#include <map>

namespace qm::services::mdm {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

bool exists(const std::string& path) { return std::ifstream(path).good(); }

int positive(const std::string& text, const std::string& field, int max) {
    try {
        std::size_t used = 0;
        const int v = std::stoi(text, &used);
        if (used == text.size() && v > 0 && v <= max) return v;
    } catch (const std::exception&) {
    }
    throw invalid(field, "The setting " + field + " must be a whole number from 1 to " + std::to_string(max) + ".");
}

}  // namespace

std::string defaultSettingsFile() {
    const std::string dir = platform::userConfigDir();
    return dir.empty() ? std::string() : dir + "/mdm.conf";
}

std::optional<MdmSettings> loadSettings(const SettingsOverrides& o) {
    std::string file = o.file.empty() ? env("QM_MDM_SETTINGS") : o.file;
    const bool fileNamed = !file.empty();
    if (file.empty() && exists(defaultSettingsFile())) file = defaultSettingsFile();
    std::map<std::string, std::string> v;
    if (!file.empty()) {
        if (std::string why = unreadableReason(file); !why.empty()) {
            if (fileNamed) throw invalid("mdm-settings", "The settings file " + file + " " + why + ".");
        } else {
            v = readSettingsFile(file, "mdm-settings", true);
        }
    }
    auto pick = [&](const std::string& key, const char* envName, const std::string& flag) {
        if (!flag.empty()) v[key] = flag;
        else if (std::string e = env(envName); !e.empty()) v[key] = e;
    };
    pick("token_url", "QM_MDM_TOKEN_URL", o.tokenUrl);
    pick("graph_url", "QM_MDM_GRAPH_URL", o.graphUrl);
    pick("ca_file", "QM_MDM_CA", o.caFile);
    pick("client_id", "QM_MDM_CLIENT_ID", "");
    pick("client_secret", "QM_MDM_CLIENT_SECRET", "");
    if (v.empty()) return std::nullopt;

    static const char* known[] = {"token_url", "graph_url",     "ca_file",         "client_id", "client_secret",
                                  "scope",     "writes_per_20s", "timeout_seconds", "page_size"};
    for (const auto& [key, value] : v) {
        bool ok = false;
        for (const char* k : known) ok = ok || key == k;
        if (!ok) throw invalid("mdm-settings", "The MDM setting '" + key + "' is not one Quartermaster knows.");
    }
    MdmSettings s;
    s.tokenUrl = v["token_url"];
    s.graphUrl = v["graph_url"];
    while (!s.graphUrl.empty() && s.graphUrl.back() == '/') s.graphUrl.pop_back();
    s.caFile = v["ca_file"];
    s.clientId = v["client_id"];
    s.clientSecret = v["client_secret"];
    if (!v["scope"].empty()) s.scope = v["scope"];
    if (!v["writes_per_20s"].empty()) s.writesPer20s = positive(v["writes_per_20s"], "writes_per_20s", 2000);
    if (!v["timeout_seconds"].empty()) s.timeoutSeconds = positive(v["timeout_seconds"], "timeout_seconds", 600);
    if (!v["page_size"].empty()) s.pageSize = positive(v["page_size"], "page_size", 1000);

    if (s.tokenUrl.empty()) throw invalid("mdm-token-url", "The MDM's token URL is not set (--mdm-token-url or token_url).");
    if (s.graphUrl.empty()) throw invalid("mdm-graph-url", "The MDM's Graph URL is not set (--mdm-graph-url or graph_url).");
    parseHttpsUrl(s.tokenUrl, "mdm-token-url");
    parseHttpsUrl(s.graphUrl, "mdm-graph-url");
    if (s.clientId.empty())
        throw invalid("client_id", "The MDM client id is not set (QM_MDM_CLIENT_ID or client_id in the settings file).");
    if (s.clientSecret.empty())
        throw invalid("client_secret",
                      "The MDM client secret is not set (QM_MDM_CLIENT_SECRET or client_secret in the settings file).");
    if (!s.caFile.empty())
        if (std::string why = unreadableReason(s.caFile); !why.empty())
            throw invalid("mdm-ca", "The MDM CA file " + s.caFile + " " + why + ".");
    return s;
}

}  // namespace qm::services::mdm
