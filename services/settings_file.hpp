// Settings files — "name = value" lines, '#' starting a comment line, as the MDM settings
// (services/mdm/settings.hpp) and the receipt settings (services/receipts/receipt_settings.hpp)
// are written. One reader, so both accept and refuse the same things.
#pragma once

#include <map>
#include <string>

namespace qm::services {

// Reads PATH. `field` names the setting in errors ("mdm-settings"); with mustBePrivate the file
// must be its owner's alone (it holds a secret), else it is refused.
std::map<std::string, std::string> readSettingsFile(const std::string& path, const std::string& field,
                                                    bool mustBePrivate);

// "" when this account can open PATH for reading; otherwise why not, to follow the file's name:
// "does not exist", or "cannot be read by this account (...)" when it exists but a permission
// on it or a folder above it says no, as for a service's own user reading a root-only folder.
std::string unreadableReason(const std::string& path);

}  // namespace qm::services
