// Files that hold secrets, and where per-user settings live. POSIX checks the file's mode;
// on Windows (issue 12) the per-user folder's ACL does the job and %APPDATA% is the place.
// Used by the MDM settings, the console's profiles and the simulator's keys.
#pragma once

#include <string>

namespace qm::platform {

// "" when `path` is a regular file only its owner may read or write; otherwise a sentence
// saying what is wrong ("... is readable by others (mode 0644); run chmod 600 ...").
std::string privateFileProblem(const std::string& path);

// The folder for this user's Quartermaster settings (~/.config/quartermaster), "" if unknown.
std::string userConfigDir();

// Writes `data` beside `path` and renames it over `path`, so a reader never sees half a file.
// With `ownerOnly` the new file is created for its owner alone (POSIX mode 0600 from the start;
// on Windows the folder's ACL decides). Throws std::runtime_error naming the file.
void replaceFile(const std::string& path, const std::string& data, bool ownerOnly);

}  // namespace qm::platform
