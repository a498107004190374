#include "gui/custody/custody_text.hpp"

#include "model/dates.hpp"

#include <wx/datetime.h>
#include <wx/intl.h>

#include <ctime>

namespace qm::gui {

wxString personLabel(const Person& p) {
    const wxString name = p.rank.empty() ? u8(p.name) : u8(p.rank) + " " + u8(p.name);
    return wxString::Format(_("%s (%s)"), name, u8(p.staffNo));
}

wxString personLabel(const CustodyRow& c) {
    Person p;
    p.rank = c.rank;
    p.name = c.personName;
    p.staffNo = c.staffNo;
    return personLabel(p);
}

wxString deskTime(const std::string& iso) {
    const auto seconds = parseUtcSeconds(iso);
    if (!seconds) return u8(iso);
    const wxDateTime when(static_cast<time_t>(*seconds));
    if (when.IsSameDate(wxDateTime::Today())) return when.Format("%H:%M");
    return when.Format("%d %b %Y %H:%M");
}

wxString eventLabel(const std::string& kind) {
    if (kind == "issue") return _("Issued");
    if (kind == "return") return _("Returned");
    if (kind == "swap out") return _("Swapped out");
    if (kind == "swap in") return _("Swapped in");
    if (kind == "report lost") return _("Reported lost");
    if (kind == "report stolen") return _("Reported stolen");
    if (kind == "legal hold") return _("Legal hold placed");
    if (kind == "hold released") return _("Legal hold released");
    if (kind == "send to repair") return _("Sent to repair");
    if (kind == "back from repair") return _("Back from repair");
    if (kind == "restock") return _("Restocked");
    if (kind == "retire") return _("Retired");
    if (kind == "recovered") return _("Recovered");
    if (kind == "request wipe") return _("Wipe requested");
    if (kind == "wiped") return _("Wiped");
    wxString text = u8(kind);
    if (!text.empty()) text[0] = wxToupper(text[0]);
    return text;
}

wxString statusText(DeviceStatus status) { return wxGetTranslation(u8(std::string(statusLabel(status)))); }

wxString statusText(const std::string& dbStatus) {
    if (auto status = statusFromString(dbStatus)) return statusText(*status);
    return u8(dbStatus);
}

wxString deviceSummary(const Device& d, const std::optional<CustodyRow>& holder) {
    wxString text = u8(d.makeAndModel()) + ", ";
    if (holder)
        text += wxString::Format(_("issued to %s since %s"), personLabel(*holder), deskTime(holder->issuedAt));
    else
        text += statusText(d.status).Lower();
    if (d.legalHold) text += _(", under LEGAL HOLD");
    return text;
}

}  // namespace qm::gui
