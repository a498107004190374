// Files that hold secrets, and where per-user settings live. POSIX checks the file's mode;
// on Windows (issue 12) the per-user folder's ACL does the job and %APPDATA% is the place.
#pragma once

#include <string>

namespace qm::platform {

// "" when `path` is a regular file only its owner may read or write; otherwise a sentence
// saying what is wrong ("... is readable by others (mode 0644); run chmod 600 ...").
std::string privateFileProblem(const std::string& path);

// The folder for this user's Quartermaster settings (~/.config/quartermaster), "" if unknown.
std::string userConfigDir();

}  // namespace qm::platform
