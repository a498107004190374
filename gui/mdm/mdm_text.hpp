// MDM wording for the console: how an MDM command's action and state, a drift kind, a
// compliance state and a check-in time read on screen. The register stores these in English
// words of its own ("awaiting_approval", "remote_lock"); here they become translated phrases,
// in one place, so the detail pane and the MDM views say things the same way.
#pragma once

#include <wx/string.h>

#include <ctime>
#include <optional>
#include <string>

namespace qm::gui {

// "Wipe", "Retire", "Remote lock", "Sync".
wxString actionText(const std::string& action);
// "Awaiting approval", "Held", "Queued", ...
wxString stateText(const std::string& state);
// The state choice of the Commands view: "" (all) then each of services::mdm::states().
wxString stateFilterText(const std::string& state);
// "In the MDM, not in the register", ...
wxString driftKindText(const std::string& kind);
// "Compliant", "Not compliant", ...; unknown words as the MDM gave them.
wxString complianceText(const std::string& compliance);

// Seconds since the epoch of an ISO 8601 UTC time from the register; nullopt for "" or junk.
std::optional<std::time_t> parseUtc(const std::string& isoUtc);
// "today", "yesterday", "12 days ago" (in the desk's local days).
wxString daysAgo(const std::string& isoUtc);
// How long ago, short, for a list column: "4 min", "3 h", "12 days".
wxString ageText(const std::string& isoUtc);

}  // namespace qm::gui
