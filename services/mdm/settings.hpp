// MDM settings — where the MDM is and how to sign in to it. Read from a settings file (which
// must be private to its owner: mode 0600, refused otherwise), then the environment, then
// command-line flags, each overriding the one before. The client secret comes only from the
// file or QM_MDM_CLIENT_SECRET, never a flag (flags show in the process list). Used by qmctl
// (mdm, agent) and the console's background worker.
#pragma once

#include <optional>
#include <string>

namespace qm::services::mdm {

struct MdmSettings {
    std::string tokenUrl;   // https://login.microsoftonline.com/TENANT/oauth2/v2.0/token
    std::string graphUrl;   // https://graph.microsoft.com/v1.0
    std::string caFile;     // extra CA to trust (a private CA, the simulator's)
    std::string clientId, clientSecret;
    std::string scope = "https://graph.microsoft.com/.default";
    int writesPer20s = 180;          // the tenant allows 200; leave room for the portal
    double timeoutSeconds = 30;      // for any one request
    int pageSize = 1000;             // $top for the inventory
    int maxRetries = 6;              // for reads
    double maxRetryWaitSeconds = 120; // in total, for one read
};

struct SettingsOverrides {
    std::string file;  // --mdm-settings (else QM_MDM_SETTINGS, else the per-user default if present)
    std::string tokenUrl, graphUrl, caFile;  // --mdm-token-url, --mdm-graph-url, --mdm-ca
};

// nullopt when nothing configures an MDM (no file, no environment, no flags); an Error naming
// the setting when something is configured but incomplete or unsafe.
std::optional<MdmSettings> loadSettings(const SettingsOverrides& overrides);

// The settings file's default place for this user ("" if there is none).
std::string defaultSettingsFile();

}  // namespace qm::services::mdm
