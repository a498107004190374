#include "gui/custody/custody_lists.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_text.hpp"

#include <wx/intl.h>

namespace qm::gui {
namespace {

wxString closedAsText(const std::string& closedAs, const std::string& condition) {
    wxString text;
    if (closedAs == "returned") text = _("Returned");
    else if (closedAs == "swapped") text = _("Swapped");
    else if (closedAs == "lost") text = _("Lost");
    else if (closedAs == "stolen") text = _("Stolen");
    else text = u8(closedAs);
    if (!condition.empty()) text += wxString::Format(_(" (%s)"), wxGetTranslation(u8(condition)));
    return text;
}

}  // namespace

TimelineList::TimelineList(wxWindow* parent, About about, const wxString& name)
    : wxListView(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL), about_(about) {
    AppendColumn(_("When"), wxLIST_FORMAT_LEFT, FromDIP(110));
    AppendColumn(_("What"), wxLIST_FORMAT_LEFT, FromDIP(140));
    AppendColumn(about == About::Device ? _("Person") : _("Device"), wxLIST_FORMAT_LEFT,
                 FromDIP(about == About::Device ? 180 : 110));
    AppendColumn(_("Receipt"), wxLIST_FORMAT_LEFT, FromDIP(110));
    AppendColumn(_("Detail"), wxLIST_FORMAT_LEFT, FromDIP(300));
    AppendColumn(_("By"), wxLIST_FORMAT_LEFT, FromDIP(100));
    a11y::exposeList(this, name);
}

void TimelineList::show(const std::vector<TimelineRow>& rows) {
    Freeze();
    DeleteAllItems();
    long i = 0;
    for (auto it = rows.rbegin(); it != rows.rend(); ++it, ++i) {
        const auto& e = *it;
        InsertItem(i, deskTime(e.at));
        SetItem(i, 1, eventLabel(e.kind));
        if (about_ == About::Device)
            SetItem(i, 2, e.staffNo.empty() ? wxString() : wxString::Format(_("%s (%s)"), u8(e.personName), u8(e.staffNo)));
        else
            SetItem(i, 2, u8(e.assetTag));
        SetItem(i, 3, u8(e.receipt));
        SetItem(i, 4, u8(e.detail));
        SetItem(i, 5, u8(e.actor));
    }
    Thaw();
    a11y::listChanged(this);
}

HoldingsList::HoldingsList(wxWindow* parent, bool withReturn, const wxString& name)
    : wxListView(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL),
      withReturn_(withReturn) {
    AppendColumn(_("Asset tag"), wxLIST_FORMAT_LEFT, FromDIP(110));
    AppendColumn(_("Model"), wxLIST_FORMAT_LEFT, FromDIP(170));
    AppendColumn(_("Issued"), wxLIST_FORMAT_LEFT, FromDIP(120));
    AppendColumn(_("Receipt"), wxLIST_FORMAT_LEFT, FromDIP(110));
    AppendColumn(_("Accessories"), wxLIST_FORMAT_LEFT, FromDIP(130));
    if (withReturn) {
        AppendColumn(_("Returned"), wxLIST_FORMAT_LEFT, FromDIP(120));
        AppendColumn(_("Closed as"), wxLIST_FORMAT_LEFT, FromDIP(130));
    }
    a11y::exposeList(this, name);
}

void HoldingsList::show(const std::vector<CustodyRow>& rows) {
    Freeze();
    DeleteAllItems();
    long i = 0;
    for (const auto& c : rows) {
        InsertItem(i, u8(c.assetTag));
        SetItem(i, 1, u8(c.makeAndModel));
        SetItem(i, 2, deskTime(c.issuedAt));
        SetItem(i, 3, u8(c.issueReceipt));
        wxString accessories;
        for (const auto& a : c.accessories) accessories += (accessories.empty() ? "" : ", ") + u8(a);
        SetItem(i, 4, accessories);
        if (withReturn_) {
            SetItem(i, 5, deskTime(c.returnedAt));
            SetItem(i, 6, c.closedAs.empty() ? wxString() : closedAsText(c.closedAs, c.returnCondition));
        }
        ++i;
    }
    Thaw();
    a11y::listChanged(this);
}

wxString HoldingsList::selectedReceipt() const {
    const long row = GetFirstSelected();
    return row < 0 ? wxString() : GetItemText(row, 3);
}

}  // namespace qm::gui
