// Custody wording for the console: how a person, a time, a timeline event and a device's state
// read on screen. One place, so the desk, the dialogs, the detail pane and the People view say
// things the same way (and translators see each phrase once).
#pragma once

#include "model/custody.hpp"
#include "model/register.hpp"

#include <wx/string.h>

namespace qm::gui {

inline wxString u8(const std::string& s) { return wxString::FromUTF8(s); }
inline std::string toUtf8(const wxString& s) { return s.ToStdString(wxConvUTF8); }

// "Police Constable Ann O'Brien (210001)"
wxString personLabel(const Person& person);
wxString personLabel(const CustodyRow& custody);
// An ISO 8601 UTC time from the register ("2026-03-14T10:42:00Z") in the desk's local time:
// "10:42" today, "14 Mar 2026 10:42" otherwise; "" for "".
wxString deskTime(const std::string& isoUtc);
// "Issued", "Returned", "Swapped out", "Reported lost", ... for a timeline kind.
wxString eventLabel(const std::string& kind);
// "In stock", "In repair", ... translated.
wxString statusText(DeviceStatus status);
wxString statusText(const std::string& dbStatus);
// "Samsung Galaxy A54 5G, in stock" / "..., issued to Police Constable Ann O'Brien (210001)".
wxString deviceSummary(const Device& device, const std::optional<CustodyRow>& holder);

}  // namespace qm::gui
