#include "gui/mdm/mdm_text.hpp"

#include "model/dates.hpp"

#include "gui/custody/custody_text.hpp"

#include <wx/datetime.h>
#include <wx/intl.h>

#include <algorithm>

namespace qm::gui {

wxString actionText(const std::string& action) {
    if (action == "wipe") return _("Wipe");
    if (action == "retire") return _("Retire");
    if (action == "remote_lock") return _("Remote lock");
    if (action == "sync") return _("Sync");
    return u8(action);
}

wxString stateText(const std::string& state) {
    if (state == "awaiting_approval") return _("Awaiting approval");
    if (state == "held") return _("Held");
    if (state == "queued") return _("Queued");
    if (state == "sent") return _("Sent");
    if (state == "done") return _("Done");
    if (state == "failed") return _("Failed");
    if (state == "needs_attention") return _("Needs attention");
    if (state == "rejected") return _("Rejected");
    if (state == "cancelled") return _("Cancelled");
    return u8(state);
}

wxString stateFilterText(const std::string& state) { return state.empty() ? _("All") : stateText(state); }

wxString driftKindText(const std::string& kind) {
    // The same words as services::mdm::driftKindWords(), which qmctl prints untranslated.
    if (kind == "not_in_register") return _("In the MDM, not in the register");
    if (kind == "missing_from_mdm") return _("Issued, not in the MDM");
    if (kind == "serial_mismatch") return _("Serial differs");
    if (kind == "imei_mismatch") return _("IMEI differs");
    if (kind == "user_mismatch") return _("MDM user is not the holder");
    if (kind == "checked_in_while_lost") return _("Checked in while lost");
    if (kind == "checked_in_while_stolen") return _("Checked in while stolen");
    if (kind == "checked_in_while_in_stock") return _("Checked in while in stock");
    if (kind == "no_check_in") return _("No recent check-in");
    return u8(kind);
}

wxString complianceText(const std::string& compliance) {
    if (compliance == "compliant") return _("Compliant");
    if (compliance == "noncompliant") return _("Not compliant");
    if (compliance == "inGracePeriod") return _("In grace period");
    if (compliance == "unknown" || compliance.empty()) return _("Unknown");
    if (compliance == "error") return _("Error");
    if (compliance == "conflict") return _("Conflict");
    return u8(compliance);
}

std::optional<std::time_t> parseUtc(const std::string& iso) {
    const auto seconds = parseUtcSeconds(iso);
    if (!seconds) return std::nullopt;
    return static_cast<std::time_t>(*seconds);
}

wxString daysAgo(const std::string& iso) {
    const auto at = parseUtc(iso);
    if (!at) return {};
    const wxDateTime then = wxDateTime(*at).GetDateOnly();
    const int days = (wxDateTime::Today() - then).GetDays();
    if (days <= 0) return _("today");
    if (days == 1) return _("yesterday");
    return wxString::Format(wxPLURAL("%d day ago", "%d days ago", days), days);
}

wxString ageText(const std::string& iso) {
    const auto at = parseUtc(iso);
    if (!at) return {};
    const long long seconds = std::max<long long>(0, static_cast<long long>(std::time(nullptr) - *at));
    if (seconds < 60) return _("just now");
    if (seconds < 3600) {
        const int n = static_cast<int>(seconds / 60);
        return wxString::Format(wxPLURAL("%d min", "%d min", n), n);
    }
    if (seconds < 48 * 3600) {
        const int n = static_cast<int>(seconds / 3600);
        return wxString::Format(wxPLURAL("%d h", "%d h", n), n);
    }
    const int n = static_cast<int>(seconds / 86400);
    return wxString::Format(wxPLURAL("%d day", "%d days", n), n);
}

}  // namespace qm::gui
