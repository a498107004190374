#include "gui/mdm/command_list.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_text.hpp"
#include "gui/mdm/mdm_text.hpp"

#include <wx/intl.h>

namespace qm::gui {
namespace {

using C = CommandList::Column;

wxString title(C c) {
    switch (c) {
    case C::Id: return _("Command");
    case C::Device: return _("Device");
    case C::Action: return _("Action");
    case C::State: return _("State");
    case C::RequestedBy: return _("Requested by");
    case C::ApprovedBy: return _("Decided by");
    case C::When: return _("Requested");
    case C::Age: return _("Age");
    case C::Reason: return _("Reason");
    case C::Outcome: return _("Outcome");
    }
    return {};
}

int width(C c) {
    switch (c) {
    case C::Id: return 80;
    case C::Device: return 110;
    case C::Action: return 100;
    case C::State: return 130;
    case C::RequestedBy: case C::ApprovedBy: return 120;
    case C::When: return 130;
    case C::Age: return 70;
    case C::Reason: return 260;
    case C::Outcome: return 280;
    }
    return 100;
}

}  // namespace

CommandList::CommandList(wxWindow* parent, std::vector<Column> columns, const wxString& name)
    : wxListView(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL),
      columns_(std::move(columns)) {
    for (Column c : columns_) AppendColumn(title(c), wxLIST_FORMAT_LEFT, FromDIP(width(c)));
    a11y::exposeList(this, name);
    SetItemCount(0);
}

void CommandList::show(std::vector<CommandRow> rows) {
    // Keep the selection on the same command across a refresh.
    const CommandRow* was = selected();
    const long long keep = was ? was->id : 0;
    rows_ = std::move(rows);
    for (long i = GetFirstSelected(); i >= 0; i = GetNextSelected(i)) Select(i, false);
    SetItemCount(static_cast<long>(rows_.size()));
    if (keep) select(keep);
    Refresh();
    a11y::listChanged(this);
}

const CommandRow* CommandList::selected() const {
    const long i = GetFirstSelected();
    return i >= 0 && i < static_cast<long>(rows_.size()) ? &rows_[static_cast<size_t>(i)] : nullptr;
}

void CommandList::select(long long id) {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == id) {
            Select(static_cast<long>(i));
            Focus(static_cast<long>(i));
            return;
        }
}

wxString CommandList::OnGetItemText(long item, long column) const {
    if (item < 0 || item >= static_cast<long>(rows_.size()) || column < 0 ||
        column >= static_cast<long>(columns_.size()))
        return {};
    const CommandRow& r = rows_[static_cast<size_t>(item)];
    switch (columns_[static_cast<size_t>(column)]) {
    case C::Id: return wxString::Format("%lld", r.id);
    case C::Device: return u8(r.assetTag);
    case C::Action: return actionText(r.action);
    case C::State: return stateText(r.state);
    case C::RequestedBy: return u8(r.requestedBy);
    case C::ApprovedBy: return u8(r.approvedBy);
    case C::When: return deskTime(r.requestedAt);
    case C::Age: return ageText(r.requestedAt);
    case C::Reason: return u8(r.reason);
    case C::Outcome: return u8(r.outcome.empty() ? r.decisionNote : r.outcome);
    }
    return {};
}

}  // namespace qm::gui
